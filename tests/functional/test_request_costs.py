"""What a page costs beyond its own work: no session cookie signed again for nothing, no
template file looked at again outside development, compiled templates kept for the next
process."""

from pathlib import Path

import deform
from pyramid_jinja2 import IJinja2Environment

from microblog import main

from ..conftest import make_settings


def test_a_page_without_news_does_not_send_the_session_cookie_again(as_ana):
    as_ana.get("/")  # the flash of signing in is shown, and popped
    page = as_ana.get("/explore")
    assert "Set-Cookie" not in page.headers


def test_a_flash_message_is_shown_once_and_then_gone(as_ana, bob):
    profile = as_ana.get("/user/bob")
    follow = next(form for form in profile.forms.values() if form.action.endswith("/follow"))
    followed = follow.submit().follow()
    assert "You are following bob!" in followed.text
    assert "You are following bob!" not in as_ana.get("/user/bob").text


def jinja2_environment(app):
    return app.registry.queryUtility(IJinja2Environment, name=".jinja2")


def form_templates_reload():
    return deform.Form.default_renderer.load("form.pt").auto_reload


def test_outside_development_no_template_is_looked_at_again(database, tmp_path):
    app = main({}, **make_settings(database[1], tmp_path / "var"))
    try:
        assert not jinja2_environment(app).auto_reload
        assert not form_templates_reload()
    finally:
        app.registry["dbengine"].dispose()


def test_in_development_templates_reload(database, tmp_path):
    settings = make_settings(database[1], tmp_path / "var", **{"pyramid.reload_templates": "true"})
    app = main({}, **settings)
    try:
        assert jinja2_environment(app).auto_reload
        assert form_templates_reload()
    finally:
        app.registry["dbengine"].dispose()
        main({}, **make_settings(database[1], tmp_path / "var"))  # back to the tests' renderer


def test_compiled_templates_are_kept_under_var_for_the_next_process(as_ana, app_settings):
    as_ana.get("/explore")
    cache = Path(app_settings["microblog.var_dir"]) / "cache" / "jinja2"
    assert any(path.suffix == ".cache" for path in cache.iterdir())
