"""The token checks of string documents (done at C speed, named by _check_tokens)."""

import pytest

from skw2v import CooccurrenceVectorizer


@pytest.mark.parametrize("tokens, error, match", [
    (["a", "b\x1fc"], ValueError, "control character"),
    (["a\x1e", "b"], ValueError, "control character"),
    (["\x1f"], ValueError, "control character"),
    (["a", ""], ValueError, "empty token"),
    (["a", 3], TypeError, "tokens must be str, got int"),
])
def test_bad_tokens_from_a_tokenizer(tokens, error, match):
    vec = CooccurrenceVectorizer(tokenizer=lambda doc: list(tokens), min_count=1)
    with pytest.raises(error, match=match):
        vec.fit_transform(["x y", "y z"])


def test_a_pattern_that_keeps_the_separator():
    # "\x1f" is whitespace to Python's regular expressions: a pattern of "not space"
    vec = CooccurrenceVectorizer(token_pattern=r"[^ ]+", min_count=1, subsample=None)
    with pytest.raises(ValueError, match="control character"):
        vec.fit_transform(["a b\x1fc d"])
    counts = CooccurrenceVectorizer(token_pattern=r"[^ ]+", min_count=1,
                                    subsample=None).fit_transform(
        ["a b", "", "b c a"])  # an empty document is fine
    assert sorted(counts.words) == ["a", "b", "c"]
