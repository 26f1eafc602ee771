"""A partner's webhook endpoint for tests: a real HTTP server on a free local port that
keeps every request and answers as the test says; and the receiver's side of Standard
Webhooks' signature check, written from the specification, not from newsroom's code."""

import base64
import hashlib
import hmac
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    headers: dict
    body: bytes


class Receiver:
    """Start with `up()`, stop with `down()`; the port stays the same, so an endpoint
    registered while it is down is the one that comes up."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/hooks/newsroom"
        self.received: list[Received] = []
        self.status = 204
        self._server = None

    def up(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                # Header names are case-insensitive; kept lower-case.
                headers = {key.lower(): value for key, value in self.headers.items()}
                receiver.received.append(Received(headers, body))
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.allow_reuse_address = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def down(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def verify(secret: str, headers: dict, body: bytes, *, tolerance: int = 300, now=None) -> bool:
    """Tell whether `body` was signed with `secret` within `tolerance` seconds of now."""
    lower = {key.lower(): value for key, value in headers.items()}
    message_id, timestamp = lower["webhook-id"], lower["webhook-timestamp"]
    if abs((now or time.time()) - int(timestamp)) > tolerance:
        return False  # too old or too new: a replay
    key = base64.b64decode(secret.split("_", 1)[1])
    content = f"{message_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()).decode()
    offered = [s.split(",", 1)[1] for s in lower["webhook-signature"].split() if "," in s]
    return any(hmac.compare_digest(expected, signature) for signature in offered)
