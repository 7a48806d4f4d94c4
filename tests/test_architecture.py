"""The package's shape, checked mechanically (docs/architecture.md has the picture).

Every module of ``skw2v`` is parsed with :mod:`ast` (nothing is imported), and
its imports are resolved to modules:

- no import cycle between modules, counting the package ``__init__`` an import
  from another package runs;
- each package imports only from the layers below it (and the few same-layer
  edges listed in ``SAME_LAYER``);
- ``skw2v/kernels/`` imports nothing from scikit-learn (nor from skw2v outside
  the kernels): kernels are numba functions over arrays;
- a function-level import is an optional dependency, or listed in
  ``LOCAL_IMPORTS`` with the reason it cannot be at the top;
- no module is over ``MAX_LINES`` lines.
"""

import ast
import sys
from collections import defaultdict
from pathlib import Path

import pytest

import skw2v

ROOT = Path(skw2v.__file__).resolve().parent
MAX_LINES = 600

# Bottom to top. A group is a subpackage or a top-level private module of skw2v
# (its name after "skw2v."); "skw2v" is the package __init__ itself.
LAYERS = [
    {"kernels"},
    {"_threads", "_words", "_warnings", "_validation", "_sparse"},
    {"datasets", "io", "_vectors"},
    {"linalg", "_linalg", "statistics"},
    {"estimators"},
    {"_inputs"},
    {"documents", "scorers", "analysis", "model_selection", "dynamics"},
    {"skw2v", "__main__", "_cli", "cli"},
]
# Imports allowed between two groups of the same layer (importer, imported).
SAME_LAYER = {
    ("_vectors", "io"),             # WordVectors reads and writes through the one format code
    ("_validation", "_words"),
    ("_linalg", "linalg"),          # the old path re-exports the new one
    ("statistics", "linalg"),       # M*'s operator multiplies through SparseBlockProduct
    ("scorers", "analysis"),        # make_snr_scorer is built on the task-vector SNR
    ("model_selection", "scorers"),   # scoring= names and scorer objects
    ("model_selection", "analysis"),
    ("skw2v", "_cli"), ("_cli", "skw2v"), ("cli", "skw2v"), ("skw2v", "cli"),
    ("_cli", "cli"), ("cli", "_cli"), ("__main__", "cli"),   # python -m skw2v
}
# Dependencies skw2v only imports where they are used (extras; see pyproject.toml).
OPTIONAL = {"tqdm", "matplotlib", "pandas", "dask", "gensim"}
# (module, imported module) -> why the import is inside a function.
LOCAL_IMPORTS = {}
# Open violations owned by other work in progress (issue 13); each entry must
# still be a violation, so the list only shrinks.
KNOWN_LOCAL_IMPORTS = {}


def _module_name(path):
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))
           if "__pycache__" not in p.parts}


def _is_package(name):
    return MODULES[name].name == "__init__.py"


def _targets(importer, node):
    """Modules an import statement names (skw2v modules resolved, others as given)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = importer if _is_package(importer) else importer.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{base}" if base else package
    out = []
    for alias in node.names:  # "from pkg import sub" imports the submodule pkg.sub
        sub = f"{base}.{alias.name}"
        out.append(sub if sub in MODULES else base)
    return out


def _imports(name):
    """(module-level, function-level) lists of (line, imported module)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"), str(MODULES[name]))
    top, local = [], []

    def walk(node, in_function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                for target in _targets(name, child):
                    (local if in_function else top).append((child.lineno, target))
            walk(child, in_function or isinstance(
                child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    walk(tree, False)
    return top, local


IMPORTS = {name: _imports(name) for name in MODULES}


def _group(name):
    return name.split(".")[1] if "." in name else "skw2v"


def _layer(group):
    for rank, layer in enumerate(LAYERS):
        if group in layer:
            return rank
    raise AssertionError(
        f"{group!r} is in no layer of tests/test_architecture.py: add it to LAYERS "
        "(and to the picture in docs/architecture.md)."
    )


def _ancestors(name):
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts))}


def import_graph():
    """Module -> set of skw2v modules its module-level imports run.

    Importing ``skw2v.a.b`` from outside ``skw2v.a`` first runs
    ``skw2v/a/__init__.py``, so that is an edge too; inside ``skw2v.a`` the
    package is already being imported and is not.
    """
    graph = defaultdict(set)
    for name, (top, _) in IMPORTS.items():
        for _, target in top:
            if target not in MODULES:
                continue
            graph[name].add(target)
            for package in _ancestors(target) - _ancestors(name) - {name}:
                graph[name].add(package)
        graph[name].discard(name)
    return graph


def strongly_connected(graph):
    """Components of more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, out = {}, {}, set(), [], []
    counter = 0
    for root in sorted(MODULES):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(sorted(component))
    return out


def test_the_checks_see_the_package():
    # the parser finds the modules and their imports (so the checks below can fail)
    assert {"skw2v.kernels.sgns", "skw2v.scorers._snr", "skw2v.analysis._spectrum"} <= set(
        MODULES)
    graph = import_graph()
    assert "skw2v.analysis" in graph["skw2v.scorers._snr"]
    assert "skw2v.analysis._marchenko_pastur" in graph["skw2v.analysis._spectrum"]
    assert "skw2v.analysis" not in graph["skw2v.analysis._projection"]  # own package
    cyclic = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    saved = dict(MODULES)
    try:
        MODULES.clear()
        MODULES.update(dict.fromkeys("abcd"))
        assert strongly_connected(defaultdict(set, cyclic)) == [["a", "b", "c"]]
    finally:
        MODULES.clear()
        MODULES.update(saved)


def test_no_import_cycle():
    cycles = strongly_connected(import_graph())
    assert not cycles, f"Modules that import each other (directly or not): {cycles}"


def test_layers():
    wrong = []
    for name, (top, _) in IMPORTS.items():
        src = _group(name)
        for line, target in top:
            if target not in MODULES or _group(target) == src:
                continue
            dst = _group(target)
            if _layer(dst) > _layer(src) or (
                    _layer(dst) == _layer(src) and (src, dst) not in SAME_LAYER):
                wrong.append(f"{MODULES[name].relative_to(ROOT.parent)}:{line} imports {target}")
    assert not wrong, "Imports against the layers of docs/architecture.md:\n" + "\n".join(wrong)


def test_kernels_import_only_numba_numpy_and_kernels():
    allowed = {"numba", "numpy", "math"}
    wrong = []
    for name, (top, local) in IMPORTS.items():
        if not name.startswith("skw2v.kernels"):
            continue
        for line, target in top + local:
            root = target.split(".")[0]
            if root == "sklearn" or (root == "skw2v" and not target.startswith("skw2v.kernels")) \
                    or (root != "skw2v" and root not in allowed
                        and root not in sys.stdlib_module_names):
                wrong.append(f"{MODULES[name].relative_to(ROOT.parent)}:{line} imports {target}")
    assert not wrong, "Kernels are numba functions over arrays:\n" + "\n".join(wrong)


def test_function_level_imports_are_needed():
    found, wrong = set(), []
    for name, (_, local) in IMPORTS.items():
        for line, target in local:
            if target.split(".")[0] in OPTIONAL or (name, target) in LOCAL_IMPORTS:
                continue
            found.add((name, target))
            if (name, target) not in KNOWN_LOCAL_IMPORTS:
                wrong.append(f"{MODULES[name].relative_to(ROOT.parent)}:{line} imports {target}")
    assert not wrong, (
        "Function-level imports of required modules hide the dependency graph; move them to "
        "the top (or, for an optional dependency or a cycle that cannot be broken, list "
        "them with the reason):\n" + "\n".join(wrong))
    fixed = sorted(set(KNOWN_LOCAL_IMPORTS) - found)
    assert not fixed, f"Fixed: remove {fixed} from KNOWN_LOCAL_IMPORTS."


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_size(name):
    n = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, (
        f"{MODULES[name].relative_to(ROOT.parent)} has {n} lines (> {MAX_LINES}): split it "
        "by concept."
    )
