"""The speed of Microblog under load: ``make bench`` (``.venv/bin/python benchmarks/bench.py``).

For each database (SQLite, a throwaway PostgreSQL) and size (100k and 1M posts; 2,000 users,
101,000 follows), it serves the app as shipped (``production.ini``, one waitress process per
core) and the hello-world Pyramid view the same way, signs in as the user who follows the
most people, and drives each endpoint with wrk at 8 and at 64 connections: the home
timeline (pages 1 and 5), explore (pages 1 and 2,000), a profile, ``/api/posts`` and
``/api/feed``; then ``POST /`` and ``POST /api/posts``, checking that every accepted post
was stored once. It reports req/s, p50/p90/p99 latency, non-2xx answers, the CPU per
request of the server's processes and of the database server, and peak memory; writes
``benchmarks/results.json`` and the table of the README's "Benchmark" section; and says
which of issue 14's targets are met. Seeded data is kept (``--dir``) for the next run.
This is a measurement, not a test: nothing fails when it is slow.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import data
import load
import report
from servers import Cost, Server

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
READS = [  # (name, path, kind); {user} is the signed-in user
    ("home", "/", "html"),
    ("home ?page=5", "/?page=5", "html"),
    ("explore", "/explore", "html"),
    ("explore ?page=2000", "/explore?page=2000", "html"),
    ("profile", "/user/{user}", "html"),
    ("api posts", "/api/posts", "api"),
    ("api feed", "/api/feed", "api"),
]
WRITES = [("POST /", "/", "form", 303), ("POST /api/posts", "/api/posts", "json", 201)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--posts", default="100000,1000000", help="sizes, comma-separated")
    parser.add_argument("--connections", default="8,64")
    parser.add_argument("--duration", type=int, default=8, help="seconds per row")
    parser.add_argument("--warm-up", type=int, default=2, help="seconds before each row")
    parser.add_argument("--dir", default=str(ROOT / "var" / "benchmark"), help="kept data")
    parser.add_argument("--json", default=str(HERE / "results.json"))
    parser.add_argument("--no-readme", action="store_true", help="leave README.md alone")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    folder = Path(args.dir).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    ini = folder / "production.ini"
    ini.write_text(
        (ROOT / "production.ini").read_text().replace("%(here)s/alembic", str(ROOT / "alembic"))
    )
    bench = Bench(args, ini)
    results = {
        "machine": {
            "cores": os.cpu_count(),
            "load_before": _load(),
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
            "commit": _commit(),
        },
        "config": {
            "duration": args.duration,
            "users": data.USERS,
            "follows": data.FOLLOWS,
            "server": "microblog serve production.ini --processes auto",
        },
        "runs": bench.runs,
    }
    cluster = None
    try:
        for kind in args.databases.split(","):
            if kind == "postgresql" and cluster is None:
                cluster = data.KeptPostgres(folder / "postgresql").start()
            for posts in map(int, args.posts.split(",")):
                bench.measure(data.prepare(kind, posts, folder, cluster, ini), cluster)
    finally:
        if cluster is not None:
            cluster.stop()
    results["machine"]["load_after"] = _load()
    for check in report.write(results, Path(args.json), readme=not args.no_readme):
        print(f"{'met    ' if check['met'] else 'NOT MET'}  {check['target']}: {check['detail']}")


class Bench:
    def __init__(self, args, ini):
        self.args, self.ini = args, ini
        self.connections = [int(n) for n in args.connections.split(",")]
        self.runs = []

    def measure(self, dataset, cluster):
        user = data.busiest_user(dataset)
        print(f"\n{dataset.name}: signed in as {user}", flush=True)
        environment = dataset.app_environment()
        database_roots = [cluster.postmaster_pid()] if dataset.kind == "postgresql" else []
        with open(dataset.var_dir.parent / "server.log", "a") as log:
            hello = Server(HERE / "hello.ini", {**environment, "PYTHONPATH": str(HERE)}, log)
            try:
                for connections in self.connections:
                    self.read(dataset, hello, [], "hello world", "/", "hello", connections, {})
            finally:
                hello.stop()
            app = Server(self.ini, environment, log)
            try:
                client = load.Client(app.port, user)
                for name, path, kind in READS:
                    path = path.format(user=user)
                    status = client.request("GET", path, client.headers(kind == "api"))[0]
                    if status != 200:
                        raise RuntimeError(f"{path} answers {status}, not 200")
                    for connections in self.connections:
                        headers = client.headers(kind == "api")
                        self.read(
                            dataset, app, database_roots, name, path, kind, connections, headers
                        )
                for name, path, body, accepted in WRITES:
                    for connections in self.connections:
                        self.write(
                            dataset,
                            app,
                            database_roots,
                            client,
                            name,
                            path,
                            body,
                            accepted,
                            connections,
                        )
            finally:
                app.stop()

    def record(self, dataset, name, kind, connections, figures):
        run = {
            "dataset": dataset.name,
            "database": dataset.kind,
            "posts": dataset.posts,
            "endpoint": name,
            "kind": kind,
            "connections": connections,
            **figures,
        }
        self.runs.append(run)
        print(
            f"  {name:<20} @{connections:<3} {run['rps']:8.1f} req/s  p50 {run['p50_ms']:7.1f}"
            f"  p99 {run['p99_ms']:7.1f} ms  {run['cpu_ms_per_request']:6.2f} ms CPU  "
            f"errors {run['errors']}",
            flush=True,
        )
        return run

    def read(self, dataset, server, database_roots, name, path, kind, connections, headers):
        url = server.url + path
        warm_up = load.summary(load.wrk(url, connections, self.args.warm_up, headers), 0, 0)
        with Cost([server.process.pid, *database_roots], server.process.pid) as cost:
            measured = load.wrk(url, connections, self.args.duration, headers)
        figures = load.summary(measured, cost.cpu, cost.peak_rss)
        # an error while warming up is one a user would have seen all the same
        figures["errors"] += warm_up["errors"]
        self.record(dataset, name, kind, connections, figures)

    def write(
        self, dataset, server, database_roots, client, name, path, body, accepted, connections
    ):
        prefix = f"bench{int(time.time() * 1000)}"
        headers = client.headers(api=body == "json")
        arguments = [body, prefix] + ([client.csrf_token] if body == "form" else [])
        with Cost([server.process.pid, *database_roots], server.process.pid) as cost:
            measured = load.wrk(
                server.url + path,
                connections,
                self.args.duration,
                headers,
                script="post.lua",
                args=arguments,
            )
        figures = load.summary(measured, cost.cpu, cost.peak_rss)
        stored, distinct = _settled_count(dataset, prefix)
        answered = figures["statuses"]
        figures["accepted"] = answered.get(str(accepted), 0)
        figures["errors"] += sum(n for status, n in answered.items() if status != str(accepted))
        figures["stored"] = stored
        # a request still in flight when wrk stopped may be stored without an answer
        figures["lost"] = distinct != stored or not 0 <= stored - figures["accepted"] <= connections
        data.remove_benchmark_posts(dataset, prefix, client.username)
        run = self.record(dataset, name, "write", connections, figures)
        print(
            f"  {'':<20}      {run['accepted']} accepted, {stored} stored, {distinct} distinct",
            flush=True,
        )


def _settled_count(dataset, prefix, timeout=30):
    """The posts stored under ``prefix`` once the server has finished the last ones."""
    query = "SELECT count(*), count(DISTINCT body) FROM post WHERE body LIKE :prefix"
    engine = data.create_engine(dataset.url)
    deadline, last = time.monotonic() + timeout, None
    try:
        while True:
            with engine.connect() as connection:
                now = tuple(connection.execute(data.text(query), {"prefix": f"{prefix} %"}).one())
            if now == last or time.monotonic() > deadline:
                return now
            last = now
            time.sleep(0.5)  # the requests wrk left in flight finish on their own
    finally:
        engine.dispose()


def _load():
    return [round(value, 2) for value in os.getloadavg()]


def _commit():
    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout

    return git("rev-parse", "--short", "HEAD").strip() + (
        "-dirty" if git("status", "--porcelain").strip() else ""
    )


if __name__ == "__main__":
    main()
