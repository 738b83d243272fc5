"""A request that only read ends its transaction with a COMMIT: a ROLLBACK would empty
psycopg's prepared statements, and PostgreSQL would plan a page's statements every time."""

from sqlalchemy import event

from ..support.factories import login
from ..support.search import create_user, publish
from .conftest import browse


def test_a_page_that_only_reads_commits_its_transaction(make_app):
    app = make_app()
    engine = app.registry["dbengine"]
    publish(app, create_user(app, "ana"), "Something to read")
    browser = browse(app)
    login(browser, "ana")
    browser.get("/explore")  # warm up (the first request may set things up)
    ends = []
    on_commit, on_rollback = (
        (lambda conn: ends.append("commit")),
        (lambda conn: ends.append("rollback")),
    )
    event.listen(engine, "commit", on_commit)
    event.listen(engine, "rollback", on_rollback)
    try:
        assert browser.get("/explore").status_int == 200
        assert browser.get("/user/ana").status_int == 200
    finally:
        event.remove(engine, "commit", on_commit)
        event.remove(engine, "rollback", on_rollback)
    assert ends and set(ends) == {"commit"}
