"""Load benchmark: seeds realistic data, serves the app with waitress, measures pages.

    .venv/bin/python benchmarks/bench.py [--users 2000 --posts 100000 --requests 300]

Reports requests/s and latency percentiles for home, explore, a profile and the API, next to
a "hello world" Pyramid view served the same way (the ceiling of this machine and server).
This is a measurement, not a test: nothing fails when it is slow.
"""

import argparse
import http.client
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

HELLO_APP = textwrap.dedent("""
    from pyramid.config import Configurator
    from pyramid.response import Response
    from waitress import serve
    import sys

    def hello(request):
        return Response("Hello world")

    with Configurator() as config:
        config.add_view(hello)
        app = config.make_wsgi_app()
    serve(app, listen=f"127.0.0.1:{sys.argv[1]}", threads=8, _quiet=True)
""")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


def request(conn, method, path, headers=None, body=None):
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    return response.status, response.headers, data


def measure(port, path, count, concurrency, headers=None):
    latencies, errors, lock = [], [], threading.Lock()
    per_worker = max(1, count // concurrency)

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(per_worker):
            started = time.perf_counter()
            status, _headers, _data = request(conn, "GET", path, headers)
            elapsed = time.perf_counter() - started
            with lock:
                (latencies if status == 200 else errors).append(
                    elapsed if status == 200 else status
                )
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return latencies, errors, wall


def report(name, latencies, errors, wall):
    if not latencies:
        print(f"{name:<28} no successful responses (statuses {sorted(set(errors))})")
        return
    ms = sorted(x * 1000 for x in latencies)
    pct = statistics.quantiles(ms, n=100)
    print(
        f"{name:<28} {len(ms) / wall:8.1f} req/s   p50 {pct[49]:7.1f} ms   "
        f"p90 {pct[89]:7.1f} ms   p99 {pct[98]:7.1f} ms   errors {len(errors)}"
    )


def sign_in(port, username, password):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    status, headers, data = request(conn, "GET", "/login")
    cookies = "; ".join(c.split(";")[0] for c in headers.get_all("Set-Cookie") or [])
    token = re.search(rb'name="csrf_token" value="([^"]+)"', data).group(1).decode()
    body = urlencode({"csrf_token": token, "username": username, "password": password})
    status, headers, data = request(
        conn,
        "POST",
        "/login",
        {"Cookie": cookies, "Content-Type": "application/x-www-form-urlencoded"},
        body,
    )
    cookies = "; ".join(c.split(";")[0] for c in headers.get_all("Set-Cookie") or [])
    if status != 303:
        errors = re.findall(
            rb'class="[^"]*(?:error-msg|invalid-feedback)[^"]*"[^>]*>\s*([^<]*)', data
        )
        raise RuntimeError(
            f"signing in as {username} failed ({status}): {[e.decode().strip() for e in errors]}"
        )
    return cookies


def api_token(port, username, password):
    import base64

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    basic = base64.b64encode(f"{username}:{password}".encode()).decode()
    status, _headers, data = request(
        conn, "POST", "/api/tokens", {"Authorization": f"Basic {basic}"}
    )
    if status != 200:
        return None
    import json

    return json.loads(data)["token"]


def busiest_user(ini, env):
    code = textwrap.dedent("""
        import sys
        from pyramid.paster import bootstrap
        from sqlalchemy import func, select
        from microblog.models import User, followers
        with bootstrap(sys.argv[1]) as env, env["request"].tm:
            session = env["request"].dbsession
            row = session.execute(
                select(User.username, User.id).join(followers, followers.c.follower_id == User.id)
                .group_by(User.id).order_by(func.count().desc()).limit(1)).one()
            print(row.username)
    """)
    output = subprocess.run(
        [sys.executable, "-c", code, str(ini)], check=True, env=env, capture_output=True, text=True
    ).stdout
    # with LOG_TO_STDOUT the app's start-up logs come first: the name is the last line
    return output.strip().splitlines()[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--dir", help="reuse this folder (and its seeded database)")
    args = parser.parse_args()

    workdir = Path(args.dir or tempfile.mkdtemp(prefix="microblog-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    ini = workdir / "bench.ini"
    port, hello_port = free_port(), free_port()
    ini.write_text(
        (ROOT / "production.ini").read_text().replace("%(here)s/alembic", str(ROOT / "alembic"))
    )
    env = {
        "SECRET_KEY": "benchmark-secret-key-0123456789abcdef",
        "LOG_TO_STDOUT": "1",
        "PATH": str(BIN),
    }
    fresh = not (workdir / "var" / "microblog.sqlite").exists()
    subprocess.run(
        [BIN / "alembic", "-c", ini, "upgrade", "head"], check=True, env=env, capture_output=True
    )
    if fresh:
        started = time.perf_counter()
        subprocess.run(
            [
                BIN / "microblog",
                "seed",
                ini,
                "--users",
                str(args.users),
                "--posts",
                str(args.posts),
                "--random-seed",
                "1",
            ],
            check=True,
            env=env,
        )
        print(f"seeded in {time.perf_counter() - started:.1f} s")
    username = busiest_user(ini, env)

    servers = [
        subprocess.Popen(
            [BIN / "pserve", ini, f"http_port={port}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
        subprocess.Popen([sys.executable, "-c", HELLO_APP, str(hello_port)]),
    ]
    try:
        wait_for_port(port)
        wait_for_port(hello_port)
        cookies = sign_in(port, username, "microblog")
        web = {"Cookie": cookies}
        token = api_token(port, username, "microblog")
        print(
            f"data: {args.users} users, {args.posts} posts; signed in as {username}; "
            f"{args.requests} requests per row, {args.concurrency} at a time\n"
        )
        rows = [
            ("hello world (ceiling)", hello_port, "/", None),
            ("home /", port, "/", web),
            ("home /?page=5", port, "/?page=5", web),
            ("explore", port, "/explore", web),
            (f"profile /user/{username}", port, f"/user/{username}", web),
        ]
        if token:
            rows.append(
                ("api /api/posts", port, "/api/posts", {"Authorization": f"Bearer {token}"})
            )
            rows.append(("api /api/feed", port, "/api/feed", {"Authorization": f"Bearer {token}"}))
        for name, row_port, path, headers in rows:
            measure(row_port, path, args.concurrency * 2, args.concurrency, headers)  # warm
            report(name, *measure(row_port, path, args.requests, args.concurrency, headers))
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
