"""The ``skw2v`` command: each command in a subprocess on the bundled sample, its outputs
read by gensim, and user errors reported on one line with exit status 2."""

import gzip
import json
import os
import subprocess
import sys
from functools import partial

import numpy as np
import pytest

from skw2v import WordVectors, _cli
from skw2v.cli import _train, main
from skw2v.datasets import sample_corpus_path
from skw2v.io import _word2vec_format
from skw2v.scorers import analogy_accuracy

gensim = pytest.importorskip("gensim")

SMALL = ["--vocab", "1000", "--dim", "20", "--threads", "1", "--seed", "0", "-q"]
# output name, extra train arguments, how gensim reads it
OUTPUTS = {
    "qwem": ("qwem.txt", [], {}),
    "sgns": ("sgns.bin", ["--model", "sgns", "--epochs", "1", "--binary"], {"binary": True}),
    "ppmi": ("ppmi.txt.gz", ["--model", "ppmi", "--no-header"], {"no_header": True}),
}
# analogy accuracy of each on the 117 questions within the 1,000 words (measured 0.40,
# 0.25, 0.30 with these settings)
MIN_ACCURACY = {"qwem": 0.37, "sgns": 0.22, "ppmi": 0.27}
# Spearman of the three (deterministic): WordSim-353 0.374 / 0.379 / 0.414, SimLex-999
# 0.128 / 0.111 / 0.108 (qwem / sgns / ppmi)
MIN_SPEARMAN = {"wordsim353": 0.34, "simlex999": 0.09}


def skw2v(*args, cwd=None):
    """Run ``python -m skw2v.cli ARGS``; (exit status, stdout, stderr)."""
    proc = subprocess.run([sys.executable, "-m", "skw2v.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=600)
    return proc.returncode, proc.stdout, proc.stderr


def in_process(capsys, *args):
    """``main(ARGS)`` in this process (no interpreter start-up); same return as skw2v()."""
    try:
        code = main([str(a) for a in args])
    except SystemExit as e:  # argparse's own errors
        code = e.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    out = {}
    for model, (name, extra, _) in OUTPUTS.items():
        code, stdout, stderr = skw2v("train", sample_corpus_path(), "-o", folder / name,
                                     *SMALL, *extra)
        assert code == 0, stderr
        assert stdout == "" and "Traceback" not in stderr
        out[model] = folder / name
    return out


@pytest.mark.slow
@pytest.mark.parametrize("model", sorted(OUTPUTS))
def test_gensim_reads_every_output(trained, model):
    path = trained[model]
    kv = gensim.models.KeyedVectors.load_word2vec_format(str(path), **OUTPUTS[model][2])
    wv = WordVectors.load_word2vec_format(path, **OUTPUTS[model][2])
    assert len(wv) == 1000 and wv.vector_size == 20
    assert kv.index_to_key == wv.index_to_key
    assert kv.vectors.tobytes() == wv.vectors.tobytes()
    if path.name.endswith(".gz"):
        with gzip.open(path, "rb") as f:
            assert not f.readline().startswith(b"1000 20")  # GloVe: no header
    # the file is what WordVectors writes for these vectors, byte for byte
    again = path.with_name("again" + "".join(path.suffixes))
    kwargs = {"binary": OUTPUTS[model][2].get("binary", False),
              "write_header": not OUTPUTS[model][2].get("no_header", False)}
    wv.save_word2vec_format(again, **kwargs)
    if again.suffix == ".gz":
        assert gzip.decompress(again.read_bytes()) == gzip.decompress(path.read_bytes())
    else:
        assert again.read_bytes() == path.read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("model", sorted(OUTPUTS))
def test_evaluate(trained, model, capsys):
    # one in a subprocess, the others in this process (each start-up costs seconds)
    run = skw2v if model == "qwem" else partial(in_process, capsys)
    code, stdout, stderr = run("evaluate", trained[model], "--restrict-vocab", "1000",
                               "--json", "-q")
    assert code == 0, stderr
    result = json.loads(stdout)
    google = result["analogies"]["google"]
    assert google["n_questions"] == 117 and google["method"] == "3cosadd"
    assert google["accuracy"] >= MIN_ACCURACY[model]
    assert sum(s["n_questions"] for s in google["sections"].values()) == 117
    for name in ("wordsim353", "simlex999"):
        assert result["similarity"][name]["spearman"] > MIN_SPEARMAN[name]
    # the same figures through the library
    wv = WordVectors.load_word2vec_format(trained[model], **OUTPUTS[model][2])
    assert google["accuracy"] == analogy_accuracy(wv, restrict_vocab=1000).accuracy


@pytest.mark.slow
def test_evaluate_text_cosmul_sections_and_own_files(trained, tmp_path):
    questions = tmp_path / "q.txt"
    questions.write_text(": mine\nhe she his her\nparis france london england\n")
    pairs = tmp_path / "p.tsv"
    pairs.write_text("# mine\nking\tman\t7\nking\tparis\t2\nfrance\tgermany\t7\n")
    code, stdout, stderr = skw2v("evaluate", trained["qwem"], "--analogies", questions,
                                 "--analogies", "google", "--pairs", pairs, "--cosmul",
                                 "--sections")
    assert code == 0, stderr
    lines = stdout.splitlines()
    assert lines[0].startswith(f"{questions} analogies (3CosMul): accuracy")
    assert lines[1].lstrip().startswith("mine")
    assert any(line.lstrip().startswith("capital-common-countries") for line in lines)
    assert any(line.startswith("p.tsv: Spearman") for line in lines)
    assert "read " in stderr and "word2vec text" in stderr  # progress names the format


@pytest.mark.slow
def test_neighbors(trained, capsys):
    wv = WordVectors.load_word2vec_format(trained["qwem"])
    code, stdout, stderr = skw2v("neighbors", trained["qwem"], "king", "paris", "--topn", "4",
                                 "--json", "-q")
    assert code == 0, stderr
    result = json.loads(stdout)
    for word in ("king", "paris"):
        expected = wv.most_similar(word, topn=4)
        assert [(r["word"], pytest.approx(r["score"], abs=1e-6)) for r in result[word]] == \
            [(w, pytest.approx(s, abs=1e-6)) for w, s in expected]
    code, stdout, _ = in_process(capsys, "neighbors", trained["qwem"], "--positive", "king",
                                 "women", "--negative", "men", "-n", "3", "-q")
    assert code == 0
    lines = stdout.splitlines()
    assert lines[0] == "king + women - men:" and len(lines) == 4
    expected = wv.most_similar(positive=["king", "women"], negative=["men"], topn=3)
    assert [line.split()[1] for line in lines[1:]] == [w for w, _ in expected]


def _assert_user_error(code, stdout, stderr, *words):
    assert code == 2, (stdout, stderr)
    assert "Traceback" not in stderr and stdout == ""
    # progress lines may come first; the error is one line, the last
    lines = stderr.strip().splitlines()
    assert lines[-1].startswith("skw2v: error: "), stderr
    assert sum(line.startswith("skw2v: error") for line in lines) == 1, stderr
    for w in words:
        assert w in lines[-1], (w, lines[-1])


@pytest.fixture
def tiny(tmp_path):
    """A 60-word corpus: 13 words seen at least 5 times."""
    path = tmp_path / "tiny.txt"
    path.write_text("the cat sat on the mat and the dog sat on the log\n" * 5)
    return path


@pytest.mark.slow
def test_user_errors_in_subprocesses(tmp_path, tiny):
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(b"\x00\x01 not vectors\n")
    vectors = tmp_path / "v.txt"
    WordVectors(["king", "queen"], [[1.0, 0.0], [0.5, 0.5]]).save_word2vec_format(vectors)
    # one long document: pairs survive the demo's subsampling (1e-4) of 8 frequent words
    long_tiny = tmp_path / "long.txt"
    long_tiny.write_text("the cat sat on the mat and the dog sat on the log " * 2000 + "\n")
    cases = [
        (("train", tmp_path / "missing.txt", "-o", tmp_path / "x.txt"), ["missing.txt",
                                                                         "does not exist"]),
        (("train", tiny, "-o", tmp_path / "x.txt", "--dim", "-3"), ["--dim", "'-3'"]),
        (("evaluate", garbage), ["garbage.bin", "not a word2vec or GloVe file"]),
        (("neighbors", vectors, "king", "prince"), ["not in vocabulary", "'prince'"]),
        (("demo", "--corpus", long_tiny, "--no-sgns"), ["--dim 100", "only 8"]),
    ]
    for args, words in cases:
        code, stdout, stderr = skw2v(*args)
        if args[0] == "demo" and code == 2:
            stdout = ""  # the demo prints its progress on stdout before failing
        _assert_user_error(code, stdout, stderr, *words)
    assert not (tmp_path / "x.txt").exists()


@pytest.mark.parametrize("args, words", [
    (["train", "{tiny}", "-o", "{out}", "--epochs", "2"], ["--epochs applies to --model sgns"]),
    (["train", "{tiny}", "-o", "{out}", "--model", "sgns", "--weighting", "uniform"],
     ["--weighting applies to --model qwem and ppmi"]),
    (["train", "{tiny}", "-o", "{out}", "--model", "ppmi", "--refine", "5"],
     ["--refine applies to --model qwem"]),
    (["train", "{tiny}", "-o", "{out}", "--refine", "-1"], ["--refine", "whole number >= 0"]),
    (["train", "{tiny}", "-o", "{out}", "--sample", "1.5"], ["--sample", "[0, 1]"]),
    (["train", "{tiny}", "-o", "{out}", "--threads", "0"], ["--threads", "0 threads"]),
    (["train", "{tiny}", "-o", "{out}", "--sample", "0", "--min-count", "1", "--dim", "20"],
     ["--dim 20", "only 8", "lower --dim"]),
    (["train", "{tiny}", "-o", "{out}", "--binary", "--no-header"], ["not allowed with"]),
    (["train", "{tiny}", "-o", "{tmp}"], ["is a directory"]),
    (["train", "{tiny}", "-o", "{tmp}/no/x.txt"], ["folder", "does not exist"]),
    (["demo", "--corpus", "{tmp}/none.txt"], ["none.txt", "does not exist"]),
    (["train", "{tmp}", "-o", "{out}"], ["corpus", "is a directory"]),
    (["evaluate", "{vectors}", "--restrict-vocab", "0"], ["--restrict-vocab", ">= 1", "'0'"]),
    (["evaluate", "{vectors}", "--pairs", "{tmp}/none.tsv"], ["none.tsv", "does not exist"]),
    (["evaluate", "{vectors}", "--analogies", "{latin1}"], ["latin1.txt", "not UTF-8"]),
    (["evaluate", "{vectors}", "--format", "binary"], ["looks like word2vec text"]),
    (["evaluate", "{vectors}", "--no-header"], ["looks like word2vec text", "GloVe"]),
    (["evaluate", "{vectors}", "--binary", "--format", "text"], ["not allowed with"]),
    (["neighbors", "{vectors}"], ["give words"]),
    (["neighbors", "{vectors}", "--positive", "king", "--negative", "duke", "earl"],
     ["'duke', 'earl'"]),
    (["neighbors", "{vectors}", "king", "--topn", "many"], ["--topn", "'many'"]),
    (["neighbors", "{truncated}", "king"], ["truncated.txt", "header is wrong"]),
    (["neighbors", "{huge}", "king"], ["huge.txt.gz", "PiB", "limit"]),
    (["train", "{truncated_gz}", "-o", "{out}"], ["truncated.gz", "truncated"]),
    (["documents", "{tiny}", "-o", "{out}"], ["must end with .npy"]),
    (["documents", "{tmp}/none.txt", "-o", "{tmp}/x.npy"], ["documents file", "none.txt"]),
    (["documents", "{tiny}", "--fit", "{tmp}/none.txt", "-o", "{tmp}/x.npy"],
     ["fit documents file", "does not exist"]),
    (["documents", "{tiny}", "--vectors", "{vectors}", "--dim", "5", "-o", "{tmp}/x.npy"],
     ["--dim", "drop one"]),
    (["documents", "{tiny}", "--pooling", "median", "-o", "{tmp}/x.npy"],
     ["invalid choice: 'median'"]),
    (["bogus"], ["invalid choice: 'bogus'"]),
])
def test_user_errors(tmp_path, tiny, capsys, args, words):
    vectors = tmp_path / "v.txt"
    WordVectors(["king", "queen"], [[1.0, 0.25, 0.0], [0.5, 0.5, 0.125]]).save_word2vec_format(
        vectors)
    (tmp_path / "latin1.txt").write_bytes(b": s\nk\xe9 q m w\n")
    (tmp_path / "truncated.txt").write_bytes(b"1000 2\nking 1.0 2.0\n")
    with gzip.open(tmp_path / "huge.txt.gz", "wb") as f:
        f.write(b"1000000000000 300\nking 1 2\n")
    text = gzip.compress(b"the cat sat on the mat\n" * 2000)
    (tmp_path / "truncated.gz").write_bytes(text[: len(text) // 2])
    args = [a.format(tiny=tiny, out=tmp_path / "out.txt", tmp=tmp_path, vectors=vectors,
                     latin1=tmp_path / "latin1.txt", truncated=tmp_path / "truncated.txt",
                     huge=tmp_path / "huge.txt.gz", truncated_gz=tmp_path / "truncated.gz")
            for a in args]
    _assert_user_error(*in_process(capsys, *args), *words)
    assert not (tmp_path / "out.txt").exists()


def _small_corpus(tmp_path):
    path = tmp_path / "small.txt"
    with gzip.open(sample_corpus_path(), "rt") as f:
        path.write_text("".join(next(f) for _ in range(40)))
    return path


def test_interrupted_write_keeps_the_old_output(tmp_path, monkeypatch, capsys):
    corpus = _small_corpus(tmp_path)
    out = tmp_path / "out.txt"
    out.write_text("previous vectors\n")
    calls = []

    def interrupted(words, rows):
        calls.append(1)
        raise KeyboardInterrupt

    monkeypatch.setattr(_word2vec_format, "_text_block", interrupted)
    code = main(["train", str(corpus), "-o", str(out), "--vocab", "300", "--dim", "5",
                 "--sample", "0", "--threads", "1", "-q"])
    assert calls and code == 130
    assert "interrupted" in capsys.readouterr().err
    assert out.read_text() == "previous vectors\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt", "small.txt"]


def test_sgns_stopped_by_ctrl_c_writes_nothing(tmp_path, monkeypatch, capsys):
    # SGNSEmbedding keeps the model trained so far on Ctrl-C (interrupted_ = True);
    # the command treats that as an interrupted run
    class Interrupted(_train.SGNSEmbedding):
        def fit(self, X, y=None):
            self.interrupted_ = True
            return self

    monkeypatch.setattr(_train, "SGNSEmbedding", Interrupted)
    corpus = _small_corpus(tmp_path)
    code = main(["train", str(corpus), "-o", str(tmp_path / "v.txt"), "--model", "sgns", "-q"])
    assert code == 130 and "interrupted; nothing was written" in capsys.readouterr().err
    assert not (tmp_path / "v.txt").exists()


def test_train_progress_on_stderr(tmp_path, capsys):
    corpus = _small_corpus(tmp_path)
    out = tmp_path / "v.txt"
    code = main(["train", str(corpus), "-o", str(out), "--vocab", "300", "--dim", "5",
                 "--threads", "1"])
    captured = capsys.readouterr()
    assert code == 0 and captured.out == ""
    for stage in ("reading and counting", "tokens, V = 300 words", "eigensolve of QWEM's M*",
                  "writing", "done in"):
        assert stage in captured.err, stage
    assert "then at most 100 steps on its weighted loss" in captured.err
    assert "refinement steps" in captured.err
    refined = WordVectors.load_word2vec_format(out)
    assert refined.vectors.shape == (300, 5)
    # --refine 0: the closed form alone, no refinement announced, other vectors
    code = main(["train", str(corpus), "-o", str(out), "--vocab", "300", "--dim", "5",
                 "--threads", "1", "--refine", "0"])
    captured = capsys.readouterr()
    assert code == 0 and "eigensolve of QWEM's M* (d = 5)" in captured.err
    assert "refinement steps" not in captured.err
    closed = WordVectors.load_word2vec_format(out)
    assert not np.allclose(closed.vectors, refined.vectors, atol=1e-3)
    code = main(["train", str(corpus), "-o", str(out), "--vocab", "300", "--dim", "5",
                 "--threads", "1", "--model", "sgns", "--epochs", "1"])
    captured = capsys.readouterr()
    assert code == 0 and captured.out == ""
    assert "training SGNS (1 epochs" in captured.err and "words/s" in captured.err


@pytest.mark.slow
def test_demo_runs_and_reports_every_method(capsys, tmp_path):
    # A small corpus keeps this fast; the demo's own default is the bundled sample.
    path = tmp_path / "small.txt"
    with gzip.open(sample_corpus_path(), "rt") as f:
        path.write_text("".join(next(f) for _ in range(120)))
    code = main(["demo", "--corpus", str(path), "--vocab", "1500", "--dim", "20",
                 "--epochs", "1", "--n-jobs", "1"])
    out = capsys.readouterr().out
    assert code == 0
    for name in ("QWEM", "PPMI-SVD", "SGNS (word2vec)"):
        assert name in out
    assert "Nearest neighbours" in out and "france" in out


def test_old_entry_point_and_module():
    assert _cli.main is main
    code, stdout, _ = skw2v("--help")
    assert code == 0 and "train" in stdout and "evaluate" in stdout and "neighbors" in stdout


def test_save_load_npy_read_by_commands(tmp_path, capsys):
    vectors = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]])
    path = tmp_path / "v.wv"
    WordVectors(["king", "queen", "apple"], vectors).save(path)
    assert main(["neighbors", str(path), "king", "-n", "1"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[1].split()[1] == "queen"
    assert "memory-mapped" in captured.err


def test_documents_writes_the_vectorizers_features(tmp_path, capsys):
    from skw2v import EmbeddingVectorizer
    corpus = _small_corpus(tmp_path)
    lines = corpus.read_text().splitlines()
    train, test = tmp_path / "train.txt", tmp_path / "test.txt"
    train.write_text("\n".join(lines[:30]) + "\n")
    test.write_text("\n".join(lines[30:]) + "\n\n")  # and one empty document
    out, wv_path = tmp_path / "train.npy", tmp_path / "wv.wv"
    code, _, err = in_process(capsys, "documents", train, "-o", out, "--dim", "6", "--vocab",
                              "300", "--threads", "1", "--save-vectors", wv_path)
    reference = EmbeddingVectorizer(n_components=6, max_vocab_size=300, n_jobs=1,
                                    random_state=0)
    expected = reference.fit_transform(str(train))
    assert code == 0 and f"{len(reference.word_vectors_)} words x 6 dimensions" in err
    X = np.load(out)
    assert X.dtype == np.float32 and X.shape == (30, 6)
    np.testing.assert_allclose(X, expected, atol=1e-6)
    # test features: the saved vectors, the pooling statistics of the training documents
    out_test = tmp_path / "test.npy"
    code, _, err = in_process(capsys, "documents", test, "--fit", train, "--vectors", wv_path,
                              "--pooling", "sif", "-o", out_test, "-q")
    assert code == 0
    assert "skw2v: warning: 1 of 11 documents have no word of the vocabulary" in err
    # exactly what one in-process fit on the training text gives (the .wv layout is exact)
    learned = EmbeddingVectorizer(n_components=6, max_vocab_size=300, n_jobs=1,
                                  random_state=0).fit(str(train)).word_vectors_
    np.testing.assert_array_equal(WordVectors.load(wv_path).vectors, learned.vectors)
    expected = EmbeddingVectorizer(learned, pooling="sif").fit(str(train)).transform(str(test))
    T = np.load(out_test)
    assert T.shape == (11, 6) and not T[-1].any()
    np.testing.assert_array_equal(T, expected)
    # word2vec text for any other name, read back by --vectors as well
    text_path = tmp_path / "wv.txt"
    assert in_process(capsys, "documents", train, "-o", out, "--vectors", wv_path,
                      "--save-vectors", text_path, "-q")[0] == 0
    np.testing.assert_allclose(WordVectors.load_word2vec_format(text_path).vectors,
                               learned.vectors, rtol=1e-5, atol=1e-6)
