"""A small blog host for the demo: the sample blogs in outreach/demo/sample_blogs/ as homepages,
RSS, Atom and JSON feeds, about and contact pages, and a few of their authors' Mastodon accounts
(outreach/demo/fediverse.py), served from 127.0.0.1."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path

from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

DEMO_BLOGS = Path(__file__).resolve().parent / "sample_blogs"
FEED_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}


@dataclass
class DemoBlog:
    data: dict

    @property
    def slug(self) -> str:
        return self.data["slug"]

    def posts(self) -> list[dict]:
        """Newest first."""
        return sorted(self.data["posts"], key=lambda post: post["published"], reverse=True)


def load_blogs(folder: Path = DEMO_BLOGS) -> dict[str, DemoBlog]:
    blogs = {}
    for path in sorted((folder / "blogs").glob("*.json")):
        blog = DemoBlog(json.loads(path.read_text()))
        blogs[blog.slug] = blog
    return blogs


def load_niches(folder: Path = DEMO_BLOGS) -> list[dict]:
    return json.loads((folder / "niches.json").read_text())


class DemoSite:
    """The WSGI app that renders every page of every demo blog."""

    def __init__(self, blogs: dict[str, DemoBlog]):
        self.blogs = blogs

    def __call__(self, environ, start_response):
        request = Request(environ)
        return self.route(request)(environ, start_response)

    def route(self, request: Request) -> Response:
        base = request.host_url.rstrip("/")
        parts = [part for part in request.path.split("/") if part]
        if parts == ["robots.txt"]:
            return Response("User-agent: *\nAllow: /\n", mimetype="text/plain")
        if not parts:
            return html_page("Demo blogs", "".join(
                f'<li><a href="{base}/blogs/{slug}/">{escape(blog.data["title"])}</a></li>'
                for slug, blog in self.blogs.items()), wrap="ul")
        if parts[0].startswith("@") or parts[:3] == ["api", "v1", "accounts"]:
            from outreach.demo.fediverse import accounts_of, fediverse_answer  # it builds on this module

            return fediverse_answer(accounts_of(self.blogs), request, base, parts)
        if len(parts) < 2 or parts[0] != "blogs" or parts[1] not in self.blogs:
            return Response("Not found", status=404)
        blog, rest = self.blogs[parts[1]], parts[2:]
        home = f"{base}/blogs/{blog.slug}/"
        if not rest:
            return self.homepage(blog, home, base)
        if rest == ["feed"]:
            return feed(blog, home, base)
        if rest == ["comments", "feed"]:
            return Response(rss(blog, home, base, comments_feed=True), mimetype=FEED_TYPES["rss"])
        if rest == ["about"]:
            return self.about(blog, home, base)
        if rest == ["contact"]:
            return self.contact(blog, home)
        if len(rest) == 2 and rest[0] == "posts" and rest[1].isdigit() and int(rest[1]) < len(blog.posts()):
            post = blog.posts()[int(rest[1])]
            return html_page(post["title"], with_base(post["html"], base), home=home, blog=blog)
        return Response("Not found", status=404)

    def homepage(self, blog: DemoBlog, home: str, base: str) -> Response:
        data = blog.data
        posts = "".join(
            f'<article><h2><a href="{home}posts/{n}/">{escape(post["title"])}</a></h2>'
            f'<time>{post["published"][:10]}</time></article>'
            for n, post in enumerate(blog.posts()))
        roll = "".join(f'<li><a href="{base}/blogs/{slug}/">{escape(self.blogs[slug].data["title"])}</a></li>'
                       for slug in data.get("blogroll", []) if slug in self.blogs)
        head = (f'<meta name="author" content="{escape(data["author"])}">'
                f'<meta name="description" content="{escape(data["tagline"])}">'
                f'<link rel="alternate" type="{FEED_TYPES[data["feed_format"]]}" title="{escape(data["title"])}" href="{home}feed">'
                f'<link rel="alternate" type="application/rss+xml" title="Comments" href="{home}comments/feed">')
        body = (f'<p>{escape(data["tagline"])}</p>{posts}'
                f'<aside class="blogroll"><h3>Blogroll</h3><ul>{roll}</ul></aside>')
        return html_page(data["title"], body, head=head, home=home, blog=blog)

    def about(self, blog: DemoBlog, home: str, base: str) -> Response:
        data = blog.data
        socials = "".join(f'<li><a rel="me" href="{escape(with_base(url, base))}">{escape(network)}</a></li>'
                          for network, url in data.get("socials", {}).items())
        body = (f'<div class="h-card"><h2 class="p-name">{escape(data["author"])}</h2>'
                f'<p class="p-locality">Based in {escape(data["location"])}</p>'
                f'<p class="p-note">{escape(data["about"])}</p></div><ul>{socials}</ul>'
                f'<p>{data["followers"]:,} followers across my channels.</p>')
        return html_page(f'About {data["author"]}', body, home=home, blog=blog)

    def contact(self, blog: DemoBlog, home: str) -> Response:
        email = blog.data["email"]
        if blog.data.get("email_style") == "obfuscated":
            user, _, domain = email.partition("@")
            shown = f"{escape(user)} [at] {escape(domain.replace('.', ' [dot] '))}"
        else:
            shown = f'<a href="mailto:{escape(email)}">{escape(email)}</a>'
        return html_page("Contact", f"<p>Write to me: {shown}</p>", home=home, blog=blog)


def with_base(html: str, base: str) -> str:
    return html.replace("{{base}}", base)


def html_page(title: str, body: str, *, head: str = "", home: str = "", blog: DemoBlog | None = None,
              wrap: str = "") -> Response:
    nav = (f'<nav><a href="{home}">Home</a> <a href="{home}about/">About</a> '
           f'<a href="{home}contact/">Contact</a></nav>') if home else ""
    site = f'<meta property="og:site_name" content="{escape(blog.data["title"])}">' if blog else ""
    content = f"<{wrap}>{body}</{wrap}>" if wrap else body
    return Response(
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title>{site}{head}</head>"
        f"<body>{nav}<h1>{escape(title)}</h1>{content}</body></html>",
        mimetype="text/html")


def rfc822(iso: str) -> str:
    return format_datetime(datetime.fromisoformat(iso))


def rss(blog: DemoBlog, home: str, base: str, comments_feed: bool = False) -> str:
    data = blog.data
    items = []
    for n, post in enumerate(blog.posts()):
        if comments_feed:
            items.append(f"<item><title>Comment on {escape(post['title'])}</title>"
                         f"<link>{home}posts/{n}/#comments</link><guid>{home}posts/{n}/#c</guid>"
                         f"<description>Great post!</description></item>")
            continue
        comments = f"<slash:comments>{post['comments']}</slash:comments>" if post.get("comments") is not None else ""
        tags = "".join(f"<category>{escape(tag)}</category>" for tag in post.get("tags", []))
        items.append(
            f"<item><title>{escape(post['title'])}</title><link>{home}posts/{n}/</link>"
            f"<guid isPermaLink='false'>{blog.slug}-{post['published']}</guid>"
            f"<pubDate>{rfc822(post['published'])}</pubDate><dc:creator>{escape(data['author'])}</dc:creator>"
            f"{tags}{comments}<description>{escape(with_base(post['html'], base))}</description></item>")
    return ("<?xml version='1.0' encoding='utf-8'?>"
            "<rss version='2.0' xmlns:dc='http://purl.org/dc/elements/1.1/' "
            "xmlns:slash='http://purl.org/rss/1.0/modules/slash/'><channel>"
            f"<title>{escape(data['title'])}</title><link>{home}</link>"
            f"<description>{escape(data['tagline'])}</description>{''.join(items)}</channel></rss>")


def atom(blog: DemoBlog, home: str, base: str) -> str:
    data = blog.data
    entries = []
    for n, post in enumerate(blog.posts()):
        total = f"<thr:total>{post['comments']}</thr:total>" if post.get("comments") is not None else ""
        tags = "".join(f"<category term='{escape(tag, quote=True)}'/>" for tag in post.get("tags", []))
        entries.append(
            f"<entry><title>{escape(post['title'])}</title><link href='{home}posts/{n}/'/>"
            f"<id>tag:demo,{post['published'][:10]}:{blog.slug}:{n}</id>"
            f"<published>{post['published']}</published><updated>{post['published']}</updated>"
            f"<author><name>{escape(data['author'])}</name></author>{tags}{total}"
            f"<content type='html'>{escape(with_base(post['html'], base))}</content></entry>")
    updated = blog.posts()[0]["published"] if blog.posts() else "2026-01-01T00:00:00+00:00"
    return ("<?xml version='1.0' encoding='utf-8'?>"
            "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:thr='http://purl.org/syndication/thread/1.0'>"
            f"<title>{escape(data['title'])}</title><link href='{home}'/><id>{home}</id>"
            f"<updated>{updated}</updated><subtitle>{escape(data['tagline'])}</subtitle>"
            f"{''.join(entries)}</feed>")


def json_feed(blog: DemoBlog, home: str, base: str) -> str:
    data = blog.data
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1",
        "title": data["title"], "home_page_url": home, "feed_url": f"{home}feed",
        "description": data["tagline"], "authors": [{"name": data["author"]}],
        "items": [{"id": f"{home}posts/{n}/", "url": f"{home}posts/{n}/", "title": post["title"],
                   "content_html": with_base(post["html"], base), "date_published": post["published"],
                   "tags": post.get("tags", [])} for n, post in enumerate(blog.posts())],
    })


def feed(blog: DemoBlog, home: str, base: str) -> Response:
    kind = blog.data["feed_format"]
    body = {"rss": rss, "atom": atom, "json": json_feed}[kind](blog, home, base)
    return Response(body, mimetype=FEED_TYPES[kind])


class QuietHandler(WSGIRequestHandler):
    """No access log: the demo's crawl would fill the terminal."""

    def log_request(self, *args, **kwargs) -> None:
        pass


class DemoServer:
    """The demo site on 127.0.0.1 in a background thread."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self.server = make_server(host, port, DemoSite(load_blogs()), threaded=True,
                                  request_handler=QuietHandler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def homepages(self) -> list[str]:
        return [f"{self.url}/blogs/{slug}/" for slug in load_blogs()]

    def __enter__(self) -> "DemoServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)
