"""Views and their helpers called directly, on ``dummy_request`` and ``app_request``: no
HTTP round trip."""

from microblog.resources.root import Root
from microblog.security import checks_csrf, forget_relationships
from microblog.views import redirect_back
from microblog.views.users import UserViews

from ..support.factories import make_posts, make_user


def test_redirect_back_prefers_next_then_the_referring_page_of_this_site(dummy_request):
    dummy_request.params = {"next": "/user/ana?page=2"}
    assert redirect_back(dummy_request, "/fallback").location == "/user/ana?page=2"

    dummy_request.params = {"next": "//evil.example/"}
    dummy_request.referrer = "http://example.com/explore?page=3"
    assert redirect_back(dummy_request, "/fallback").location == "/explore?page=3"

    dummy_request.referrer = "https://evil.example/explore"
    assert redirect_back(dummy_request, "/fallback").location == "/fallback"


def test_the_api_branch_is_spared_csrf_checks_and_the_site_is_not(dummy_request):
    dummy_request.path_info = "/api/posts"
    assert not checks_csrf(dummy_request)
    dummy_request.path_info = "/user/ana/follow"
    assert checks_csrf(dummy_request)
    dummy_request.path_info = "/apiary"
    assert checks_csrf(dummy_request)


def test_the_profile_and_its_popup_say_whether_one_follows_the_user(app_request, dbsession):
    ana, bob = make_user(dbsession, "ana"), make_user(dbsession, "bob")
    make_posts(dbsession, bob, 2)
    app_request.root = root = Root(app_request)
    app_request.user = ana
    bob_page = UserViews(root["user"]["bob"], app_request)
    app_request.context = bob_page.context

    popup = bob_page.popup()
    assert {key: popup[key] for key in ("user", "counts", "following")} == {
        "user": bob,
        "counts": bob.counts(),
        "following": False,
    }
    assert not popup["standing"]["blocking"]
    ana.follow(bob)
    forget_relationships(app_request)  # asked once per request: a follow since is news
    profile = bob_page.profile()
    assert profile["following"] is True
    assert profile["counts"] == {"posts": 2, "followers": 1, "followed": 0}
    assert [entry.post.user_id for entry in profile["page"]] == [bob.id, bob.id]

    own = UserViews(root["user"]["ana"], app_request)
    app_request.context = own.context
    assert own.summary()["following"] is False  # nobody follows themself
