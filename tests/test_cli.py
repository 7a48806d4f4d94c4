"""The ``skw2v demo`` command."""

from skw2v._cli import main


def test_demo_runs_and_reports_every_method(capsys, tmp_path):
    # A small corpus keeps this fast; the demo's own default is the bundled sample.
    import gzip

    from skw2v.datasets import sample_corpus_path

    path = tmp_path / "small.txt"
    with gzip.open(sample_corpus_path(), "rt") as f:
        path.write_text("".join(next(f) for _ in range(120)))
    code = main(["demo", "--corpus", str(path), "--vocab", "1500", "--dim", "20",
                 "--epochs", "1", "--n-jobs", "1"])
    out = capsys.readouterr().out
    assert code == 0
    for name in ("QWEM (closed form)", "PPMI-SVD", "SGNS (word2vec)"):
        assert name in out
    assert "Nearest neighbours" in out and "france" in out
