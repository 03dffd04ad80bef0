# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
import random

from wordfreq import top_words


def test_example():
    assert top_words("the cat and the hat", 2) == [("the", 2), ("and", 1)]


def test_punctuation_and_case():
    text = "Hello, hello! HELLO? world... World; end"
    assert top_words(text, 3) == [("hello", 3), ("world", 2), ("end", 1)]


def test_apostrophes_inside_words():
    assert top_words("don't stop; don't 'quote' it's", 2) == [("don't", 2), ("it's", 1)]


def test_unicode_letters():
    assert top_words("Ärger ärger café CAFÉ naïve", 2) == [("café", 2), ("ärger", 2)]


def test_digits_separate_words():
    assert top_words("abc123abc 42 x", 5) == [("abc", 2), ("x", 1)]


def test_fewer_than_n_and_non_positive():
    assert top_words("one two", 10) == [("one", 1), ("two", 1)]
    assert top_words("one two", 0) == []
    assert top_words("one two", -3) == []
    assert top_words("", 3) == []


def test_random_against_reference():
    rng = random.Random(20261123)
    vocab = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
    for _ in range(50):
        words = [rng.choice(vocab) for _ in range(rng.randint(0, 60))]
        seps = [" ", ", ", "; ", "!\n", " -- "]
        text = "".join(w.upper() if rng.random() < 0.3 else w for w in
                       (x + rng.choice(seps) for x in words))
        counts = {}
        for w in words:
            counts[w] = counts.get(w, 0) + 1
        n = rng.randint(1, 9)
        expected = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
        assert top_words(text, n) == expected
