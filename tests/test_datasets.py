"""Shipped data sets and the loaders for user files in the same formats."""

import gzip
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skw2v.datasets import (
    AnalogyQuestions,
    load_analogies,
    load_google_analogies,
    load_simlex999,
    load_word_pairs,
    load_wordsim353,
    parse_analogies,
    parse_word_pairs,
    sample_corpus_path,
)

GOOGLE_SECTIONS = {
    "capital-common-countries": 506, "capital-world": 4524, "currency": 866,
    "city-in-state": 2467, "family": 506, "gram1-adjective-to-adverb": 992,
    "gram2-opposite": 812, "gram3-comparative": 1332, "gram4-superlative": 1122,
    "gram5-present-participle": 1056, "gram6-nationality-adjective": 1599,
    "gram7-past-tense": 1560, "gram8-plural": 1332, "gram9-plural-verbs": 870,
}


def test_sample_corpus():
    path = sample_corpus_path()
    assert os.path.isfile(path) and path.endswith("enwiki-sample.txt.gz")
    with gzip.open(path, "rt") as f:
        lines = f.readlines()
    assert len(lines) == 756
    assert sum(len(line.split()) for line in lines) == 2_000_458


def test_google_analogies():
    q = load_google_analogies()
    assert {k: len(v) for k, v in q.sections.items()} == GOOGLE_SECTIONS
    assert list(q.sections) == list(GOOGLE_SECTIONS)  # file order
    assert len(q) == 19544
    assert all(w == w.lower() for quad in q for w in quad)
    cased = load_google_analogies(lowercase=False)
    assert cased.sections["capital-common-countries"][0] == ("Athens", "Greece", "Baghdad", "Iraq")
    assert len(cased) == 19544


def test_word_pair_sets():
    ws = load_wordsim353()
    assert len(ws) == 353
    assert list(ws)[1] == ("tiger", "cat", 7.35)
    sl = load_simlex999()
    assert len(sl) == 999
    assert list(sl)[0] == ("old", "new", 1.58)
    assert 0 <= sl.score.min() and sl.score.max() <= 10


def test_user_analogy_file(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text("Paris France Rome Italy\n: verbs\n\nwalk walked run ran\n: empty\n"
                    ": nouns\ncat cats dog dogs\n")
    q = load_analogies(path)
    assert q.sections == {
        "questions": [("paris", "france", "rome", "italy")],
        "verbs": [("walk", "walked", "run", "ran")],
        "nouns": [("cat", "cats", "dog", "dogs")],
    }
    assert load_analogies(path, lowercase=False).sections["questions"][0][0] == "Paris"


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "no analogy questions"),
        (": only-a-header\n\n", "no analogy questions"),
        (": s\na b c d\na b c\n", "line 3: expected four words"),
        (": s\na b c d e\n", "line 2: expected four words.*5 field"),
        (":\na b c d\n", "line 1: a section header needs a name"),
    ],
)
def test_bad_analogy_files(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_text(content)
    with pytest.raises(ValueError, match=message):
        load_analogies(path)


def test_user_word_pair_file(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text("# comment\nCat\tdog\t7.5\n\ncar truck 8\n")
    wp = load_word_pairs(path)
    assert list(wp) == [("cat", "dog", 7.5), ("car", "truck", 8.0)]


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "no word pairs"),
        ("# only a comment\n", "no word pairs"),
        ("a\tb\t1\na\tb\n", "line 2: expected"),
        ("a\tb\tlots\n", "line 1: the score 'lots' is not a number"),
        ("a\tb\tnan\n", "line 1: .*not finite"),
    ],
)
def test_bad_word_pair_files(tmp_path, content, message):
    path = tmp_path / "bad.tsv"
    path.write_text(content)
    with pytest.raises(ValueError, match=message):
        load_word_pairs(path)


def test_in_memory_questions_are_validated():
    with pytest.raises(ValueError, match="four words"):
        AnalogyQuestions.from_sections({"s": [("a", "b", "c")]})
    with pytest.raises(ValueError, match="empty"):
        AnalogyQuestions.from_sections({"s": []})
    q = AnalogyQuestions.from_sections([("a", "b", "c", "d")])
    assert q.sections == {"questions": [("a", "b", "c", "d")]}


_token = st.text(alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Nd")),
                 min_size=1, max_size=6)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True),
                          st.lists(st.tuples(_token, _token, _token, _token), max_size=5)),
                min_size=1, max_size=5, unique_by=lambda s: s[0]),
       st.booleans())
def test_analogy_parser_round_trip(sections, lowercase):
    text = []
    for name, qs in sections:
        text.append(f": {name}")
        text.extend(" ".join(q) for q in qs)
    expected = {name: [tuple(w.lower() if lowercase else w for w in q) for q in qs]
                for name, qs in sections if qs}
    if not expected:
        with pytest.raises(ValueError, match="no analogy questions"):
            parse_analogies(text, lowercase=lowercase)
        return
    assert parse_analogies(text, lowercase=lowercase).sections == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(_token, _token,
                          st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 3))),
                min_size=1, max_size=10))
def test_word_pair_parser_round_trip(triples):
    lines = ["# header"] + [f"{a}\t{b}\t{s!r}" for a, b, s in triples]
    wp = parse_word_pairs(lines, lowercase=False)
    assert list(wp) == [(a, b, float(s)) for a, b, s in triples]
