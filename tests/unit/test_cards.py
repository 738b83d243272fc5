"""``cards``: what a list's post cards show, worked out once per page."""

from microblog.cards import PERMISSIONS, Decisions, rendered_body
from microblog.models.safety import block
from microblog.resources import context_for
from microblog.resources.root import Root
from microblog.security import Permission

from ..support.factories import make_posts, make_user


def test_decisions_per_kind_of_acl_agree_with_asking_the_acl_of_each_row(app_request, dbsession):
    ana, bob = make_user(dbsession, "ana"), make_user(dbsession, "bob")
    posts = make_posts(dbsession, ana, 2) + make_posts(dbsession, bob, 2)
    app_request.root = Root(app_request)
    for reader in (ana, bob, None):
        app_request.user = reader
        decisions = Decisions(app_request)
        for post in posts:
            asked = [
                bool(app_request.has_permission(p, context_for(app_request, post)))
                for p in PERMISSIONS
            ]
            assert decisions.of(post, *PERMISSIONS) == asked
        # one decision per kind of ACL: own posts and others' posts (one kind for nobody)
        assert len(decisions.known) == (1 if reader is None else 2)


def test_decisions_follow_a_reader_who_signs_in_during_the_request(app_request, dbsession):
    ana = make_user(dbsession, "ana")
    [post] = make_posts(dbsession, ana, 1)
    app_request.root = Root(app_request)
    app_request.user = None
    decisions = Decisions(app_request)
    assert decisions.of(post, *PERMISSIONS) == [False] * len(PERMISSIONS)
    app_request.user = ana
    asked = [
        bool(app_request.has_permission(p, context_for(app_request, post))) for p in PERMISSIONS
    ]
    assert decisions.of(post, *PERMISSIONS) == asked
    assert asked.count(True) >= len(PERMISSIONS) - 1  # all but reporting one's own post


def test_a_kept_body_links_to_the_site_it_was_rendered_for():
    body = "#Flask with @Ana"
    first = rendered_body(body, "https://a.example/", frozenset({"ana"}))
    second = rendered_body(body, "https://b.example/", frozenset({"ana"}))
    assert 'href="https://a.example/tag/flask"' in first
    assert 'href="https://a.example/user/ana"' in first
    assert 'href="https://b.example/tag/flask"' in second
    assert "user-link" not in rendered_body(body, "https://a.example/", frozenset())


def test_decisions_tell_apart_an_author_a_block_stands_between(app_request, dbsession):
    ana, bob, carol = (make_user(dbsession, name) for name in ("ana", "bob", "carol"))
    block(dbsession, ana, bob)
    dbsession.flush()
    posts = make_posts(dbsession, carol, 1) + make_posts(dbsession, bob, 1)
    app_request.root = Root(app_request)
    app_request.user = ana
    decisions = Decisions(app_request)
    for post in posts:
        asked = [
            bool(app_request.has_permission(p, context_for(app_request, post))) for p in PERMISSIONS
        ]
        assert decisions.of(post, *PERMISSIONS) == asked
    assert decisions.permits(Permission.REPLY, posts[0])
    assert not decisions.permits(Permission.REPLY, posts[1])
