"""``microblog seed CONFIG --users N --posts N``: realistic fake data, fast.

Rows go in by bulk inserts in batches; every seeded account shares one bcrypt hash (hashing
thousands of passwords would take minutes), and the password is printed at the end.
"""

import random
from datetime import timedelta

import click
from faker import Faker
from sqlalchemy import func, insert, select
from zope.sqlalchemy import mark_changed

from ..language import detect_language
from ..models import Post, User, followers, recount, utcnow
from ..services.search_index import count_posts, rebuild_index
from .env import app_env, config_argument

BATCH = 5_000
SEED_PASSWORD = "microblog"
# seconds between two seeded posts
POST_INTERVAL = 37


@click.command()
@config_argument
@click.option("--users", "user_count", default=100, show_default=True, type=click.IntRange(0))
@click.option("--posts", "post_count", default=1000, show_default=True, type=click.IntRange(0))
@click.option(
    "--follows",
    "follow_count",
    default=None,
    type=click.IntRange(0),
    help="Follow edges [default: as many as posts].",
)
@click.option("--random-seed", default=None, type=int, help="For repeatable data.")
@click.option(
    "--search-index/--no-search-index",
    default=True,
    show_default=True,
    help="Rebuild the search index at the end (else `microblog reindex` does it later).",
)
def seed(config_uri, user_count, post_count, follow_count, random_seed, search_index):
    """Fill the database with fake users, posts and follows."""
    rng = random.Random(random_seed)
    fake = Faker(["en_US", "es_ES"])
    if random_seed is not None:
        Faker.seed(random_seed)
    follow_count = post_count if follow_count is None else follow_count
    with app_env(config_uri) as env:
        request = env["request"]
        with request.tm:
            # the accounts are older than the oldest post to come (``_seed_posts``)
            since = timedelta(seconds=(post_count + 1) * POST_INTERVAL)
            user_ids = _seed_users(request.dbsession, fake, user_count, since)
        if not user_ids:
            with request.tm:
                user_ids = request.dbsession.scalars(select(User.id)).all()
        if not user_ids:
            raise click.ClickException("there are no users to write posts: use --users")
        with request.tm:
            _seed_posts(request.dbsession, fake, rng, user_ids, post_count)
        with request.tm:
            made = _seed_follows(request.dbsession, rng, user_ids, follow_count)
        # bulk inserts bypass the ORM, and the counts it keeps with it
        with request.tm:
            recount(request.dbsession)
        if search_index:
            # bulk inserts bypass the ORM, so the search index has not heard of these posts
            with click.progressbar(
                length=count_posts(request.registry["dbengine"]), label="Search index"
            ) as bar:
                rebuild_index(request, progress=bar.update)
    click.echo(
        f"Seeded {user_count} users, {post_count} posts and {made} follows. "
        f"Seeded users sign in with the password {SEED_PASSWORD!r}."
    )


def _seed_users(dbsession, fake, count, since):
    if not count:
        return []
    template = User()
    template.set_password(SEED_PASSWORD, rounds=10)
    start = (dbsession.scalar(select(func.max(User.id))) or 0) + 1
    now = utcnow()
    rows = []
    with click.progressbar(range(count), label="Users") as bar:
        for n in bar:
            uid = start + n
            name = fake.user_name()[:40]
            rows.append(
                {
                    "id": uid,
                    "username": f"{name}{uid}",
                    "email": f"{name}{uid}@example.com",
                    "password_hash": template.password_hash,
                    "about_me": fake.sentence(nb_words=8)[:140],
                    "last_seen": now - timedelta(minutes=uid % 10_000),
                    "created_at": now - since - timedelta(minutes=uid % 10_000),
                }
            )
    _bulk(dbsession, User.__table__, rows)
    return [row["id"] for row in rows]


def _seed_posts(dbsession, fake, rng, user_ids, count):
    now = utcnow()
    sentences = [fake.sentence(nb_words=rng.randint(4, 16))[:140] for _ in range(min(count, 2000))]
    languages = {text: detect_language(text) for text in sentences}
    rows = []
    with click.progressbar(range(count), label="Posts") as bar:
        for n in bar:
            body = rng.choice(sentences)
            rows.append(
                {
                    "body": body,
                    "timestamp": now - timedelta(seconds=(count - n) * POST_INTERVAL),
                    "user_id": rng.choice(user_ids),
                    "language": languages[body],
                }
            )
            if len(rows) >= BATCH:
                _bulk(dbsession, Post.__table__, rows)
                rows = []
    _bulk(dbsession, Post.__table__, rows)


def _seed_follows(dbsession, rng, user_ids, count):
    existing = {
        (a, b)
        for a, b in dbsession.execute(select(followers.c.follower_id, followers.c.followed_id))
    }
    possible = len(user_ids) * (len(user_ids) - 1) - len(existing)
    count = min(count, max(possible, 0))
    edges = set()
    with click.progressbar(length=count, label="Follows") as bar:
        while len(edges) < count:
            edge = (rng.choice(user_ids), rng.choice(user_ids))
            if edge[0] != edge[1] and edge not in existing and edge not in edges:
                edges.add(edge)
                bar.update(1)
    rows = [{"follower_id": a, "followed_id": b} for a, b in edges]
    for start in range(0, len(rows), BATCH):
        _bulk(dbsession, followers, rows[start : start + BATCH])
    return len(rows)


def _bulk(dbsession, table, rows):
    if rows:
        dbsession.execute(insert(table), rows)
        # Core inserts are invisible to zope.sqlalchemy: say the session changed
        mark_changed(dbsession)
