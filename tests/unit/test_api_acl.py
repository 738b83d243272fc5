"""The API's contexts grant what the web's grant (same ACL functions), without HTTP."""

from types import SimpleNamespace

from pyramid.authorization import ACLHelper, Authenticated, Everyone

from microblog.models import Message
from microblog.resources.root import Root
from microblog.security import VERIFIED, Permission

from ..support.factories import make_posts, make_user


def principals(user=None):
    return [Everyone] if user is None else [Everyone, Authenticated, f"user:{user.id}", VERIFIED]


def permits(context, user, permission):
    return bool(ACLHelper().permits(context, principals(user), permission))


def api(dbsession):
    return Root(SimpleNamespace(dbsession=dbsession))["api"]


def test_anonymous_callers_may_read_nothing(dbsession):
    ana = make_user(dbsession, "ana")
    branch = api(dbsession)
    for context in (
        branch["users"],
        branch["users"][str(ana.id)],
        branch["posts"],
        branch["feed"],
        branch["messages"],
        branch["search"],
    ):
        assert not permits(context, None, Permission.VIEW)


def test_only_the_owner_edits_an_account(dbsession):
    ana, bob = make_user(dbsession, "ana"), make_user(dbsession, "bob")
    account = api(dbsession)["users"][str(ana.id)]
    assert permits(account, ana, Permission.EDIT)
    assert not permits(account, bob, Permission.EDIT)
    assert permits(account, bob, Permission.VIEW)


def test_only_the_author_deletes_a_post(dbsession):
    ana, bob = make_user(dbsession, "ana"), make_user(dbsession, "bob")
    (post,) = make_posts(dbsession, ana, 1)
    context = api(dbsession)["posts"][str(post.id)]
    assert permits(context, ana, Permission.DELETE)
    assert not permits(context, bob, Permission.DELETE)


def test_only_the_two_parties_read_a_message(dbsession):
    ana, bob, carol = (make_user(dbsession, name) for name in ("ana", "bob", "carol"))
    message = Message(sender_id=ana.id, recipient_id=bob.id, body="hi")
    dbsession.add(message)
    dbsession.flush()
    context = api(dbsession)["messages"][str(message.id)]
    assert permits(context, ana, Permission.VIEW)
    assert permits(context, bob, Permission.VIEW)
    assert not permits(context, carol, Permission.VIEW)
    assert context.conceal_when_forbidden


def test_a_message_is_reported_by_its_recipient_alone_on_the_web_as_in_the_api(dbsession):
    ana, bob, carol = (make_user(dbsession, name) for name in ("ana", "bob", "carol"))
    message = Message(sender_id=ana.id, recipient_id=bob.id, body="hi")
    dbsession.add(message)
    dbsession.flush()
    root = Root(SimpleNamespace(dbsession=dbsession))
    for context in (root["api"]["messages"][str(message.id)], root["messages"][str(message.id)]):
        assert permits(context, bob, Permission.REPORT)
        assert not permits(context, ana, Permission.REPORT)
        assert not permits(context, carol, Permission.REPORT)
        assert not permits(context, carol, Permission.VIEW)
        assert context.conceal_when_forbidden


def test_signed_in_callers_may_follow_and_message(dbsession):
    ana, bob = make_user(dbsession, "ana"), make_user(dbsession, "bob")
    branch = api(dbsession)
    assert permits(branch["users"][str(bob.id)]["follow"], ana, Permission.FOLLOW)
    assert not permits(branch["users"][str(bob.id)]["follow"], None, Permission.FOLLOW)
    assert permits(branch["messages"], ana, Permission.MESSAGE)
