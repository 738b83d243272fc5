"""Parts failing under a running app: the database goes down and comes back, Redis is down.
Every answer meanwhile is a clear 503 (or the page working without the part), never a 500,
and the app recovers by itself."""

import pytest
import webtest

from microblog import main

from ..conftest import make_settings, migrate
from ..support import postgres
from ..support.concurrency import basic
from ..support.factories import PASSWORD, login, make_user
from ..support.smtp import free_port


@pytest.fixture
def own_cluster():
    """A PostgreSQL server of this test's own, to stop and start again."""
    with postgres.running_cluster() as cluster:
        yield cluster


def test_with_the_database_down_the_api_and_pages_answer_503_then_recover(
    own_cluster, tmp_path, caplog
):
    url = own_cluster.create_database("microblog")
    migrate(url)
    app = main({}, **make_settings(url, tmp_path / "var"))
    try:
        with app.registry["dbsession_factory"]() as session:
            make_user(session, "ana")
            session.commit()
        api = webtest.TestApp(app, extra_environ={"HTTP_HOST": "example.com"})
        token = api.post("/api/tokens", headers=basic("ana")).json["token"]
        auth = {"Authorization": f"Bearer {token}"}
        web = webtest.TestApp(app, extra_environ={"HTTP_HOST": "example.com"})
        login(web, "ana", PASSWORD)
        api.get("/api/posts", headers=auth, status=200)

        # (a clean shutdown: the throwaway cluster does not sync what it commits)
        own_cluster.stop(mode="fast")
        down = api.get("/api/posts", headers=auth, status=503)
        assert down.json["error"] == "Service Unavailable"
        assert "database" in down.json["message"]
        assert down.headers["Retry-After"]
        page = web.get("/explore", status=503)
        assert "cannot reach its database" in page.text
        api.post_json("/api/posts", {"body": "lost?"}, headers=auth, status=503)
        web.get("/healthz", status=503)
        assert any("Database unavailable" in r.getMessage() for r in caplog.records)

        own_cluster.serve()
        api.get("/api/posts", headers=auth, status=200)
        assert "lost?" not in api.get("/api/posts", headers=auth).text
        assert web.get("/explore").status_int == 200, "the session survived the outage"
    finally:
        app.registry["dbengine"].dispose()


def test_with_redis_down_pages_sign_in_and_posting_work(make_app):
    app = make_app(**{"microblog.redis_url": f"redis://127.0.0.1:{free_port()}/0"})
    with app.registry["dbsession_factory"]() as session:
        make_user(session, "ana")
        session.commit()
    web = webtest.TestApp(app, extra_environ={"HTTP_HOST": "example.com"})
    login(web, "ana", PASSWORD)
    form = next(f for f in web.get("/").forms.values() if "post" in f.fields)
    form["post"] = "written while Redis is down"
    assert form.submit().status_int == 303
    assert "written while Redis is down" in web.get("/explore").text
    assert web.get("/healthz").json["redis"] == "down"
