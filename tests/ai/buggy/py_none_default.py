"""Counting words with a dict."""

TEXT = "the cat saw the other cat and the dog"


def word_counts():
    counts = {}
    for word in TEXT.split():
        counts[word] = counts.get(word) + 1
    assert counts["the"] == 3 and counts["cat"] == 2, counts
    return counts
