"""Reading and writing word2vec files: skw2v.io against gensim 4.4, side by side.

    flock /tmp/skw2v-bench.lock python benchmarks/bench_io.py [--words 20000] [--dim 300]

Random float32 vectors (standard normal) under words "w0", "w1", ...; each side reads
and writes the same files, interleaved, and the medians are reported with their ratio.
Both sides' outputs are checked to be identical (bytes written, words and vectors read).
"""

import argparse
import os
import tempfile

import numpy as np
from gensim.models import KeyedVectors

from _common import side_by_side
from skw2v.io import read_word2vec, write_word2vec


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=20_000)
    parser.add_argument("--dim", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(args.words)]
    vectors = rng.standard_normal((args.words, args.dim)).astype(np.float32)
    kv = KeyedVectors(args.dim)
    kv.add_vectors(words, vectors)
    folder = tempfile.mkdtemp()
    print(f"{args.words:,} words x {args.dim}, {args.repeats} interleaved repeats, medians")
    print(f"{'operation':<14} {'skw2v':>8} {'gensim':>8} {'gensim / skw2v':>15}")
    for binary in (False, True):
        kind = "binary" if binary else "text"
        ours, theirs = (os.path.join(folder, f"{side}.{kind}") for side in ("ours", "gensim"))
        medians, _, _ = side_by_side({
            "ours": lambda: write_word2vec(ours, words, vectors, binary=binary),
            "gensim": lambda: kv.save_word2vec_format(theirs, binary=binary),
        }, args.repeats)
        with open(ours, "rb") as a, open(theirs, "rb") as b:
            assert a.read() == b.read(), "the two files differ"
        print(f"write {kind:<8} {medians['ours']:8.2f} {medians['gensim']:8.2f} "
              f"{medians['gensim'] / medians['ours']:15.2f}")
        medians, _, results = side_by_side({
            "ours": lambda: read_word2vec(ours, binary=binary),
            "gensim": lambda: KeyedVectors.load_word2vec_format(ours, binary=binary),
        }, args.repeats)
        read_words, read_vectors = results["ours"]
        assert read_words.tolist() == results["gensim"].index_to_key
        assert read_vectors.tobytes() == results["gensim"].vectors.tobytes()
        print(f"read {kind:<9} {medians['ours']:8.2f} {medians['gensim']:8.2f} "
              f"{medians['gensim'] / medians['ours']:15.2f}")


if __name__ == "__main__":
    main()
