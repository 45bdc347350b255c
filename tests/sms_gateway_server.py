"""A fake SMS provider on 127.0.0.1: a real HTTP server in a thread that records every request
it receives and answers what the test tells it to (the `sms_gateway` fixture in conftest.py).

    sms_gateway.answer(200, {"CodeResult": "100", "SMSID": "abc"})   # the next answers, in order
    sms_gateway.answer(503, "busy")
    sms_gateway.answer(200, {...}, delay=2)                         # slower than the timeout
    sms_gateway.requests[0].json                                    # what the provider received
"""

import json
import threading
import time
from dataclasses import dataclass
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    method: str
    path: str
    headers: Message  # read case-insensitively, as HTTP means them
    body: bytes

    @property
    def json(self):
        return json.loads(self.body)


@dataclass
class Answer:
    status: int
    body: bytes
    delay: float = 0.0


class FakeGateway:
    def __init__(self) -> None:
        self.requests: list[Received] = []
        self._answers: list[Answer] = []
        self.default = Answer(200, b'{"CodeResult": "100", "SMSID": "fake-1"}')
        self._lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 — http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with gateway._lock:
                    gateway.requests.append(Received("POST", self.path, self.headers, body))
                    answer = gateway._answers.pop(0) if gateway._answers else gateway.default
                if answer.delay:
                    time.sleep(answer.delay)
                try:
                    self.send_response(answer.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(answer.body)))
                    self.end_headers()
                    self.wfile.write(answer.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting: that is what a timeout test wants

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/send/"

    def answer(self, status: int, body: object = b"", *, delay: float = 0.0) -> None:
        if not isinstance(body, bytes):
            body = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        with self._lock:
            self._answers.append(Answer(status, body, delay))

    def start(self) -> "FakeGateway":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
