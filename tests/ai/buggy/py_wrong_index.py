"""Name utilities."""


def last_word(sentence):
    """The last word of a sentence, without punctuation.

    >>> last_word("the quick brown fox.")
    'fox'
    """
    words = sentence.strip(".!?").split()
    return words[1]
