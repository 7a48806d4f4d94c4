"""Vector files: word2vec text/binary and GloVe against gensim 4.4's, both directions;
skw2v's .npy layout; atomic writes."""

import gzip
import json
import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from skw2v import WordVectors
from skw2v.io import (atomic_write, detect_word2vec_format, read_vectors_npy, read_word2vec,
                      write_vectors_npy, write_word2vec)
from skw2v.io import _word2vec_format

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
    WordVectors(WORDS, vecs).save_word2vec_format(path)
    with gzip.open(path, "rb") as f:
        assert f.readline() == b"6 5\n"
    wv = WordVectors.load_word2vec_format(path, limit=3)
    assert wv.index_to_key == WORDS[:3]
    np.testing.assert_array_equal(wv.vectors, vecs[:3])
    path = tmp_path / "v.bin"
    write_word2vec(path, WORDS, vecs, binary=True)
    assert WordVectors.load_word2vec_format(path, binary=True, limit=2).index_to_key == WORDS[:2]
    # compression is recognised by content, not by name
    os.replace(tmp_path / "v.txt.gz", tmp_path / "renamed.txt")
    assert read_word2vec(tmp_path / "renamed.txt")[0].tolist() == WORDS


@pytest.mark.parametrize(
    "content, message",
    [
        (b"hello world\na 1 2\n", "header"),
        (b"2\na 1 2\n", "header"),
        (b"", "header"),
        (b"2 2\na 1 2\n", "at least 16 B of file.*has 10 B.*truncated"),
        (b"2 1\na 1\n\n\n\n\n\n", "line 3 is blank"),
        (b"1 2\na 1 inf\n", "'a'.*NaN or infinite"),
        (b"2 2\na 1 2\nb 1 2 3\n", "line 3 .*3 values.*dimension is 2"),
        (b"2 2\nalpha 1 2\nb 1\n", "line 3 .*1 values"),
        (b"2 2\na 1 2\nb 1 zz\n", "line 3 .*not a number"),
        (b"2 2\na 1 2\na 3 4\n", "repeats the word 'a'"),
        (b"1 2\na 1 2\nb 3 4\n", "more lines"),
        (b"1 2\n\xff\xfe 1 2\n", "line 2: .*not valid UTF-8.*unicode_errors='replace'"),
    ],
)
def test_malformed_text(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message):
        read_word2vec(path)


def test_truncated_gzip(tmp_path):
    path = tmp_path / "v.txt.gz"
    with gzip.open(path, "wb") as f:
        f.write(b"3 2\na 1 2\nb 3 4\n")
    with pytest.raises(ValueError, match="ends after 2 of the 3"):
        read_word2vec(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match=r"v\.txt\.gz: the gzip stream is damaged or truncated"):
        read_word2vec(path)


def test_malformed_binary(tmp_path):
    good = (b"2 3\n" + b"alpha " + np.ones(3, "<f4").tobytes()
            + b"beta " + np.ones(3, "<f4").tobytes())
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
    with pytest.raises(ValueError, match="3 words of dimension 3.*at least 46 B.*has 39 B"):
        read_word2vec(path, binary=True)
    path.write_bytes(good.replace(b"2 3\n", b"3 3\n") + b"\n" * 20)  # ... past the size check
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
    with pytest.raises(ValueError, match="d = 0"):
        write_word2vec(tmp_path / "x", ["a"], np.ones((1, 0)))
    with pytest.raises(ValueError, match="finite; the row of 'b'"):
        write_word2vec(tmp_path / "x", ["a", "b"], [[1.0], [np.inf]])
    with pytest.raises(ValueError, match="limit must be a non-negative int"):
        read_word2vec(tmp_path / "x", limit=True)
    assert not (tmp_path / "x").exists()


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


# --- GloVe (no header) ------------------------------------------------------------------

def test_glove_round_trip_and_gensim(tmp_path):
    vecs = _random_vectors(seed=4)
    path = tmp_path / "glove.txt"
    WordVectors(WORDS, vecs).save_word2vec_format(path, write_header=False)
    theirs = tmp_path / "theirs.txt"
    _gensim_kv(WORDS, vecs).save_word2vec_format(str(theirs), write_header=False)
    assert path.read_bytes() == theirs.read_bytes()
    assert path.read_bytes().startswith("the ".encode())
    wv = WordVectors.load_word2vec_format(path, no_header=True)
    assert wv.index_to_key == WORDS and wv.vectors.tobytes() == vecs.tobytes()
    kv = KeyedVectors.load_word2vec_format(str(path), no_header=True)
    assert kv.index_to_key == WORDS and kv.vectors.tobytes() == vecs.tobytes()
    assert WordVectors.load_word2vec_format(path, no_header=True, limit=2).index_to_key == WORDS[:2]
    with pytest.raises(ValueError, match="no_header=True"):
        read_word2vec(path)  # the first line is not a header: the message says what to pass
    with pytest.raises(ValueError, match="binary word2vec file needs its header"):
        write_word2vec(path, WORDS, vecs, binary=True, write_header=False)
    with pytest.raises(ValueError, match="always has a header"):
        read_word2vec(path, binary=True, no_header=True)


def test_glove_line_lengths(tmp_path):
    path = tmp_path / "g.txt"
    path.write_bytes(b"a 1 2\nb 1 2 3\n")
    with pytest.raises(ValueError, match="line 2 .*3 values, but the first line says the dimension is 2"):
        read_word2vec(path, no_header=True)
    path.write_bytes(b"a\n")
    with pytest.raises(ValueError, match="no values"):
        read_word2vec(path, no_header=True)
    path.write_bytes(b"")
    words, vectors = read_word2vec(path, no_header=True)
    assert words.shape == (0,) and vectors.shape[0] == 0


GENSIM_DATA = os.path.join(os.path.dirname(gensim.__file__), "test", "test_data")


@pytest.mark.parametrize("name, kwargs", [
    ("test_glove.txt", {"no_header": True}),
    ("toy-model.vec", {}),
    ("euclidean_vectors.bin", {"binary": True}),
    ("high_precision.kv.txt", {}),
    ("w2v_keyedvectors_load_test.modeldata", {"unicode_errors": "replace"}),
    ("w2v_keyedvectors_load_test.modeldata", {"unicode_errors": "ignore"}),
])
def test_gensims_own_test_files(name, kwargs):
    path = os.path.join(GENSIM_DATA, name)
    if not os.path.exists(path):
        pytest.skip(f"gensim's test data {name} is not installed")
    wv = WordVectors.load_word2vec_format(path, **kwargs)
    kv = KeyedVectors.load_word2vec_format(path, **kwargs)
    assert wv.index_to_key == kv.index_to_key
    assert wv.vectors.tobytes() == kv.vectors.tobytes()
    # and the format is recognised without being told
    detected = detect_word2vec_format(path)
    assert detected == {"binary": kwargs.get("binary", False),
                        "no_header": kwargs.get("no_header", False)}


def test_word2vec_c_and_fasttext_files_read_as_gensim_reads_them(tmp_path):
    # word2vec.c's text output ends each line with a space (fastText's .vec too), its
    # binary output puts a newline after each vector and may cut a word inside a character
    v = np.array([[0.25, -1.5], [3.0, 1e-3], [0.5, 0.5]], "<f4")
    words = ["alpha", "\u00e9t\u00e9", "ok"]
    text = b"3 2\n" + b"".join(w.encode() + b" " + b"".join(b"%s " % str(x).encode() for x in r)
                               + b"\n" for w, r in zip(words, v))
    cut = "ありがとう".encode()[:-1]
    binary = (b"3 2\n" + b"".join(w + b" " + r.tobytes() + b"\n"
                                  for w, r in zip([b"alpha", cut, b"ok"], v)))
    for name, data, kwargs in [("c.txt", text, {}),
                               ("c.bin", binary, {"binary": True, "unicode_errors": "replace"}),
                               ("c2.bin", binary, {"binary": True, "unicode_errors": "ignore"})]:
        (tmp_path / name).write_bytes(data)
        ours = WordVectors.load_word2vec_format(tmp_path / name, **kwargs)
        kv = KeyedVectors.load_word2vec_format(str(tmp_path / name), **kwargs)
        assert ours.index_to_key == kv.index_to_key
        assert ours.vectors.tobytes() == kv.vectors.tobytes() == v.tobytes()
        assert detect_word2vec_format(tmp_path / name)["binary"] == name.endswith(".bin")
    with pytest.raises(UnicodeDecodeError, match="c.bin: word 2: .*unicode_errors='replace'"):
        read_word2vec(tmp_path / "c.bin", binary=True)


def test_unicode_errors(tmp_path):
    # word2vec.c cuts long words inside a multi-byte character
    path = tmp_path / "cut.txt"
    path.write_bytes("2 1\nありがとう".encode()[:-1] + b" 0.5\nok 1.0\n")
    with pytest.raises(ValueError, match="cut.txt: line 2: .*not valid UTF-8"):
        read_word2vec(path)
    assert read_word2vec(path, unicode_errors="replace")[0].tolist() == ["ありがと\ufffd", "ok"]
    assert read_word2vec(path, unicode_errors="ignore")[0].tolist() == ["ありがと", "ok"]
    with pytest.raises(ValueError, match="unicode_errors must name a codec error handler"):
        read_word2vec(path, unicode_errors="lenient")


def test_header_announcing_too_much_is_refused_up_front(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"1000000000000 300\nthe 1 2\n")
    with pytest.raises(ValueError, match=r"1,000,000,000,000 words of dimension 300.*"
                                         r"1\.07 PiB of float32.*header is wrong"):
        read_word2vec(path)
    # compressed: the file size says nothing, the machine's memory does
    gz = tmp_path / "huge.txt.gz"
    with gzip.open(gz, "wb") as f:
        f.write(path.read_bytes())
    with pytest.raises(MemoryError, match=r"1,000,000,000,000 words x 300 dimensions as float32 would need 1\.07 PiB.*limit="):
        read_word2vec(gz)
    # with a limit the same header is fine up to the rows present
    gz_small = tmp_path / "ok.txt.gz"
    with gzip.open(gz_small, "wb") as f:
        f.write(b"1000000000000 2\nthe 1 2\n")
    assert read_word2vec(gz_small, limit=1)[0].tolist() == ["the"]


def test_detect_format(tmp_path):
    vecs = _random_vectors(seed=5)
    cases = {"t.txt": {}, "b.bin": {"binary": True}, "g.txt": {"write_header": False},
             "t.txt.gz": {}, "b.bin.gz": {"binary": True}, "g.txt.gz": {"write_header": False}}
    for name, kwargs in cases.items():
        write_word2vec(tmp_path / name, WORDS, vecs, **kwargs)
        assert detect_word2vec_format(tmp_path / name) == {
            "binary": kwargs.get("binary", False), "no_header": "write_header" in kwargs}
    # a GloVe file of dimension 1 whose first word is a number looks like a header
    (tmp_path / "g1.txt").write_bytes(b"3 5\nb 6\n")
    assert detect_word2vec_format(tmp_path / "g1.txt") == {"binary": False, "no_header": True}
    (tmp_path / "junk").write_bytes(b"hello world\n")
    with pytest.raises(ValueError, match="not a word2vec or GloVe file"):
        detect_word2vec_format(tmp_path / "junk")


# --- atomic writes ----------------------------------------------------------------------

def _listing(folder):
    return sorted(p.name for p in folder.iterdir())


def test_atomic_write_keeps_old_file_on_failure(tmp_path, monkeypatch):
    path = tmp_path / "v.txt"
    write_word2vec(path, ["old"], [[1.0]])
    before = path.read_bytes()
    # a word that cannot be encoded: refused before anything is written
    with pytest.raises(ValueError, match="not encodable as UTF-8"):
        write_word2vec(path, ["fine", "bad\ud800"], np.ones((2, 1)))
    assert path.read_bytes() == before and _listing(tmp_path) == ["v.txt"]
    # an exception in the middle of writing rows (here after the first block)
    monkeypatch.setattr(_word2vec_format, "_WRITE_ROWS", 2)
    calls = []

    def failing_block(words, rows):
        calls.append(len(words))
        if len(calls) == 2:
            raise KeyboardInterrupt
        return _word2vec_format._binary_block(words, rows)

    monkeypatch.setattr(_word2vec_format, "_binary_block", failing_block)
    for name in ("v.txt", "v.txt.gz"):
        with pytest.raises(KeyboardInterrupt):
            calls.clear()
            write_word2vec(tmp_path / name, list("abcde"), np.ones((5, 2)), binary=True)
    assert path.read_bytes() == before and _listing(tmp_path) == ["v.txt"]
    # the file replaced on success keeps the permissions open() would give
    with atomic_write(tmp_path / "new") as f:
        f.write(b"x")
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "new").stat().st_mode & 0o777 == 0o666 & ~umask


def test_atomic_write_follows_symlinks(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "v.txt"
    write_word2vec(target, ["old"], [[1.0]])
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_word2vec(link, ["new"], [[2.0]])
    assert link.is_symlink() and read_word2vec(target)[0].tolist() == ["new"]
    assert _listing(tmp_path / "real") == ["v.txt"]
    # a saved table lives beside the real manifest, whichever name saved or loads it
    WordVectors(["a"], [[1.0]]).save(tmp_path / "real" / "v.wv")
    (tmp_path / "v.wv").symlink_to(tmp_path / "real" / "v.wv")
    WordVectors(["b"], [[2.0]]).save(tmp_path / "v.wv")
    assert WordVectors.load(tmp_path / "v.wv").index_to_key == ["b"]
    assert len(_listing(tmp_path / "real")) == 3  # v.txt, v.wv and its one table


def test_atomic_write_gz_is_deterministic(tmp_path):
    for name in ("a.txt.gz", "b.txt.gz"):
        write_word2vec(tmp_path / name, WORDS, _random_vectors())
    assert (tmp_path / "a.txt.gz").read_bytes() == (tmp_path / "b.txt.gz").read_bytes()


# --- skw2v's .npy layout ----------------------------------------------------------------

def test_save_load_mmap(tmp_path):
    vecs = _random_vectors(seed=6)
    path = tmp_path / "vectors.wv"
    WordVectors(WORDS, vecs).save(path)
    files = _listing(tmp_path)
    assert len(files) == 2 and files[0] == "vectors.wv"
    table = tmp_path / files[1]
    assert files[1].startswith("vectors.wv.") and files[1].endswith(".npy")
    np.testing.assert_array_equal(np.load(table), vecs)  # a plain .npy file
    for mmap in (None, "r", "c"):
        wv = WordVectors.load(path, mmap=mmap)
        assert wv.index_to_key == WORDS and wv.vectors.tobytes() == vecs.tobytes()
        assert isinstance(wv.vectors, np.memmap) == (mmap is not None)
    wv = WordVectors.load(path, mmap="r")
    assert not wv.vectors.flags.writeable
    assert wv.most_similar("the", topn=2) == WordVectors(WORDS, vecs).most_similar("the", topn=2)
    # saving again replaces both files; the previous table is removed
    WordVectors(WORDS[:2], vecs[:2]).save(path)
    assert len(_listing(tmp_path)) == 2 and not table.exists()
    assert WordVectors.load(path).index_to_key == WORDS[:2]


def test_save_failure_leaves_previous_save(tmp_path, monkeypatch):
    path = tmp_path / "v.wv"
    WordVectors(["a"], [[1.0]]).save(path)
    before = _listing(tmp_path)

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(json, "dumps", boom)
    with pytest.raises(OSError, match="disk full"):
        WordVectors(["b", "c"], np.ones((2, 1))).save(path)
    monkeypatch.undo()
    assert _listing(tmp_path) == before
    assert WordVectors.load(path).index_to_key == ["a"]


def test_load_errors(tmp_path):
    path = tmp_path / "v.wv"
    WordVectors(["a", "b"], np.ones((2, 3))).save(path)
    table = next(p for p in tmp_path.iterdir() if p.suffix == ".npy")
    with pytest.raises(ValueError, match="mmap must be one of"):
        WordVectors.load(path, mmap="w+")
    np.save(table, np.ones((3, 3), np.float32))
    with pytest.raises(ValueError, match=r"shape \(3, 3\), but the manifest .* \(2, 3\)"):
        WordVectors.load(path)
    np.save(table, np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
    wv = WordVectors.load(path, mmap="r")  # a hand-made Fortran-ordered table: copied
    assert wv.vectors.flags.c_contiguous and wv["b"].tolist() == [3, 4, 5]
    table.unlink()
    with pytest.raises(FileNotFoundError, match="is missing; copy or move it together"):
        WordVectors.load(path)
    write_word2vec(tmp_path / "w2v.txt", ["a"], [[1.0]])
    with pytest.raises(ValueError, match="not a file written by WordVectors.save"):
        WordVectors.load(tmp_path / "w2v.txt")


# --- every format, arbitrary words and values ---------------------------------------------

FORMATS = {
    "text": ({}, {}),
    "binary": ({"binary": True}, {"binary": True}),
    "glove": ({"write_header": False}, {"no_header": True}),
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(_word, min_size=1, max_size=6, unique=True),
    d=st.integers(1, 5),
    data=st.data(),
    fmt=st.sampled_from(sorted(FORMATS) + ["npy"]),
    gz=st.booleans(),
)
def test_every_format_round_trips(tmp_path, words, d, data, fmt, gz):
    vecs = data.draw(hnp.arrays(np.float32, (len(words), d),
                                elements=st.floats(width=32, allow_nan=False, allow_infinity=False)))
    path = tmp_path / ("rt.gz" if gz else "rt")
    if fmt == "npy":
        write_vectors_npy(path, words, vecs)
        back_words, back = read_vectors_npy(path, mmap="r")
    else:
        write_kw, read_kw = FORMATS[fmt]
        write_word2vec(path, words, vecs, **write_kw)
        back_words, back = read_word2vec(path, **read_kw)
        assert detect_word2vec_format(path) == {"binary": fmt == "binary",
                                                "no_header": fmt == "glove"}
        kv = KeyedVectors.load_word2vec_format(str(path), **read_kw)
        assert kv.index_to_key == words and kv.vectors.tobytes() == vecs.tobytes()
    assert list(back_words) == words
    assert back.tobytes() == vecs.tobytes()


_HEADERS = st.sampled_from([b"", b"2 3\n", b"1 1\n", b"3 2\n", b"0 4\n", b"10 1\n", b"2 x\n"])
_BODY = st.lists(st.one_of(
    st.binary(max_size=12), st.sampled_from([b" ", b"\n", b"\r\n", b"0.5", b"-1e-3", b"nan",
                                             b"1e40", b"\xff", b"\xc3", b"word", b"\x00"])),
    max_size=20).map(b"".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=_HEADERS, body=_BODY, gz=st.booleans(),
       kwargs=st.sampled_from([{}, {"binary": True}, {"no_header": True},
                               {"unicode_errors": "replace"}, {"limit": 1}]))
def test_any_bytes_give_vectors_or_a_value_error(tmp_path, header, body, gz, kwargs):
    """Hostile files: finite vectors with distinct words, or a ValueError, never anything
    else (no IndexError, no NaN, no allocation the header asks for)."""
    path = tmp_path / "fuzz"
    data = header + body
    path.write_bytes(gzip.compress(data) if gz else data)
    try:
        words, vectors = read_word2vec(path, **kwargs)
    except ValueError:
        pass
    else:
        assert vectors.dtype == np.float32 and vectors.shape[0] == words.shape[0]
        assert np.isfinite(vectors).all() and len(set(words.tolist())) == len(words)
        assert all(isinstance(w, str) for w in words)
    try:
        found = detect_word2vec_format(path)
    except ValueError:
        pass
    else:
        assert set(found) == {"binary", "no_header"}
