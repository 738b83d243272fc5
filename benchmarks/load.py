"""Load from wrk (one thread beside the server, NOTES.md): reads and writes, and the
credentials they need (a signed-in browser's cookies, a CSRF token, an API token)."""

import base64
import http.client
import json
import re
import subprocess
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
PASSWORD = "microblog"  # every seeded account's (microblog seed)


class Client:
    """A browser's credentials on one server."""

    def __init__(self, port, username):
        self.port, self.username = port, username
        self.cookies = self._sign_in()
        self.csrf_token = self._form_token()
        self.api_token = self._api_token()

    def request(self, method, path, headers=None, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def _sign_in(self):
        status, headers, page = self.request("GET", "/login")
        cookies = _cookies(headers)
        token = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()
        form = {"csrf_token": token, "username": self.username, "password": PASSWORD}
        status, headers, _page = self.request(
            "POST",
            "/login",
            {"Cookie": cookies, "Content-Type": "application/x-www-form-urlencoded"},
            urlencode(form),
        )
        if status != 303:
            raise RuntimeError(f"signing in as {self.username} failed ({status})")
        return _cookies(headers)

    def _form_token(self):
        _status, _headers, page = self.request("GET", "/", {"Cookie": self.cookies})
        return re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()

    def _api_token(self):
        basic = base64.b64encode(f"{self.username}:{PASSWORD}".encode()).decode()
        status, _headers, data = self.request(
            "POST", "/api/tokens", {"Authorization": f"Basic {basic}"}
        )
        if status != 200:
            raise RuntimeError(f"no API token for {self.username} ({status})")
        return json.loads(data)["token"]

    def headers(self, api=False):
        if api:
            return {"Authorization": f"Bearer {self.api_token}"}
        return {"Cookie": self.cookies}


def _cookies(headers):
    return "; ".join(cookie.split(";")[0] for cookie in headers.get_all("Set-Cookie") or [])


def wrk(url, connections, duration, headers=None, script="report.lua", args=()):
    """One wrk run: its measures, as ``wrk/*.lua`` report them (see ``summary``)."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "30s"]
    command += ["-s", str(HERE / "wrk" / script)]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
    if args:
        command += ["--", *args]
    output = subprocess.run(
        command, check=True, capture_output=True, text=True, cwd=HERE / "wrk"
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def summary(measured, cpu_seconds, peak_rss):
    """The figures the report shows, from a wrk run and the servers' cost meanwhile."""
    requests = measured["requests"]
    errors = sum(
        measured[key]
        for key in ("connect_errors", "read_errors", "write_errors", "timeouts", "non_2xx_3xx")
    )
    return {
        "requests": requests,
        "rps": requests / (measured["duration_us"] / 1e6),
        "p50_ms": measured["p50_us"] / 1000,
        "p90_ms": measured["p90_us"] / 1000,
        "p99_ms": measured["p99_us"] / 1000,
        "max_ms": measured["max_us"] / 1000,
        # wrk's non-2xx/3xx answers, plus any request that got no answer at all
        "errors": errors,
        "cpu_ms_per_request": cpu_seconds * 1000 / max(requests, 1),
        "peak_rss_mb": peak_rss / 2**20,
        **({"statuses": measured["statuses"]} if "statuses" in measured else {}),
    }
