"""A real HTTP server on 127.0.0.1 whose answers each test programs: the crawler's internet."""

from __future__ import annotations

import threading
from pathlib import Path

from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

GOLDEN = Path(__file__).parent / "crawlers" / "golden"


class Quiet(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


class Site:
    """Routes path -> handler(request) -> Response; every request is logged for assertions."""

    def __init__(self):
        self.routes = {}
        self.requests: list[Request] = []
        self.lock = threading.Lock()
        self.server = make_server("127.0.0.1", 0, self, threaded=True, request_handler=Quiet)
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def __call__(self, environ, start_response):
        request = Request(environ)
        with self.lock:
            self.requests.append(request)
        handler = self.routes.get(request.full_path.rstrip("?")) or self.routes.get(request.path)
        response = handler(request) if handler else Response("not found", status=404)
        return response(environ, start_response)

    def route(self, path, handler=None, *, body=None, status=200, content_type="application/rss+xml", headers=None):
        """Serve a fixed body, or call a handler."""
        if handler is None:
            def handler(request, body=body, status=status):
                return Response(body, status=status, content_type=content_type, headers=headers or {})
        self.routes[path] = handler

    def golden(self, path, name, content_type="application/rss+xml"):
        self.route(path, body=(GOLDEN / name).read_bytes(), content_type=content_type)

    def hits(self, path) -> list[Request]:
        return [request for request in self.requests if request.path == path]

    def start(self) -> "Site":
        # serve_forever looks for shutdown every poll_interval: half a second at each test's end by default.
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)
