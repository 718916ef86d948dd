"""Shared fixtures. Models load once per test session: they are the slow part."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    from consilience.analyze.nlp import load

    return load()


# --------------------------------------------------------------------------- local HTTP server
# Fetch, feed and sitemap tests talk to a real server on 127.0.0.1 (ephemeral port), never to
# a mock of httpx. Imports stay inside the functions: this block is appended to a shared file.


class LocalHTTPServer:
    """A threaded HTTP server whose routes tests register: ``url = server.route("/a", b"...")``.

    Routes can answer slowly (``delay``), without a Content-Length, or with an endless body
    (``endless``) so that size caps and timeouts are tested against real sockets.
    """

    def __init__(self):
        import http.server
        import threading

        self.routes: dict[str, dict] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.stopping = threading.Event()
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _route_handler(self))
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path, body=b"", *, status=200, content_type="text/html; charset=utf-8",
              headers=None, delay=0.0, length=True, endless=False) -> str:
        self.routes[path] = {
            "body": body, "status": status, "content_type": content_type,
            "headers": dict(headers or {}), "delay": delay, "length": length,
            "endless": endless,
        }
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        return self.route(path, status=status, content_type=None, headers={"Location": to})

    def stop(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


def _route_handler(server):
    import http.server

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # http.server dispatches GET requests to this name
            path = self.path.split("?", 1)[0]
            server.requests.append((path, {k.lower(): v for k, v in self.headers.items()}))
            route = server.routes.get(path)
            try:
                if route is None:
                    self._answer(404, b"not here", "text/plain", {}, True)
                    return
                if route["delay"] and server.stopping.wait(route["delay"]):
                    return
                if route["endless"]:
                    self._endless(route)
                    return
                self._answer(route["status"], route["body"], route["content_type"],
                             route["headers"], route["length"])
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up first: that is what slow and huge routes test

        def _answer(self, status, body, content_type, headers, length):
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            for key, value in headers.items():
                self.send_header(key, value)
            if length:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _endless(self, route):
            self.send_response(200)
            self.send_header("Content-Type", route["content_type"])
            self.end_headers()
            chunk = b"<p>" + b"endless " * 8000 + b"</p>\n"
            while not server.stopping.is_set():
                self.wfile.write(chunk)

        def log_message(self, format, *args):  # keep test output quiet
            pass

    return Handler


@pytest.fixture(scope="session")
def http_server():
    server = LocalHTTPServer()
    yield server
    server.stop()


# --------------------------------------------------------------------------- hand-built stories
# Cross-check and report tests build fictional stories claim by claim, as the analyzer would
# hand them over, so that each verdict rule is tested on exactly the claims it is about.


class StoryKit:
    """Articles and their analyses, built by naming the words of each claim in the text."""

    def __init__(self):
        self.articles = []
        self.analyses = {}

    def article(self, outlet, text, *, published="2031-08-10", duplicate_of=None, title=None,
                removed=()):
        from consilience.records import Analysis, Article
        from consilience.report.summary import split_sentences

        art = Article(source=f"{outlet}.txt", outlet=outlet, title=title or f"{outlet} report",
                      text=text, published=published, language="en",
                      duplicate_of=getattr(duplicate_of, "id", duplicate_of),
                      removed=list(removed)).ensure_ids()
        self.articles.append(art)
        self.analyses[art.id] = Analysis(article_id=art.id, language="en", analyzed=True,
                                         sentences=split_sentences(text))
        return art

    def claim(self, article, needle, kind, *, nth=0, **fields):
        from consilience.records import Claim

        start = -1
        for _ in range(nth + 1):
            start = article.text.index(needle, start + 1)
        end = start + len(needle)
        analysis = self.analyses[article.id]
        s, e = next(((s, e) for s, e in analysis.sentences if s <= start and end <= e),
                    (0, len(article.text)))
        c = Claim(article_id=article.id, kind=kind, text=needle, start=start, end=end,
                  sentence_start=s, sentence_end=e, **fields).ensure_id()
        analysis.claims.append(c)
        return c

    def figure(self, article, needle, value, unit, *, kind="quantity", **fields):
        """A quantity, money or count claim normalized as analyze does (pint / currency)."""
        from consilience.records import Normalized
        from consilience.verdicts import to_base_units

        base = to_base_units(value, unit) if kind == "quantity" else None
        norm_value, norm_unit = base if base else (value, unit or "count")
        low, high = fields.pop("low", None), fields.pop("high", None)
        norm = Normalized(value=norm_value, unit=norm_unit, low=low, high=high)
        return self.claim(article, needle, kind, value=value, unit=unit, normalized=norm,
                          **fields)

    def statement(self, article, needle, **fields):
        return self.claim(article, needle, "statement", **fields)

    def every_sentence(self, article):
        """One statement claim per sentence, as analyze gives for factual sentences."""
        text = article.text
        return [self.claim(article, text[s:e].strip(), "statement",
                           nth=text[:s].count(text[s:e].strip()))
                for s, e in self.analyses[article.id].sentences if text[s:e].strip()]

    def story(self, title="A fictional story"):
        from consilience.records import Story

        return Story(id="story-1", title=title, article_ids=[a.id for a in self.articles])

    def check(self, canonical=None):
        from consilience.crosscheck import crosscheck

        return crosscheck(self.story(), list(self.articles), list(self.analyses.values()),
                          canonical)


@pytest.fixture
def story_kit():
    return StoryKit()


@pytest.fixture(scope="session")
def sentence_encoder():
    """The real sentence model, loaded once for the session."""
    from consilience.embed import encode

    encode(["warm up"])
    return encode


@pytest.fixture(scope="session")
def claims_of(nlp):
    """claims_in() with the claim invariants checked on every claim it returns."""
    from consilience.analyze import claims_in

    def run(text: str, published: str | None = None, article_id: str = "a1"):
        claims = claims_in(text, published=published, article_id=article_id)
        for c in claims:
            assert text[c.start : c.end] == c.text, c
            assert c.id and c.article_id == article_id
            assert c.sentence_start <= c.start and c.end <= c.sentence_end, c
        return claims

    return run
