"""What every page is made of: titles, descriptions, icon, no inline code (the
Content-Security-Policy allows none), compression."""

import gzip
import re

import pytest
from webob import Request

from microblog.models.conversation import publish

from ..support.factories import make_posts

PAGES = [
    "/",
    "/explore",
    "/user/bob",
    "/user/ana",
    "/messages",
    "/search?q=bikes",
    "/search",
    "/user/ana/edit",
    "/user/bob/message",
    "/user/ana/likes",
    "/tag/bikes",
    "/notifications/all",
    "/no/such/page",
]
SIGNED_OUT = ["/login", "/register", "/reset_password_request"]


def inline_code(html):
    """Whatever a Content-Security-Policy without 'unsafe-inline' would refuse."""
    found = []
    for script in html.find_all("script"):
        if not script.get("src") and script.get("type") != "application/json":
            found.append(str(script)[:80])
    for tag in html.find_all(True):
        for name, value in tag.attrs.items():
            if name == "style" or name.startswith("on"):
                found.append(f"<{tag.name} {name}=...>")
            if name in ("href", "src", "action") and str(value).lower().startswith("javascript:"):
                found.append(f"<{tag.name} {name}={value}>")
    found += [str(style)[:80] for style in html.find_all("style")]
    return found


@pytest.fixture
def site(dbsession, ana, bob):
    make_posts(dbsession, bob, 2, body="Bikes and more bikes")
    ana.follow(bob)
    publish(dbsession, bob, "More #bikes, @ana: https://example.org/bikes")


def test_no_page_holds_inline_code_and_every_answer_has_the_policy(testapp, as_ana, site):
    for path in PAGES:
        response = as_ana.get(path, status="*")
        assert inline_code(response.html) == [], path
        policy = response.headers["Content-Security-Policy"]
        assert "'unsafe-inline'" not in policy
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
    testapp.reset()  # signed out
    for path in SIGNED_OUT:
        assert inline_code(testapp.get(path).html) == [], path


def test_pages_have_their_own_title_a_description_and_an_icon(as_ana, site, dbsession, ana):
    [post] = make_posts(dbsession, ana, 1, body="A post worth its own title")
    titles = {
        "/user/bob": "User: bob - Microblog",
        f"/post/{post.id}": "Post by ana - Microblog",
        "/explore": "Explore - Microblog",
        "/no/such/page": "Page not found - Microblog",
    }
    for path, title in titles.items():
        page = as_ana.get(path, status="*")
        assert page.html.title.string == title
        assert page.html.find("meta", attrs={"name": "description"})["content"]
    post_page = as_ana.get(f"/post/{post.id}")
    description = post_page.html.find("meta", attrs={"name": "description"})["content"]
    assert description == "A post worth its own title"
    ana_page = as_ana.get("/user/ana")
    assert ana_page.html.find("meta", attrs={"name": "description"})["content"] == (
        "I write about Pyramid."
    )
    icon = ana_page.html.find("link", rel="icon")["href"]
    assert as_ana.get(icon).content_type == "image/svg+xml"
    assert as_ana.get("/favicon.ico", status=301).location.split("?")[0] == (
        "http://example.com/static/favicon.svg"
    )


def test_crawlers_find_a_robots_txt_that_keeps_them_out_of_the_api(testapp):
    robots = testapp.get("/robots.txt")
    assert robots.content_type == "text/plain"
    assert "Disallow: /api/" in robots.text.splitlines()
    assert robots.cache_control.max_age > 0


def fetch(app, path, **headers):
    """The app's own answer, undecoded (WebTest would gunzip it)."""
    request = Request.blank(path, headers=headers, environ={"HTTP_HOST": "example.com"})
    return request.get_response(app)


def test_pages_and_assets_are_gzipped_for_clients_that_take_it(app):
    page = fetch(app, "/login", **{"Accept-Encoding": "gzip, deflate, br"})
    assert page.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in page.headers["Vary"]
    html = gzip.decompress(page.body).decode()
    assert "<title>Sign In - Microblog</title>" in html
    stylesheet = re.search(r'href="http://example.com(/static/css/site.min.css[^"]*)"', html)[1]
    css = fetch(app, stylesheet, **{"Accept-Encoding": "gzip"})
    assert css.headers["Content-Encoding"] == "gzip"
    assert len(css.body) < len(gzip.decompress(css.body)) / 3

    plain = fetch(app, "/login")
    assert "Content-Encoding" not in plain.headers
    assert "<title>Sign In - Microblog</title>" in plain.text
    refused = fetch(app, "/login", **{"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused.headers
    tiny = fetch(app, "/favicon.ico", **{"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in tiny.headers  # too small to be worth it


def test_the_pages_use_one_stylesheet_and_no_icon_font(testapp):
    page = testapp.get("/login")
    stylesheets = [
        link["href"]
        for link in page.html.find_all("link", rel="stylesheet")
        if not link.find_parent("noscript")
    ]
    assert len(stylesheets) == 1 and "site.min.css" in stylesheets[0]
    assert "bootstrap-icons" not in page.text
    # without scripts, a second stylesheet keeps the menu open
    assert "nojs.css" in page.html.find("noscript").decode_contents()
