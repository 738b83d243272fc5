"""The traversal tree: root -> containers -> contexts, each carrying its ACL."""

from ..models import Message, Post, User
from .messages import MessageContext
from .posts import PostContext
from .root import Root
from .users import UserContext

# the container (a child of the root) and the context class of each kind of row
CONTEXTS = {
    Post: ("post", PostContext),
    User: ("user", UserContext),
    Message: ("messages", MessageContext),
}


def root_factory(request):
    return Root(request)


def context_for(request, row):
    """The context of ``row`` (a post, a user, a message) in the tree, as traversal would
    find it but without a query: what ``request.has_permission`` asks about (``can`` in
    templates)."""
    container, context_class = CONTEXTS[type(row)]
    return context_class(row, parent=request.root[container])


def includeme(config):
    config.set_root_factory(root_factory)
