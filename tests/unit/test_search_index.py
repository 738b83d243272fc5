"""The search service on both backends, with real commits: what the index holds and finds."""

import multiprocessing
import threading

import pytest
from sqlalchemy import select

from microblog import main
from microblog.models import Post

from ..support.search import (
    browser_for,
    create_user,
    delete,
    find,
    indexed_ids,
    on_each_backend,
    post_ids,
    publish,
    search_app,
)

HOSTILE_QUERIES = [
    '"',
    '"unbalanced quote',
    "'",
    "AND OR NOT",
    "NOT",
    "-",
    "--",
    "*",
    "?",
    "(",
    ")",
    "((",
    "a AND (b OR",
    "body:python",
    "id:1",
    "python^9",
    "[a TO z]",
    "{a TO z}",
    "!:&|<->",
    "python <-> pyramid",
    "ñandú café 中文 😀",
    "\x00python",
    "\u202e\u200b",
    "%",
    "\\",
    "x" * 5000,
    " ".join(f"word{n}" for n in range(900)),
]


pytestmark = on_each_backend


@pytest.fixture
def app(live_settings, search_backend):
    with search_app(live_settings, search_backend) as app:
        yield app


@pytest.fixture
def ana_id(app):
    return create_user(app, "ana")


def test_a_published_post_is_found_by_its_words_and_their_stems(app, ana_id):
    publish(app, ana_id, "Running with scissors is dangerous", "A quiet afternoon")
    assert find(app, "scissors") == (["Running with scissors is dangerous"], 1)
    assert find(app, "run") == (["Running with scissors is dangerous"], 1)
    assert find(app, "elephant") == ([], 0)


def test_a_post_of_pictures_alone_is_indexed_and_matches_no_words(app, ana_id):
    silent, spoken = publish(app, ana_id, "", "seals on the beach")
    if app.registry.settings["microblog.search_backend"] == "whoosh":
        assert indexed_ids(app) == {silent, spoken}
    assert find(app, "seals") == (["seals on the beach"], 1)
    assert find(app, "beach OR nothing") == (["seals on the beach"], 1)


def test_a_deleted_post_is_no_longer_found(app, ana_id):
    _kept, deleted = publish(app, ana_id, "penguins are birds", "penguins cannot fly")
    delete(app, deleted)
    assert find(app, "penguins") == (["penguins are birds"], 1)


def test_a_rolled_back_post_never_reaches_the_index(app, ana_id):
    with app.registry["dbsession_factory"]() as session:
        session.add(Post(body="a secret about walruses", user_id=ana_id))
        session.flush()
        session.rollback()
    publish(app, ana_id, "walruses are heavy")
    assert find(app, "walruses") == (["walruses are heavy"], 1)


def test_a_post_of_a_rolled_back_savepoint_stays_out_while_its_transaction_commits(app, ana_id):
    with app.registry["dbsession_factory"]() as session:
        session.add(Post(body="otters hold hands", user_id=ana_id))
        with session.begin_nested() as savepoint:
            session.add(Post(body="otters steal fish", user_id=ana_id))
            session.flush()
            savepoint.rollback()
        with session.begin_nested():
            session.add(Post(body="otters sleep floating", user_id=ana_id))
        session.commit()
    bodies, total = find(app, "otters")
    assert sorted(bodies) == ["otters hold hands", "otters sleep floating"]
    assert total == 2


def test_the_post_saying_the_word_most_often_ranks_first(app, ana_id):
    publish(
        app,
        ana_id,
        "I had coffee this morning while reading about gardens and rivers",
        "coffee coffee coffee: coffee all day",
        "coffee then tea",
    )
    bodies, total = find(app, "coffee")
    assert total == 3
    assert bodies[0] == "coffee coffee coffee: coffee all day"
    assert bodies[-1] == "I had coffee this morning while reading about gardens and rivers"


def test_a_phrase_ranks_its_exact_match_above_scattered_words(app, ana_id):
    publish(app, ana_id, "red wine and a blue cheese", "blue wine and red cheese")
    assert find(app, '"red wine"') == (["red wine and a blue cheese"], 1)
    bodies, _total = find(app, "red or wine or blue")
    assert len(bodies) == 2


def test_pages_split_the_matches_and_every_page_knows_the_total(app, ana_id):
    publish(app, ana_id, *[f"lighthouse number {n}" for n in range(7)])
    pages = [find(app, "lighthouse", page=n, per_page=3) for n in (1, 2, 3, 4)]
    assert [len(bodies) for bodies, _ in pages] == [3, 3, 1, 0]
    assert [total for _, total in pages] == [7, 7, 7, 7]
    shown = [body for bodies, _ in pages for body in bodies]
    assert sorted(shown) == sorted(f"lighthouse number {n}" for n in range(7))


def test_any_query_text_gives_an_answer(app, ana_id):
    publish(app, ana_id, "python and pyramid", "café ñandú")
    for query in HOSTILE_QUERIES:
        bodies, total = find(app, query)
        assert total >= len(bodies), query
    assert find(app, "ñandú café 中文 😀") == ([], 0)
    assert find(app, "ñandú café") == (["café ñandú"], 1)
    assert find(app, "python -pyramid") == ([], 0)


def test_posts_published_from_many_threads_are_all_in_the_index(search_backend, app, ana_id):
    threads = [threading.Thread(target=publish_and_delete, args=(app, ana_id, n)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(post_ids(app)) == 6 * 6
    if search_backend == "whoosh":
        assert indexed_ids(app) == post_ids(app)
    assert find(app, "marmot", per_page=100)[1] == 6 * 6


def publish_and_delete(app, user_id, thread):
    for n in range(9):
        (post_id,) = publish(app, user_id, f"marmot {thread}-{n}")
        if n % 3 == 2:
            delete(app, post_id)


def test_web_requests_in_threads_and_a_worker_process_keep_the_index_in_step(
    live_settings, search_backend, app, ana_id
):
    worker = multiprocessing.get_context("spawn").Process(
        target=worker_publishes, args=(live_settings, search_backend, ana_id, 20)
    )
    # Signed in one after the other: the first renders of Deform's templates compile them,
    # and CPython 3.11 can fail compiling in several threads at once (a SystemError)
    clients = []
    for n in range(4):
        create_user(app, f"web{n}")
        clients.append(browser_for(app, f"web{n}"))
    clients[0].get("/")
    worker.start()
    threads = [
        threading.Thread(target=web_user_publishes, args=(client, n, 5))
        for n, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    worker.join(timeout=120)
    assert worker.exitcode == 0
    assert len(post_ids(app)) == 20 + 4 * 5
    if search_backend == "whoosh":
        assert indexed_ids(app) == post_ids(app)
    assert find(app, "beaver", per_page=100)[1] == 20 + 4 * 5


def web_user_publishes(client, user, count):
    for n in range(count):
        form = client.get("/").forms["homeview"]
        form["post"] = f"beaver {user} {n}"
        form.submit(status=303)


def worker_publishes(settings, search_backend, user_id, count):
    """Publishes the way an RQ job does: the app bootstrapped in another process."""
    app = main({}, **settings, **{"microblog.search_backend": search_backend})
    for n in range(count):
        publish(app, user_id, f"beaver from the worker {n}")
    app.registry["dbengine"].dispose()


def test_a_post_deleted_behind_the_orm_leaves_the_index_when_a_search_finds_it(app, ana_id):
    (post_id,) = publish(app, ana_id, "a capybara in the sun")
    with app.registry["dbsession_factory"]() as session:
        session.execute(Post.__table__.delete().where(Post.id == post_id))
        session.commit()
    assert find(app, "capybara")[0] == []
    assert find(app, "capybara") == ([], 0)
    with app.registry["dbsession_factory"]() as session:
        assert session.scalar(select(Post.id).where(Post.id == post_id)) is None
