"""Corpus encoding and vocabulary selection."""

import gzip

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skw2v.statistics import encode_corpus, restrict_stream, select_vocabulary


def decode(corpus):
    """Documents as token lists, back from an EncodedCorpus."""
    docs, doc = [], []
    for i in corpus.stream:
        if i < 0:
            docs.append(doc)
            doc = []
        else:
            doc.append(corpus.words[i])
    assert doc == []
    return docs


def test_strings_are_lowercased_and_split_on_whitespace():
    corpus = encode_corpus(["The cat  sat\ton", "THE mat"])
    assert decode(corpus) == [["the", "cat", "sat", "on"], ["the", "mat"]]
    assert corpus.words.tolist() == ["the", "cat", "sat", "on", "mat"]
    assert corpus.counts.tolist() == [2, 1, 1, 1, 1]
    assert corpus.stream.dtype == np.int32


def test_lowercase_false_keeps_case():
    corpus = encode_corpus(["The the"], lowercase=False)
    assert corpus.words.tolist() == ["The", "the"]


def test_token_pattern_and_tokenizer():
    corpus = encode_corpus(["Hello, world! a-b"], token_pattern=r"(?u)\b\w+\b")
    assert decode(corpus) == [["hello", "world", "a", "b"]]
    corpus = encode_corpus(["x|y|y"], tokenizer=lambda s: s.split("|"))
    assert decode(corpus) == [["x", "y", "y"]]


def test_token_lists_are_taken_as_given_but_lowercased():
    corpus = encode_corpus([["New York", "is"], ["big"]])
    assert decode(corpus) == [["new york", "is"], ["big"]]


def test_non_ascii_words_are_interned_exactly():
    corpus = encode_corpus(["Über straße ÜBER", "naïve"])
    assert decode(corpus) == [["über", "straße", "über"], ["naïve"]]


def test_file_gz_and_list_give_identical_corpora(tmp_path):
    docs = ["the Cat sat", "", "on the mat  the end", "naïve café"]
    plain = tmp_path / "c.txt"
    plain.write_text("\n".join(docs) + "\n", encoding="utf-8")
    packed = tmp_path / "c.txt.gz"
    with gzip.open(packed, "wt", encoding="utf-8") as f:
        f.write("\n".join(docs))  # no final newline
    a, b, c = encode_corpus(docs), encode_corpus(str(plain)), encode_corpus(packed)
    for other in (b, c):
        assert other.words.tolist() == a.words.tolist()
        assert np.array_equal(other.counts, a.counts)
    assert decode(b) == decode(c) == [d.lower().split() for d in docs]


def test_large_file_spans_several_chunks(tmp_path, monkeypatch):
    import skw2v.statistics._corpus as corpus_module

    monkeypatch.setattr(corpus_module, "_CHUNK_BYTES", 64)
    docs = [" ".join(f"w{(i * j) % 37}" for j in range(i % 11)) for i in range(200)]
    path = tmp_path / "c.txt"
    path.write_text("\n".join(docs) + "\n")
    assert decode(encode_corpus(str(path))) == [d.split() for d in docs]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",),
                                                        blacklist_characters="\x1e\x1f"),
                                 min_size=1, max_size=6), max_size=8),
                min_size=1, max_size=8))
def test_token_lists_round_trip(docs):
    """Any tokens (but the two reserved separators) come back as they went in."""
    if not any(docs):
        with pytest.raises(ValueError, match="empty"):
            encode_corpus(docs, lowercase=False)
        return
    corpus = encode_corpus(docs, lowercase=False)
    assert decode(corpus) == docs
    assert len(set(corpus.words.tolist())) == corpus.words.size


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="ab C\t\u00e9\u00a0\u3000x\x1f", max_size=20), min_size=1,
                max_size=6))
def test_strings_split_like_str_split(docs):
    """The byte path agrees with Python's str.lower().split() on any text."""
    expected = [d.lower().split() for d in docs]
    if not any(expected):
        with pytest.raises(ValueError, match="empty"):
            encode_corpus(docs)
        return
    assert decode(encode_corpus(docs)) == expected


@pytest.mark.parametrize(
    "X, error, match",
    [
        ([], ValueError, "empty"),
        (["", "   "], ValueError, "empty"),
        ([1, 2], TypeError, r"document 0 is a int \(1\); each document must be a str, "
                            r"bytes or a list of str tokens\.$"),
        (["a", None], TypeError, r"document 1 is a NoneType .*: a missing text\? Fill it"),
        (["a", float("nan")], TypeError, r"document 1 is a float \(nan\).*"
                                         r"df\['text'\]\.fillna\(''\)"),
        ([["a", 3]], TypeError, "tokens must be str"),
        ([["a", ""]], ValueError, "empty token"),
        ([["a\x1fb"]], ValueError, "reserves"),
        (b"a b", TypeError, "bytes"),
        (np.array([["a b", "c"], ["d", "e f"]]), TypeError, "2-D ndarray .shape .2, 2.."),
        (3.5, TypeError, "iterable of documents"),
        ("no/such/file.txt", FileNotFoundError, "wrap it in a list"),
    ],
)
def test_bad_input(X, error, match):
    with pytest.raises(error, match=match):
        encode_corpus(X)


def test_a_long_document_passed_alone_is_named_by_its_start_and_length():
    """A single string is read as a path; a whole document must not fill the message."""
    doc = "the cat sat on the mat " * 2000
    with pytest.raises(FileNotFoundError) as info:
        encode_corpus(doc)
    message = str(info.value)
    assert "'the cat sat on the mat" in message
    assert f"a string of {len(doc):,} characters" in message
    assert "wrap it in a list" in message and len(message) < 400


def test_a_dataframe_is_refused_not_read_as_its_column_names():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"text": ["the cat sat", "a dog"]})
    with pytest.raises(TypeError, match=r"2-D DataFrame.*df\['text'\]"):
        encode_corpus(df)
    assert encode_corpus(df["text"]).words.tolist() == encode_corpus(["the cat sat", "a dog"]).words.tolist()


def test_bytes_documents_are_decoded_with_the_encoding():
    """As scikit-learn's text vectorizers do: bytes documents read as their text."""
    text = encode_corpus(["café au lait", "the café"])
    raw = encode_corpus([b"caf\xe9 au lait", bytearray(b"the caf\xe9")], encoding="latin-1")
    assert raw.words.tolist() == text.words.tolist()
    assert np.array_equal(raw.counts, text.counts) and np.array_equal(raw.stream, text.stream)
    replaced = encode_corpus([b"caf\xe9 au"], decode_error="replace")
    assert replaced.words.tolist() == ["caf\ufffd", "au"]


def test_directory_is_rejected(tmp_path):
    with pytest.raises(IsADirectoryError):
        encode_corpus(tmp_path)


def test_invalid_utf8_file(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"ok \xff\xfe bad\n")
    with pytest.raises(UnicodeDecodeError, match="encoding="):
        encode_corpus(str(path))
    corpus = encode_corpus(str(path), decode_error="replace")
    assert "ok" in corpus.words.tolist()


def test_select_vocabulary_orders_by_count_then_word():
    words = np.array(["b", "a", "c", "d"], dtype=object)
    counts = np.array([2, 2, 5, 1])
    vw, vc = select_vocabulary(words, counts, min_count=2)
    assert vw.tolist() == ["c", "a", "b"] and vc.tolist() == [5, 2, 2]
    vw, _ = select_vocabulary(words, counts, max_vocab_size=2)
    assert vw.tolist() == ["c", "a"]
    vw, vc = select_vocabulary(words, counts, vocabulary=["d", "zz", "a"])
    assert vw.tolist() == ["d", "zz", "a"] and vc.tolist() == [1, 0, 2]
    vw, _ = select_vocabulary(words, counts, vocabulary={"a": 1, "d": 0})
    assert vw.tolist() == ["d", "a"]


def test_select_vocabulary_errors():
    with pytest.raises(ValueError, match="min_count=3"):
        select_vocabulary(np.array(["a"], dtype=object), np.array([2]), min_count=3)
    with pytest.raises(ValueError, match="repeated"):
        select_vocabulary(np.array(["a"], dtype=object), np.array([2]),
                          vocabulary=["a", "a"])


def test_restrict_stream_drops_oov_and_keeps_document_ends():
    corpus = encode_corpus(["a x b", "x x", "b a"])
    stream = restrict_stream(corpus.stream, corpus.words, np.array(["b", "a"], dtype=object))
    assert stream.tolist() == [1, 0, -1, 0, 1, -1]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["a", "bb", "Cc", "é", "the"]), max_size=6),
                min_size=1, max_size=12),
       st.integers(2, 4))
def test_interning_on_several_threads_gives_the_same_corpus(docs, n_jobs):
    import skw2v.statistics._corpus as corpus_module

    if not any(docs):
        return
    texts = [" ".join(d) for d in docs]
    old = corpus_module._PARALLEL_BYTES
    corpus_module._PARALLEL_BYTES = 1  # split even tiny batches
    try:
        serial = encode_corpus(texts)
        parallel = encode_corpus(texts, n_jobs=n_jobs)
        tokens = encode_corpus(docs, n_jobs=n_jobs)
    finally:
        corpus_module._PARALLEL_BYTES = old
    assert decode(parallel) == decode(serial) == decode(tokens)
    assert (dict(zip(parallel.words, parallel.counts))
            == dict(zip(serial.words, serial.counts)))
