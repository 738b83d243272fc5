import logging

import pytest
import webtest
from sqlalchemy import select

from microblog import main
from microblog.models import User

from ..conftest import make_settings


def test_not_found_page_has_the_site_look(as_ana):
    page = as_ana.get("/no/such/page", status=404)
    assert page.html.select_one("nav.navbar") is not None
    assert "The page you are looking for does not exist." in page.text


def test_clients_that_prefer_json_get_the_error_shape(as_ana):
    response = as_ana.get("/no/such/page", status=404, headers={"Accept": "application/json"})
    assert response.json == {
        "error": "Not Found",
        "message": "The page you are looking for does not exist.",
    }


def test_a_csrf_failure_is_a_friendly_400(as_ana):
    page = as_ana.post("/", {"post": "no token"}, status=400)
    assert "reload the page and try again" in page.text


@pytest.fixture
def failing_app(database, tmp_path):
    app = main(
        {},
        **make_settings(
            database[2](tmp_path), tmp_path / "var", **{"pyramid.includes": "tests.support.boom"}
        ),
    )
    yield webtest.TestApp(app, extra_environ={"HTTP_HOST": "example.com"})
    app.registry["dbengine"].dispose()


def test_an_unhandled_error_is_a_logged_500_in_the_site_look(failing_app, caplog):
    with caplog.at_level(logging.ERROR):
        page = failing_app.get("/boom", status=500)
    assert "An unexpected error has occurred." in page.text
    assert page.html.select_one("nav.navbar") is not None
    assert any("provoked by the tests" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)
    json_error = failing_app.get("/boom", status=500, headers={"Accept": "application/json"})
    assert json_error.json["error"] == "Internal Server Error"


def test_errors_are_logged_to_a_file_under_var(failing_app, tmp_path):
    failing_app.get("/boom", status=500)
    log_file = tmp_path / "var" / "log" / "microblog.log"
    assert "provoked by the tests" in log_file.read_text()


def test_a_failed_request_writes_nothing(failing_app):
    failing_app.post("/write-then-boom", status=500)
    session = failing_app.app.registry["dbsession_factory"]()
    try:
        assert session.scalar(select(User).where(User.username == "half-written")) is None
    finally:
        session.close()


def test_a_query_string_that_is_not_utf8_is_a_400_not_a_500(as_ana):
    for path in ("/explore?page=%FF", "/user/ana?page=%C3%28", "/search?q=%FF"):
        page = as_ana.get(path, status=400)
        assert page.html.select_one("nav.navbar") is not None
