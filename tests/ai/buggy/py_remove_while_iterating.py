"""Dropping empty entries from a list of tags."""

RAW = ["a", "", "", "b", "", "c"]


def clean_tags():
    tags = list(RAW)
    for tag in tags:
        if tag == "":
            tags.remove(tag)
    assert tags == ["a", "b", "c"], tags
    return tags
