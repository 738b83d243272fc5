from pyramid.authorization import ACLHelper, Authenticated, Everyone
from pyramid_jinja2 import IJinja2Environment

from microblog.models.conversation import delete_post, publish
from microblog.resources import context_for
from microblog.resources.posts import DeletedPostContext, PostContext, Posts
from microblog.resources.root import Root
from microblog.resources.users import UserContext, Users
from microblog.security import MODERATOR, VERIFIED, Permission, blocked_principal

from ..support.factories import make_posts, make_user


def principals(user=None, verified=True, extra=()):
    if user is None:
        return [Everyone]
    return [Everyone, Authenticated, f"user:{user.id}", *([VERIFIED] if verified else []), *extra]


def permits(context, user, permission, **kw):
    return bool(ACLHelper().permits(context, principals(user, **kw), permission))


def contexts(dbsession, owner):
    root = Root(request=None)
    user_ctx = UserContext(owner, parent=Users(root, None))
    post = make_posts(dbsession, owner, 1)[0]
    return root, user_ctx, PostContext(post, parent=Posts(root, None))


def test_anonymous_visitors_may_do_nothing(dbsession):
    ana = make_user(dbsession, "ana")
    for context in contexts(dbsession, ana):
        for permission in Permission:
            assert not permits(context, None, permission), (context, permission)


def test_users_edit_and_export_only_themselves(dbsession):
    ana, bob = make_user(dbsession, "ana"), make_user(dbsession, "bob")
    _root, ana_ctx, _post = contexts(dbsession, ana)
    for permission in (Permission.EDIT, Permission.EXPORT):
        assert permits(ana_ctx, ana, permission)
        assert not permits(ana_ctx, bob, permission)


def test_users_follow_and_message_others_but_not_themselves(dbsession):
    ana, bob = make_user(dbsession, "ana"), make_user(dbsession, "bob")
    _root, ana_ctx, _post = contexts(dbsession, ana)
    for permission in (Permission.FOLLOW, Permission.MESSAGE):
        assert permits(ana_ctx, bob, permission)
        assert not permits(ana_ctx, ana, permission)


def test_only_the_author_edits_a_post_and_anyone_signed_in_answers_likes_and_reposts_it(
    dbsession,
):
    ana, bob = make_user(dbsession, "ana"), make_user(dbsession, "bob")
    _root, _user, post_ctx = contexts(dbsession, ana)
    assert permits(post_ctx, ana, Permission.EDIT)
    assert not permits(post_ctx, bob, Permission.EDIT)
    for permission in (Permission.REPLY, Permission.LIKE, Permission.REPOST):
        assert permits(post_ctx, bob, permission)
        assert permits(post_ctx, ana, permission)
        assert not permits(post_ctx, None, permission)


def test_a_deleted_post_kept_for_its_replies_can_only_be_read(dbsession):
    ana, bob = make_user(dbsession, "ana"), make_user(dbsession, "bob")
    root, _user, post_ctx = contexts(dbsession, ana)
    publish(dbsession, bob, "an answer", in_reply_to=post_ctx.post)
    delete_post(dbsession, post_ctx.post)
    tombstone = DeletedPostContext(post_ctx.post, parent=Posts(root, None))
    assert permits(tombstone, bob, Permission.VIEW)
    for permission in set(Permission) - {Permission.VIEW, Permission.POST}:
        assert not permits(tombstone, ana, permission), permission
        assert not permits(tombstone, bob, permission), permission


def test_only_the_user_sees_what_they_liked(dbsession):
    ana, bob = make_user(dbsession, "ana"), make_user(dbsession, "bob")
    _root, ana_ctx, _post = contexts(dbsession, ana)
    assert permits(ana_ctx, ana, Permission.VIEW_LIKES)
    assert not permits(ana_ctx, bob, Permission.VIEW_LIKES)


def test_only_the_author_deletes_a_post_and_everyone_signed_in_reads_it(dbsession):
    ana, bob = make_user(dbsession, "ana"), make_user(dbsession, "bob")
    root, _user, post_ctx = contexts(dbsession, ana)
    assert permits(post_ctx, ana, Permission.DELETE)
    assert not permits(post_ctx, bob, Permission.DELETE)
    assert permits(post_ctx, bob, Permission.VIEW)
    assert permits(root, bob, Permission.POST)


def can(app_request, permission, row):
    """The templates' ``can(permission, row)``, as a template calls it."""
    environment = app_request.registry.getUtility(IJinja2Environment, name=".jinja2")
    template = environment.from_string("{{ can(permission, row) }}")
    return template.render(request=app_request, permission=permission, row=row) == "True"


def test_templates_ask_the_acl_of_a_rows_context(app_request, dbsession):
    ana, bob = make_user(dbsession, "ana"), make_user(dbsession, "bob")
    [post] = make_posts(dbsession, ana, 1)
    app_request.root = Root(app_request)

    app_request.user = ana
    assert can(app_request, Permission.DELETE, post)
    assert can(app_request, Permission.EXPORT, ana)
    assert not can(app_request, Permission.FOLLOW, ana)
    app_request.user = bob
    assert not can(app_request, Permission.DELETE, post)
    assert not can(app_request, Permission.EXPORT, ana)
    assert can(app_request, Permission.FOLLOW, ana)


def test_the_context_of_a_row_is_the_one_traversal_finds(app_request, dbsession):
    ana = make_user(dbsession, "ana")
    [post] = make_posts(dbsession, ana, 1)
    app_request.root = Root(app_request)
    post_context = context_for(app_request, post)
    assert isinstance(post_context, PostContext) and post_context.post is post
    assert app_request.resource_url(post_context) == f"http://example.com/post/{post.id}/"
    assert app_request.resource_url(context_for(app_request, ana)) == "http://example.com/user/ana/"


def test_an_address_still_to_confirm_reads_but_neither_publishes_nor_messages(dbsession):
    ana, bob = make_user(dbsession, "ana"), make_user(dbsession, "bob")
    root, ana_ctx, _post = contexts(dbsession, ana)
    assert permits(root, bob, Permission.VIEW, verified=False)
    assert not permits(root, bob, Permission.POST, verified=False)
    assert not permits(ana_ctx, bob, Permission.MESSAGE, verified=False)
    assert permits(ana_ctx, bob, Permission.FOLLOW, verified=False)


def test_a_block_either_way_withholds_following_and_messaging_but_not_reading(dbsession):
    ana, bob = make_user(dbsession, "ana"), make_user(dbsession, "bob")
    _root, ana_ctx, _post = contexts(dbsession, ana)
    blocked = [blocked_principal(ana.id)]
    for permission in (Permission.FOLLOW, Permission.MESSAGE):
        assert not permits(ana_ctx, bob, permission, extra=blocked)
    assert permits(ana_ctx, bob, Permission.VIEW, extra=blocked)


def test_people_report_and_block_others_but_not_themselves_or_their_own_posts(dbsession):
    ana, bob = make_user(dbsession, "ana"), make_user(dbsession, "bob")
    _root, ana_ctx, post_ctx = contexts(dbsession, ana)
    for permission in (Permission.BLOCK, Permission.REPORT):
        assert permits(ana_ctx, bob, permission)
        assert not permits(ana_ctx, ana, permission)
    assert permits(post_ctx, bob, Permission.REPORT)
    assert not permits(post_ctx, ana, Permission.REPORT)


def test_the_moderator_role_grants_nothing_on_the_site_tree_beyond_a_user(dbsession):
    ana, bob = make_user(dbsession, "ana"), make_user(dbsession, "bob")
    _root, ana_ctx, post_ctx = contexts(dbsession, ana)
    assert not permits(post_ctx, bob, Permission.DELETE, extra=[MODERATOR])
    assert not permits(ana_ctx, bob, Permission.EDIT, extra=[MODERATOR])
