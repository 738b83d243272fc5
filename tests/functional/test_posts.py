from sqlalchemy import func, select

from microblog.models import Post

from ..support.factories import login, make_posts, make_user


def publish(testapp, text):
    form = testapp.get("/").forms["homeview"]
    form["post"] = text
    return form.submit()


def post_count(dbsession):
    return dbsession.scalar(select(func.count()).select_from(Post))


def test_a_post_goes_live_on_the_home_page(as_ana, dbsession):
    response = publish(as_ana, "Hello from the tests, my friends")
    assert response.status_int == 303 and response.location == "http://example.com/"
    home = response.follow()
    assert "Your post is now live!" in home.text
    assert (
        home.html.select_one("article.post .post-body").text == "Hello from the tests, my friends"
    )
    post = dbsession.scalar(select(Post))
    assert post.author.username == "ana"
    assert post.language == "en"


def test_empty_and_too_long_posts_are_refused_on_the_field(as_ana, dbsession):
    for text, message in (
        ("", "Write something, or add a picture."),
        ("   ", "Write something, or add a picture."),
        ("x" * 141, "Must be at most 140 characters long."),
    ):
        page = publish(as_ana, text)
        assert page.status_int == 200
        assert message in page.html.select_one(".invalid-feedback").text
    assert post_count(dbsession) == 0
    assert publish(as_ana, "y" * 140).status_int == 303


def test_a_post_body_is_shown_escaped(as_ana):
    publish(as_ana, "<script>alert('x')</script>")
    page = as_ana.get("/")
    assert "<script>alert(" not in page.text
    assert "&lt;script&gt;alert(" in page.text


def test_home_shows_followed_and_own_posts_but_not_others(as_ana, ana, bob, dbsession):
    carol = make_user(dbsession, "carol")
    make_posts(dbsession, ana, 1)
    make_posts(dbsession, bob, 1)
    make_posts(dbsession, carol, 1)
    ana.follow(bob)
    bodies = [p.text for p in as_ana.get("/").html.select(".post-body")]
    assert bodies == ["Post number 0 by bob", "Post number 0 by ana"] or sorted(bodies) == [
        "Post number 0 by ana",
        "Post number 0 by bob",
    ]
    assert "Post number 0 by carol" not in bodies
    explore = [p.text for p in as_ana.get("/explore").html.select(".post-body")]
    assert sorted(explore) == sorted(
        ["Post number 0 by ana", "Post number 0 by bob", "Post number 0 by carol"]
    )


def test_lists_are_paginated_newest_first(as_ana, ana, dbsession, app_settings):
    per_page = 25
    make_posts(dbsession, ana, per_page + 3)
    for path in ("/", "/explore", "/user/ana"):
        first = as_ana.get(path)
        bodies = [p.text for p in first.html.select(".post-body")]
        assert len(bodies) == per_page
        assert bodies[0] == f"Post number {per_page + 2} by ana"
        older = first.html.select_one("a[rel=next]")
        assert older is not None and "page=2" in older["href"]
        assert first.html.select_one("a[rel=prev]") is None
        second = as_ana.get(older["href"])
        assert [p.text for p in second.html.select(".post-body")] == [
            f"Post number {i} by ana" for i in (2, 1, 0)
        ]
        newer = second.html.select_one("a[rel=prev]")
        assert newer is not None
        assert second.html.select_one("a[rel=next]") is None


def test_a_page_past_the_end_says_so_and_nonsense_pages_are_not_found(as_ana, ana):
    page = as_ana.get("/explore?page=9")
    assert "This page is past the last post." in page.text
    assert "There are no posts here yet." not in page.text
    assert page.html.find("a", string="Back to the newest posts")["href"] == (
        "http://example.com/explore"
    )
    for bad in ("0", "-1", "abc", "1.5", "99999999999"):
        as_ana.get(f"/explore?page={bad}", status=404)


def test_one_post_has_its_own_page(as_ana, ana, dbsession):
    post = make_posts(dbsession, ana, 1)[0]
    page = as_ana.get(f"/post/{post.id}")
    assert page.html.select_one(".post-body").text == post.body
    as_ana.get("/post/999999", status=404)
    as_ana.get("/post/abc", status=404)
    as_ana.get("/post/38642028597", status=404)  # past a 32-bit id: PostgreSQL would refuse it


def test_authors_delete_their_own_posts(as_ana, ana, dbsession):
    post = make_posts(dbsession, ana, 1)[0]
    page = as_ana.get("/")
    form = next(f for f in page.forms.values() if f.action.endswith(f"/post/{post.id}/delete"))
    response = form.submit()
    assert response.status_int == 303
    assert "Your post has been deleted." in response.follow().text
    assert post_count(dbsession) == 0


def test_nobody_deletes_another_users_post(testapp, ana, bob, dbsession):
    post = make_posts(dbsession, ana, 1)[0]
    login(testapp, "bob")
    page = testapp.get(f"/post/{post.id}")
    assert not [f for f in page.forms.values() if f.action.endswith("/delete")]
    token = page.html.select_one('meta[name="csrf-token"]')["content"]
    testapp.post(f"/post/{post.id}/delete", {"csrf_token": token}, status=403)
    assert post_count(dbsession) == 1


def test_deleting_without_csrf_token_is_refused(as_ana, ana, dbsession):
    post = make_posts(dbsession, ana, 1)[0]
    as_ana.post(f"/post/{post.id}/delete", status=400)
    assert post_count(dbsession) == 1
