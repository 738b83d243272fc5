"""Hashtags: ``/tag/{name}``."""

from sqlalchemy import select

from ..models import Tag
from ..richtext import TAG_MAX_LENGTH


class Tags:
    """The ``/tag`` container: ``/tag/{name}`` is a :class:`TagContext` (names are found
    whatever their case: ``/tag/Python`` is ``#python``)."""

    __name__ = "tag"

    def __init__(self, parent, request):
        self.__parent__, self.request = parent, request

    def __getitem__(self, name):
        return TagContext(find_tag(self.request.dbsession, name), parent=self)


def find_tag(dbsession, name):
    """The tag ``name`` (any case), or ``KeyError`` (which ends traversal: a 404)."""
    tag = None
    if 0 < len(name) <= TAG_MAX_LENGTH:
        tag = dbsession.scalar(select(Tag).where(Tag.name == name.lower()))
    if tag is None:
        raise KeyError(name)
    return tag


class TagContext:
    """One tag: the posts that carry it, and their Atom feed."""

    def __init__(self, tag, parent):
        self.tag, self.__parent__, self.__name__ = tag, parent, tag.name
