"""The default token pattern's byte path (statistics/_word_runs.py) equals re.findall."""

import gzip
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skw2v.statistics import encode_corpus
from skw2v.statistics._word_runs import WORD_RUN_PATTERNS, word_runs
from test_corpus import decode  # documents as token lists, back from an EncodedCorpus

DEFAULT = r"(?u)\b\w\w+\b"
# The same expression with a comment: not recognised, so it takes re.findall.
REGEX = DEFAULT + "(?#through re.findall)"


def test_word_runs_by_hand():
    data = b"a cat, 2 dogs_x!\x1e__ I\x1e\x1e"
    assert word_runs(data, 0x1F, 0x1E) == (
        b"\x1f\x1fcat\x1f\x1f\x1f\x1fdogs_x\x1f\x1e__\x1f\x1f\x1e\x1e")


def test_patterns_recognised():
    assert DEFAULT in WORD_RUN_PATTERNS
    assert REGEX not in WORD_RUN_PATTERNS


def test_small_documents_exactly():
    docs = ["The cat's 2 NEW hats_1 -- a b cd", "", "x", "Ünïcode wörds, ok", "ab\x1ecd ef",
            "tab\tnew\nline\x1fsep"]
    got = decode(encode_corpus(docs, token_pattern=DEFAULT))
    assert got == [["the", "cat", "new", "hats_1", "cd"], [], [], ["ünïcode", "wörds", "ok"],
                   ["ab", "cd", "ef"], ["tab", "new", "line", "sep"]]
    assert got == [re.findall(DEFAULT, d.lower()) for d in docs]


_CHARS = st.sampled_from(list("aZb9_ .,-'\n\t") + ["\x1e", "\x1f", "é", "ß", "中", "—", "\u212a",
                                                  "İ", "x"])
_DOCS = st.lists(st.text(_CHARS, max_size=30), min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(docs=_DOCS, lowercase=st.booleans(), n_jobs=st.sampled_from([1, 2]))
def test_same_tokens_as_findall(docs, lowercase, n_jobs):
    fast = encode_corpus(docs, token_pattern=DEFAULT, lowercase=lowercase, n_jobs=n_jobs,
                         allow_empty=True)
    slow = encode_corpus(docs, token_pattern=REGEX, lowercase=lowercase, n_jobs=n_jobs,
                         allow_empty=True)
    assert decode(fast) == decode(slow)
    expected = [re.findall(DEFAULT, d.lower() if lowercase else d) for d in docs]
    assert decode(fast) == expected
    assert sorted(fast.words.tolist()) == sorted(slow.words.tolist())


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_file_and_large_batch_same_as_findall(tmp_path, n_jobs):
    # Past the 1 MiB that splits a batch over threads, and read from a .gz file.
    line = "Alpha beta, GAMMA 7 delta_9 é-ñu x y zz. "
    docs = [f"{line * (k % 7 + 1)} doc{k} ünï" if k % 50 else f"only ascii {k}"
            for k in range(6000)]
    path = tmp_path / "c.txt.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write("\n".join(docs) + "\n")
    for source in (docs, path):
        fast = encode_corpus(source, token_pattern=DEFAULT, n_jobs=n_jobs)
        slow = encode_corpus(source, token_pattern=REGEX, n_jobs=n_jobs)
        assert decode(fast) == decode(slow)
        assert dict(zip(fast.words.tolist(), fast.counts.tolist())) == dict(
            zip(slow.words.tolist(), slow.counts.tolist()))
