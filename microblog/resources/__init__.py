"""The traversal tree: root -> containers -> contexts, each carrying its ACL."""

from .root import Root


def root_factory(request):
    return Root(request)


def includeme(config):
    config.set_root_factory(root_factory)
