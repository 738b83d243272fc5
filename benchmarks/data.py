"""The benchmark's data, seeded once per database and size, and kept for the next run.

2,000 users, N posts and 101,000 follows (the tutorial's app was measured on the same), with
``microblog seed`` (repeatable: ``--random-seed 1``). SQLite data lives in a file per size;
PostgreSQL data in a throwaway cluster (the tests' own, ``tests/support/postgres.py``) whose
folder is kept, one database per size. A dataset is ready when its counters say it holds
its posts; the posts the write benchmark adds are taken out again afterwards.
"""

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.postgres import (  # noqa: E402
    ThrowawayPostgres,
    _unprivileged_user,
    find_binary,
)

BIN = Path(sys.executable).parent
USERS, FOLLOWS = 2000, 101_000
SECRET_KEY = "benchmark-secret-key-0123456789abcdef"


@dataclass
class Dataset:
    """One database holding one size of data, and how the app reaches it."""

    kind: str
    posts: int
    url: str
    var_dir: Path
    environment: dict = field(default_factory=dict)

    @property
    def name(self):
        return (
            f"{self.kind} {self.posts // 1000}k"
            if self.posts < 10**6
            else (f"{self.kind} {self.posts // 10**6}M")
        )

    def app_environment(self):
        """The environment the app runs in: production.ini's settings, this database."""
        return {
            **self.environment,
            "SECRET_KEY": SECRET_KEY,
            # production refuses to start without it; the links it makes are not followed
            "PUBLIC_URL": "http://localhost",
            "DATABASE_URL": self.url,
            "VAR_DIR": str(self.var_dir),
            "LOG_TO_STDOUT": "1",
            # the write benchmark posts as fast as it can, from one account
            "RATELIMIT_POST": "1000000 per minute",
            "PATH": f"{BIN}:{os.environ.get('PATH', '')}",
        }

    def scalar(self, sql, **params):
        engine = create_engine(self.url)
        try:
            with engine.begin() as connection:
                return connection.execute(text(sql), params).scalar()
        finally:
            engine.dispose()


class KeptPostgres(ThrowawayPostgres):
    """The tests' throwaway cluster, started again from its folder when it exists."""

    def start(self):
        if not (self.data / "PG_VERSION").exists():
            return super().start()
        if os.geteuid() == 0:
            self.user = _unprivileged_user()
        return self.serve()

    def postmaster_pid(self):
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def stop(self):
        # "fast", not the tests' "immediate": the next run starts from a clean shutdown
        self._run(find_binary("pg_ctl"), "-D", str(self.data), "-m", "fast", "stop")


def prepare(kind, posts, folder, cluster=None, ini=None):
    """The dataset of ``kind`` with ``posts`` posts under ``folder``, seeded if needed."""
    var_dir = folder / f"{kind}-{posts}" / "var"
    var_dir.mkdir(parents=True, exist_ok=True)
    if kind == "sqlite":
        dataset = Dataset(kind, posts, f"sqlite:///{var_dir / 'microblog.sqlite'}", var_dir)
    else:
        name = f"microblog_{posts}"
        url = cluster.url(name)
        if not _database_exists(cluster, name):
            cluster.create_database(name)
        dataset = Dataset(kind, posts, url, var_dir, {"SEARCH_BACKEND": "postgresql"})
    # kept data follows the code's schema: a run after a new migration upgrades it first
    subprocess.run(
        [BIN / "alembic", "-c", ini, "upgrade", "head"],
        check=True,
        env=dataset.app_environment(),
        capture_output=True,
    )
    if _seeded_posts(dataset) != posts:
        seed(dataset, ini)
    settle(dataset)
    return dataset


def _database_exists(cluster, name):
    engine = create_engine(cluster.url("postgres"))
    try:
        with engine.connect() as connection:
            found = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            return found.scalar() is not None
    finally:
        engine.dispose()


def _seeded_posts(dataset):
    try:
        return dataset.scalar("SELECT value FROM counter WHERE name = 'posts'")
    except Exception:  # no database, no tables yet: not seeded
        return None


def seed(dataset, ini):
    environment = dataset.app_environment()
    print(f"seeding {dataset.name} (once; kept for the next runs)", flush=True)
    existing = dataset.scalar("SELECT count(*) FROM post")
    if existing:
        raise RuntimeError(
            f"{dataset.url} holds {existing} posts but not {dataset.posts}: remove it and run again"
        )
    command = [
        BIN / "microblog",
        "seed",
        ini,
        "--users",
        str(USERS),
        "--posts",
        str(dataset.posts),
        "--follows",
        str(FOLLOWS),
        "--random-seed",
        "1",
        "--no-search-index",
    ]
    subprocess.run(command, check=True, env=environment, stdout=subprocess.DEVNULL)


def settle(dataset):
    """PostgreSQL: vacuum and analyze, as autovacuum does on a settled site. Otherwise
    autovacuum's first pass over freshly seeded rows ran during the first rows measured
    (as the database server's CPU), and the rows a write benchmark removed again left the
    newest pages without their visibility bits: ``?page=2000``'s index-only scan then read
    ~10,000 rows from the table (29.5 ms instead of 7.8 ms at 100k posts)."""
    if dataset.kind != "postgresql":
        return
    engine = create_engine(dataset.url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("VACUUM ANALYZE"))
    finally:
        engine.dispose()


def busiest_user(dataset):
    """The user who follows the most people: the heaviest home timeline."""
    return dataset.scalar(
        'SELECT u.username FROM "user" u JOIN followers f ON f.follower_id = u.id '
        "GROUP BY u.id, u.username ORDER BY count(*) DESC, u.id LIMIT 1"
    )


def remove_benchmark_posts(dataset, prefix, user):
    """Take the write benchmark's posts (and their counts) out of the dataset again."""
    engine = create_engine(dataset.url)
    try:
        with engine.begin() as connection:
            found = {"prefix": f"{prefix} %"}
            removed = connection.execute(
                text("DELETE FROM post WHERE body LIKE :prefix"), found
            ).rowcount
            connection.execute(
                text('UPDATE "user" SET post_count = post_count - :n WHERE username = :user'),
                {"n": removed, "user": user},
            )
            connection.execute(
                text("UPDATE counter SET value = value - :n WHERE name = 'posts'"), {"n": removed}
            )
    finally:
        engine.dispose()
    settle(dataset)
