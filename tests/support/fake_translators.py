"""Local HTTP servers speaking the translators' protocols, recording what they receive.

Only paid translation APIs are replaced in the tests, and only by servers like these: the
application's real HTTP client talks to them over a real socket.
"""

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

# what the fakes "know"; anything else comes back as "[target] text"
PHRASEBOOK = {
    (
        "es",
        "en",
        "Hola, ¿cómo estás hoy? Hace un día precioso en Madrid.",
    ): "Hello, how are you today? It is a lovely day in Madrid.",
    (
        "en",
        "es",
        "The weather is lovely this morning in London.",
    ): "Hace un tiempo precioso esta mañana en Londres.",
}


@dataclass
class Received:
    method: str
    path: str
    query: dict
    headers: dict
    body: object


def libretranslate_answer(request):
    """``POST /translate`` of LibreTranslate: ``q, source, target`` -> ``translatedText``."""
    body = request.body
    key = (body["source"], body["target"], body["q"])
    return 200, {"translatedText": PHRASEBOOK.get(key, f"[{body['target']}] {body['q']}")}


def microsoft_answer(request):
    """``POST /translate?api-version=3.0&from=&to=`` of Microsoft Translator v3."""
    source, target = request.query["from"][0], request.query["to"][0]
    return 200, [
        {
            "translations": [
                {
                    "text": PHRASEBOOK.get(
                        (source, target, item["Text"]), f"[{target}] {item['Text']}"
                    ),
                    "to": target,
                }
                for item in request.body
            ]
        }
    ]


class FakeTranslator:
    """A translator on ``127.0.0.1:<free port>``.

    ``answer(received) -> (status, JSON-able body or raw bytes)`` makes the reply. With
    ``hold()`` each request waits (in the server's thread) until ``release()``: a slow
    service, without the test itself sleeping.
    """

    def __init__(self, answer):
        self.answer = answer
        self.received = []
        self.arrived = threading.Event()
        self.released = threading.Event()
        self.released.set()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.released.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)

    def hold(self):
        self.released.clear()

    def release(self):
        self.released.set()

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                parts = urlsplit(self.path)
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = raw
                received = Received(
                    "POST", parts.path, parse_qs(parts.query), dict(self.headers.items()), body
                )
                fake.received.append(received)
                fake.arrived.set()
                fake.released.wait(timeout=30)
                status, answer = fake.answer(received)
                data = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up waiting: that is what a timeout test wants

            def log_message(self, *args):
                pass

        return Handler
