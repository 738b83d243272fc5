"""A missing or broken search index, and ``microblog reindex CONFIG`` that rebuilds it."""

import logging
import shutil

import pytest
import webtest
from click.testing import CliRunner
from sqlalchemy import inspect, text

from microblog.scripts import cli

from ..support.search import (
    browser_for,
    create_user,
    find,
    index_dir,
    indexed_ids,
    on_each_backend,
    on_postgresql,
    post_ids,
    publish,
    search_app,
)
from .api.conftest import basic, bearer


@pytest.fixture
def site(live_settings):
    with search_app(live_settings, "whoosh") as app:
        yield app


@pytest.fixture
def ana_id(site):
    return create_user(site, "ana")


def write_ini(path, settings):
    lines = ["[app:main]", "use = egg:microblog"]
    lines += [f"{key} = {value}" for key, value in settings.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


def reindex(tmp_path, settings):
    ini = write_ini(tmp_path / "reindex.ini", settings)
    return CliRunner().invoke(cli, ["reindex", str(ini)], catch_exceptions=False)


def break_index(app):
    for toc in index_dir(app).glob("_MAIN_*.toc"):
        toc.write_bytes(b"this is not an index")


@pytest.mark.parametrize(
    "damage", [break_index, lambda app: shutil.rmtree(index_dir(app))], ids=["broken", "missing"]
)
def test_without_a_usable_index_search_says_it_is_unavailable_and_the_rest_works(
    site, ana_id, damage, caplog
):
    publish(site, ana_id, "a post about owls")
    browser = browser_for(site, "ana")
    damage(site)
    caplog.clear()
    page = browser.get("/search?q=owls", status=503)
    assert "Search is unavailable right now." in page.text
    assert not page.html.select("article.post")
    page = browser.get("/search?q=owls", headers={"Accept-Language": "es"}, status=503)
    assert "La búsqueda no está disponible en este momento." in page.text
    assert any(
        record.levelno == logging.ERROR and record.name.startswith("microblog.services")
        for record in caplog.records
    )
    form = browser.get("/").forms["homeview"]
    form["post"] = "owls again, while search is down"
    form.submit(status=303).follow(status=200)
    assert "owls again, while search is down" in browser.get("/explore").text


def test_without_a_usable_index_the_api_answers_503_with_the_error_shape(site, ana_id):
    publish(site, ana_id, "a post about owls")
    api = webtest.TestApp(site, extra_environ={"HTTP_HOST": "example.com"})
    token = api.post("/api/tokens", headers=basic("ana")).json["token"]
    assert api.get("/api/search?q=owls", headers=bearer(token)).json["_meta"]["total_items"] == 1
    break_index(site)
    response = api.get("/api/search?q=owls", headers=bearer(token), status=503)
    assert response.json == {
        "error": "Service Unavailable",
        "message": "Search is not available right now.",
    }


def test_reindex_rebuilds_a_deleted_index_from_the_database(site, ana_id, live_settings, tmp_path):
    publish(site, ana_id, "one starling", "two starlings", "a wren")
    shutil.rmtree(index_dir(site))
    result = reindex(tmp_path, live_settings)
    assert result.exit_code == 0, result.output
    assert "Indexing posts (whoosh)" in result.output
    assert "The search index holds 3 posts." in result.output
    assert indexed_ids(site) == post_ids(site)
    assert find(site, "starling")[1] == 2


def test_reindex_repairs_a_broken_index_and_search_works_again(
    site, ana_id, live_settings, tmp_path
):
    publish(site, ana_id, "a heron by the lake")
    browser = browser_for(site, "ana")
    break_index(site)
    browser.get("/search?q=heron", status=503)
    assert reindex(tmp_path, live_settings).exit_code == 0
    assert "a heron by the lake" in browser.get("/search?q=heron").text


def test_reindex_drops_posts_the_database_no_longer_has(site, ana_id, live_settings, tmp_path):
    kept, gone = publish(site, ana_id, "a robin", "another robin")
    with site.registry["dbengine"].begin() as connection:
        connection.execute(text("DELETE FROM post WHERE id = :id"), {"id": gone})
    assert indexed_ids(site) == {kept, gone}
    assert reindex(tmp_path, live_settings).exit_code == 0
    assert indexed_ids(site) == {kept}


@on_each_backend
def test_reindex_works_on_either_backend(live_settings, search_backend, tmp_path):
    settings = {**live_settings, "microblog.search_backend": search_backend}
    with search_app(live_settings, search_backend) as app:
        publish(app, create_user(app, "ana"), "kingfishers dive", "a quiet pond")
        result = reindex(tmp_path, settings)
        assert result.exit_code == 0, result.output
        assert "The search index holds 2 posts." in result.output
        assert find(app, "kingfisher") == (["kingfishers dive"], 1)


@on_postgresql
def test_reindex_on_postgresql_recreates_a_dropped_gin_index(live_settings, tmp_path):
    settings = {**live_settings, "microblog.search_backend": "postgresql"}
    with search_app(live_settings, "postgresql") as app:
        engine = app.registry["dbengine"]
        with engine.begin() as connection:
            connection.execute(text("DROP INDEX ix_post_body_tsvector"))
        assert reindex(tmp_path, settings).exit_code == 0
        indexes = {index["name"] for index in inspect(engine).get_indexes("post")}
        assert "ix_post_body_tsvector" in indexes
