"""Tagging helpers."""


def add_tag(tag, tags=None):
    """Returns the tags with `tag` added (a new list when none is given).

    >>> add_tag("urgent")
    ['urgent']
    >>> add_tag("later")
    ['later']
    """
    if tags is None:
        tags = []
    tags.append(tag)
    return tags
