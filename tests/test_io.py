"""word2vec text/binary formats: our files against gensim 4.4's, both directions."""

import gzip

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from skw2v import WordVectors
from skw2v.io import load_word2vec_format, read_word2vec, save_word2vec_format, write_word2vec

gensim = pytest.importorskip("gensim")
KeyedVectors = gensim.models.KeyedVectors

WORDS = ["the", "über", "naïve", "東京", "a_b", "x"]


def _random_vectors(n=6, d=5, seed=0):
    rng = np.random.default_rng(seed)
    v = (rng.standard_normal((n, d)) * np.exp(rng.uniform(-8, 8, (n, d)))).astype(np.float32)
    v[0, 0] = 0.0
    v[0, 1] = -0.0
    return v


def _gensim_kv(words, vectors):
    kv = KeyedVectors(vectors.shape[1])
    kv.add_vectors(list(words), vectors)
    return kv


@pytest.mark.parametrize("binary", [False, True])
def test_our_file_is_byte_identical_to_gensims(tmp_path, binary):
    vecs = _random_vectors()
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    write_word2vec(ours, WORDS, vecs, binary=binary)
    _gensim_kv(WORDS, vecs).save_word2vec_format(str(theirs), binary=binary)
    assert ours.read_bytes() == theirs.read_bytes()


@pytest.mark.parametrize("binary", [False, True])
def test_gensim_reads_ours_exactly(tmp_path, binary):
    vecs = _random_vectors(seed=1)
    path = tmp_path / "v"
    WordVectors(WORDS, vecs).save_word2vec_format(path, binary=binary)
    kv = KeyedVectors.load_word2vec_format(str(path), binary=binary)
    assert kv.index_to_key == WORDS
    assert kv.vectors.tobytes() == vecs.tobytes()


@pytest.mark.parametrize("binary", [False, True])
def test_we_read_gensims_exactly(tmp_path, binary):
    vecs = _random_vectors(seed=2)
    path = tmp_path / "v"
    _gensim_kv(WORDS, vecs).save_word2vec_format(str(path), binary=binary)
    wv = WordVectors.load_word2vec_format(path, binary=binary)
    assert wv.index_to_key == WORDS
    assert wv.vectors.tobytes() == vecs.tobytes()


def test_binary_layout_by_hand(tmp_path):
    path = tmp_path / "v.bin"
    write_word2vec(path, ["ab", "c"], [[1.0, -2.0], [0.5, 0.0]], binary=True)
    expected = (b"2 2\n" + b"ab " + np.array([1, -2], "<f4").tobytes()
                + b"c " + np.array([0.5, 0], "<f4").tobytes())
    assert path.read_bytes() == expected
    path = tmp_path / "v.txt"
    write_word2vec(path, ["ab", "c"], [[1.0, -2.0], [0.5, 1e-5]])
    assert path.read_text() == "2 2\nab 1.0 -2.0\nc 0.5 1e-05\n"


def test_word2vec_c_binary_with_newlines(tmp_path):
    # word2vec.c writes '\n' after each vector; gensim does not. Read both.
    v = np.array([[1, 2], [3, 4]], "<f4")
    data = b"2 2\n" + b"a " + v[0].tobytes() + b"\n" + b"b " + v[1].tobytes() + b"\n"
    path = tmp_path / "c.bin"
    path.write_bytes(data)
    words, vectors = read_word2vec(path, binary=True)
    assert list(words) == ["a", "b"]
    np.testing.assert_array_equal(vectors, v)


def test_gzip_and_limit(tmp_path):
    vecs = _random_vectors(seed=3)
    path = tmp_path / "v.txt.gz"
    save_word2vec_format(WordVectors(WORDS, vecs), path)
    with gzip.open(path, "rb") as f:
        assert f.readline() == b"6 5\n"
    wv = load_word2vec_format(path, limit=3)
    assert wv.index_to_key == WORDS[:3]
    np.testing.assert_array_equal(wv.vectors, vecs[:3])
    path = tmp_path / "v.bin"
    write_word2vec(path, WORDS, vecs, binary=True)
    assert load_word2vec_format(path, binary=True, limit=2).index_to_key == WORDS[:2]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"hello world\na 1 2\n", "header"),
        (b"2\na 1 2\n", "header"),
        (b"", "header"),
        (b"2 2\na 1 2\n", "ends after 1 of the 2"),
        (b"2 2\na 1 2\nb 1 2 3\n", "line 3 .*3 values.*dimension is 2"),
        (b"2 2\na 1 2\nb 1\n", "line 3 .*1 values"),
        (b"2 2\na 1 2\nb 1 zz\n", "line 3 .*not a number"),
        (b"2 2\na 1 2\na 3 4\n", "repeats the word 'a'"),
        (b"1 2\na 1 2\nb 3 4\n", "more lines"),
        (b"1 2\n\xff\xfe 1 2\n", "not valid UTF-8"),
    ],
)
def test_malformed_text(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message):
        read_word2vec(path)


def test_malformed_binary(tmp_path):
    good = b"2 3\n" + b"a " + np.ones(3, "<f4").tobytes() + b"b " + np.ones(3, "<f4").tobytes()
    path = tmp_path / "bad.bin"
    path.write_bytes(good[:-2])
    with pytest.raises(ValueError, match="ends inside word 2 of the 2"):
        read_word2vec(path, binary=True)
    path.write_bytes(good.replace(b"2 3\n", b"2 2\n"))  # wrong dimension in the header
    with pytest.raises(ValueError):
        read_word2vec(path, binary=True)
    path.write_bytes(good.replace(b"2 3\n", b"1 3\n"))  # header undercounts
    with pytest.raises(ValueError, match="bytes remain"):
        read_word2vec(path, binary=True)
    path.write_bytes(good.replace(b"2 3\n", b"3 3\n"))  # header overcounts
    with pytest.raises(ValueError, match="ends inside word 3"):
        read_word2vec(path, binary=True)


def test_unwritable_words(tmp_path):
    with pytest.raises(ValueError, match="whitespace"):
        write_word2vec(tmp_path / "x", ["a b", "c"], np.ones((2, 2)))
    with pytest.raises(ValueError, match="non-empty"):
        write_word2vec(tmp_path / "x", ["", "c"], np.ones((2, 2)))
    with pytest.raises(ValueError, match="one word per row"):
        write_word2vec(tmp_path / "x", ["a"], np.ones((2, 2)))
    with pytest.raises(ValueError, match="2-D"):
        write_word2vec(tmp_path / "x", ["a"], np.ones(2))


_word = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters=" \t\n\r\v\f"),
    min_size=1, max_size=8,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(_word, min_size=1, max_size=8, unique=True),
    d=st.integers(1, 6),
    data=st.data(),
    binary=st.booleans(),
)
def test_round_trip_is_bit_exact(tmp_path, words, d, data, binary):
    vecs = data.draw(hnp.arrays(np.float32, (len(words), d),
                                elements=st.floats(width=32, allow_nan=False, allow_infinity=False)))
    path = tmp_path / "rt"
    write_word2vec(path, words, vecs, binary=binary)
    back_words, back = read_word2vec(path, binary=binary)
    assert list(back_words) == words
    assert back.tobytes() == vecs.tobytes()
