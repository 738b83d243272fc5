"""``/translate`` with real commits: the cache row is saved, and a slow translator does not
keep the database locked for everybody else meanwhile."""

import threading

import pytest
import webtest
from sqlalchemy import select

from microblog import main
from microblog.models import Post, Translation, User

from ..support.factories import PASSWORD, login

SPANISH = "Hoy hace un día precioso en Madrid"


@pytest.fixture
def live_app(live_settings, libre):
    app = main(
        {},
        **live_settings,
        **{"microblog.translator": "libretranslate", "microblog.libretranslate_url": libre.url},
    )
    with app.registry["dbsession_factory"]() as session:
        user = User(username="ana", email="ana@example.com")
        user.set_password(PASSWORD, rounds=4)
        session.add(user)
        session.commit()
    yield app
    app.registry["dbengine"].dispose()


def test_a_slow_translation_does_not_block_other_writers_and_is_cached(live_app, libre):
    browser = webtest.TestApp(live_app, extra_environ={"HTTP_HOST": "example.com"})
    login(browser, "ana")
    token = browser.get("/explore").html.find("meta", attrs={"name": "csrf-token"})["content"]
    answers = []
    libre.hold()
    translating = threading.Thread(
        target=lambda: answers.append(
            browser.post_json(
                "/translate",
                {"text": SPANISH, "source_language": "es", "dest_language": "en"},
                headers={"X-CSRF-Token": token},
            )
        )
    )
    translating.start()
    assert libre.arrived.wait(timeout=10), "the translator was never asked"

    # while the translator keeps the request waiting, somebody else publishes
    published = threading.Event()

    def publish():
        with live_app.registry["dbsession_factory"]() as session:
            author = session.scalar(select(User).where(User.username == "ana"))
            session.add(Post(body="Written while a translation is pending", author=author))
            session.commit()
        published.set()

    writer = threading.Thread(target=publish)
    writer.start()
    try:
        assert published.wait(timeout=3), "the pending translation held the database lock"
    finally:
        libre.release()
        translating.join(timeout=10)
        writer.join(timeout=10)

    assert answers[0].json == {"text": f"[en] {SPANISH}"}
    with live_app.registry["dbsession_factory"]() as session:
        assert session.scalars(select(Translation.text)).all() == [f"[en] {SPANISH}"]
