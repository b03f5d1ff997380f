"""User name normalisation."""


def normalize(name):
    """Trimmed, lower-case, single-spaced.

    >>> normalize("  Ada   LOVELACE ")
    'ada lovelace'
    """
    cleaned = " ".join(name.split()).lower()
