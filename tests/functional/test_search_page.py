"""``/search`` and the navbar's search box.

Results need real commits (the Whoosh index hears of a post after its commit): those tests
run on an app of their own, on each backend. The rest use the shared, rolled-back app.
"""

from urllib.parse import quote

import pytest

from ..support.queries import count_queries
from ..support.search import browser_for, create_user, on_each_backend, publish, search_app
from .api.conftest import basic, bearer

SPANISH = {"Accept-Language": "es-ES,es;q=0.9"}
HOSTILE_QUERIES = [
    '"',
    '"unbalanced',
    "AND OR NOT",
    "NOT NOT",
    "*",
    "?",
    "(",
    ")",
    "a AND (b OR",
    "id:1",
    "body:cat",
    "cat^9",
    "[a TO z]",
    "!:&|<->",
    "%00cat",
    "ñandú 中文 😀 \u202e",
    "x" * 5000,
    " ".join(f"word{n}" for n in range(900)),
    "<script>alert(1)</script>",
    "-",
    "' OR 1=1 --",
]


@pytest.fixture
def site(live_settings, search_backend):
    """An app of its own on a fresh database, two posts a page."""
    with search_app(live_settings, search_backend, **{"microblog.posts_per_page": "2"}) as app:
        yield app


@pytest.fixture
def ana_id(site):
    return create_user(site, "ana")


@pytest.fixture
def ana_browser(site, ana_id):
    return browser_for(site, "ana")


def test_anonymous_visitors_are_asked_to_sign_in_first(testapp):
    response = testapp.get("/search?q=cats", status=303)
    assert response.location == "http://example.com/login?next=%2Fsearch%3Fq%3Dcats"


@pytest.mark.parametrize("url", ["/search", "/search?q=", "/search?q=%20%20%09"])
def test_an_empty_query_says_what_the_search_box_is_for(as_ana, url):
    page = as_ana.get(url, status=200)
    assert page.html.select_one("h1").text == "Search"
    assert page.html.select_one("form.search-page-form input[name=q][required]")
    assert "the posts that contain them all show up here" in page.text
    assert not page.html.select("article.post")


@on_each_backend
def test_matching_posts_are_shown_like_every_list_of_posts(ana_browser, ana_id, site):
    publish(site, ana_id, "Hedgehogs sleep all winter", "Nothing to see here")
    page = ana_browser.get("/search?q=hedgehog")
    posts = page.html.select("article.post")
    assert [post.select_one(".post-body").text for post in posts] == ["Hedgehogs sleep all winter"]
    assert posts[0].select_one("a.user-link").text == "ana"
    assert "1 post found" in page.text
    assert page.html.select_one("#navbar-search")["value"] == "hedgehog"
    assert page.html.title.text.startswith("Search - ")


@on_each_backend
def test_a_query_without_matches_says_so(ana_browser):
    page = ana_browser.get("/search?q=unicorn")
    assert "No posts match your search." in page.text
    assert not page.html.select("article.post")


@on_each_backend
def test_result_pages_link_to_each_other_and_keep_the_query(ana_browser, ana_id, site):
    publish(site, ana_id, *[f"tulip number {n}" for n in range(5)])
    first = ana_browser.get("/search?q=tulip")
    assert "5 posts found" in first.text
    assert len(first.html.select("article.post")) == 2
    second = first.click("Next results")
    assert second.request.path_qs == "/search?q=tulip&page=2"
    third = second.click("Next results")
    assert len(third.html.select("article.post")) == 1
    assert not third.html.find("a", string=lambda text: text and "Next results" in text)
    assert third.click("Previous results").request.path_qs == "/search?q=tulip&page=2"
    shown = {
        post.select_one(".post-body").text
        for page in (first, second, third)
        for post in page.html.select("article.post")
    }
    assert shown == {f"tulip number {n}" for n in range(5)}


@on_each_backend
def test_any_query_text_gives_a_page(ana_browser, ana_id, site):
    publish(site, ana_id, "cats and dogs", "café ñandú")
    for query in HOSTILE_QUERIES:
        page = ana_browser.get(f"/search?q={quote(query)}&page=2")
        assert page.status_int == 200, query
    token = ana_browser.post("/api/tokens", headers=basic("ana")).json["token"]
    for query in HOSTILE_QUERIES:
        response = ana_browser.get(f"/api/search?q={quote(query)}", headers=bearer(token))
        assert response.status_int == 200, query
    page = ana_browser.get("/search?q=" + quote("<script>alert(1)</script>"))
    assert "<script>alert(1)" not in page.text
    assert "&lt;script&gt;alert(1)" in page.text


def test_a_query_that_is_not_utf8_is_a_bad_request(as_ana, ana):
    as_ana.get("/search?q=%FF%FE", status=400)
    token = as_ana.post("/api/tokens", headers=basic("ana")).json["token"]
    response = as_ana.get("/api/search?q=%FF%FE", headers=bearer(token), status=400)
    assert response.json["message"] == "The address or the form is not valid UTF-8."


def test_a_page_number_that_is_not_one_is_not_found(as_ana):
    as_ana.get("/search?q=cats&page=zero", status=404)


@on_each_backend
def test_a_search_runs_as_many_queries_for_few_results_as_for_many(
    ana_browser, ana_id, site, visits_already_noted
):
    other = create_user(site, "bob")
    publish(site, ana_id, "one orchid")
    publish(site, other, "two orchids", "a lily")
    engine = site.registry["dbengine"]
    ana_browser.get("/search?q=lily")
    with count_queries(engine) as one_result:
        ana_browser.get("/search?q=lily")
    with count_queries(engine) as two_results:
        ana_browser.get("/search?q=orchid")
    assert "2 posts found" in ana_browser.get("/search?q=orchid").text
    assert len(two_results) == len(one_result)


def test_signed_in_pages_have_a_labelled_search_box_in_the_navbar(as_ana):
    page = as_ana.get("/explore")
    form = page.html.select_one("nav form[role=search]")
    assert form["method"] == "get"
    assert form["action"] == "http://example.com/search"
    field = form.select_one("input[name=q]")
    assert form.select_one(f"label[for={field['id']}]").text.strip() == "Search posts"
    as_ana.post("/logout", {"csrf_token": page.html.select_one("meta[name=csrf-token]")["content"]})
    assert not as_ana.get("/login").html.select("form[role=search]")


@on_each_backend
def test_the_search_box_sends_the_words_to_the_search_page(ana_browser, ana_id, site):
    publish(site, ana_id, "Volcanoes are hot")
    form = ana_browser.get("/").forms["navbar-search-form"]
    form["q"] = "volcano"
    page = form.submit()
    assert page.request.path_qs == "/search?q=volcano"
    assert "Volcanoes are hot" in page.text


@on_each_backend
def test_the_search_page_speaks_spanish(ana_browser, ana_id, site):
    publish(site, ana_id, "gatos y perros", "más gatos")
    page = ana_browser.get("/search?q=gatos", headers=SPANISH)
    assert page.html.select_one("h1").text == "Resultados de la búsqueda «gatos»"
    assert "2 publicaciones encontradas" in page.text
    assert page.html.select_one("label[for=navbar-search]").text == "Buscar publicaciones"
    page = ana_browser.get("/search?q=ornitorrinco", headers=SPANISH)
    assert "Ninguna publicación coincide con tu búsqueda." in page.text
