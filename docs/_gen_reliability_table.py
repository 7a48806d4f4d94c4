"""Regenerate the table of bad inputs in docs/reliability.md from tests/test_bad_input.py.

Run from anywhere: ``python docs/_gen_reliability_table.py``. It runs every
row of ``BAD_INPUTS`` (each in a fresh temporary folder), and writes one table
line per row -- surface, input, the exception type the test requires, and the
message actually raised (the temporary folder shown as ``<tmp>``) -- between
the ``bad-input-table`` markers of docs/reliability.md. The rest of the page
is left as it is. ``tests/test_bad_input.py::test_reliability_table_is_current``
fails when a row is missing from the page or the page lists a row the tests
no longer have.
"""

import importlib.util
import sys
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "reliability.md"
START, END = "<!-- bad-input-table:start -->", "<!-- bad-input-table:end -->"
MAX_MESSAGE = 170


def load_table():
    spec = importlib.util.spec_from_file_location(
        "test_bad_input", ROOT / "tests" / "test_bad_input.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cell(text):
    text = " ".join(str(text).split()).replace("|", "\\|")
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def render(module):
    lines = [
        f"{len(module.BAD_INPUTS)} inputs, one row each of `tests/test_bad_input.py` "
        "(regenerate with `python docs/_gen_reliability_table.py`).",
        "",
        "| surface | input | raises | message |",
        "| --- | --- | --- | --- |",
    ]
    for case in module.BAD_INPUTS:
        with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exc = module.run_row(case, tmp)
            message = "(no error)" if exc is None else str(exc).replace(tmp, "<tmp>")
        raised = "(nothing)" if exc is None else type(exc).__name__
        if exc is not None and type(exc) is not case.error:
            raised += f" (test expects {case.error.__name__})"
        lines.append(
            f"| `{cell(case.surface)}` <!-- row: {case.id} --> | {cell(case.input)} | "
            f"`{raised}` | {cell(message)} |"
        )
    return "\n".join(lines)


def main():
    page = PAGE.read_text(encoding="utf-8")
    if START not in page or END not in page:
        sys.exit(f"{PAGE} lacks the markers {START} ... {END}")
    head, rest = page.split(START, 1)
    _, tail = rest.split(END, 1)
    table = render(load_table())
    new = f"{head}{START}\n{table}\n{END}{tail}"
    tmp = PAGE.with_name(PAGE.name + ".tmp")
    tmp.write_text(new, encoding="utf-8")
    tmp.replace(PAGE)  # atomic, as the library's own writes are
    print(f"wrote {PAGE} ({table.count(chr(10)) - 3} rows)")


if __name__ == "__main__":
    main()
