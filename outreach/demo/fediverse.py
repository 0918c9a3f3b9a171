"""A small Mastodon server for the demo: the sample bloggers' accounts (a blog's "mastodon" entry)
as profile pages, RSS feeds and the two public API answers the crawler reads for engagement,
in the shapes a Mastodon server gives them. Nothing is fetched from the internet."""

from __future__ import annotations

import json
from html import escape

from werkzeug.wrappers import Request, Response

from outreach.demo.site import html_page, rfc822, with_base

JSON_TYPE = "application/json; charset=utf-8"


def accounts_of(blogs: dict) -> dict[str, tuple]:
    """(blog, account) by the account's name, for every sample blog with a Mastodon account."""
    return {blog.data["mastodon"]["name"]: (blog, blog.data["mastodon"])
            for blog in blogs.values() if blog.data.get("mastodon")}


def fediverse_answer(accounts: dict[str, tuple], request: Request, base: str, parts: list[str]) -> Response:
    """The account pages, feeds and API answers under /@name and /api/v1/accounts/."""
    if parts[:3] == ["api", "v1", "accounts"]:
        return api_answer(accounts, request, base, parts[3:])
    name, _, suffix = parts[0][1:].partition(".")
    if name not in accounts or suffix not in ("", "rss") or len(parts) > (1 if suffix else 2):
        return Response("Not found", status=404)
    blog, account = accounts[name]
    profile = f"{base}/@{name}"
    if suffix == "rss":
        return Response(account_rss(account, profile, base), mimetype="application/rss+xml")
    if len(parts) == 2:
        post = next((post for post in account["posts"] if post["id"] == parts[1]), None)
        if post is None:
            return Response("Not found", status=404)
        return html_page(account["display_name"], with_base(post["html"], base))
    blog_home = f"{base}/blogs/{blog.slug}/"
    toots = "".join(f'<article><a href="{profile}/{post["id"]}">{post["published"][:10]}</a>'
                    f'{with_base(post["html"], base)}</article>' for post in account["posts"])
    return html_page(account["display_name"],
                     f'<p>{escape(account["note"])}</p><p><a rel="me" href="{blog_home}">{blog_home}</a></p>{toots}',
                     head=f'<link rel="alternate" type="application/rss+xml" href="{profile}.rss">')


def api_answer(accounts: dict[str, tuple], request: Request, base: str, rest: list[str]) -> Response:
    """GET /api/v1/accounts/lookup?acct=name and /api/v1/accounts/<id>/statuses."""
    if rest == ["lookup"] and request.args.get("acct") in accounts:
        blog, account = accounts[request.args["acct"]]
        return Response(json.dumps(account_json(blog, account, base)), content_type=JSON_TYPE)
    by_id = {account["id"]: (name, account) for name, (_, account) in accounts.items()}
    if len(rest) == 2 and rest[1] == "statuses" and rest[0] in by_id:
        name, account = by_id[rest[0]]
        return Response(json.dumps([status_json(account, post, f"{base}/@{name}", base)
                                    for post in account["posts"]]), content_type=JSON_TYPE)
    return Response(json.dumps({"error": "Record not found"}), status=404, content_type=JSON_TYPE)


def account_json(blog, account: dict, base: str) -> dict:
    blog_home = f"{base}/blogs/{blog.slug}/"
    return {"id": account["id"], "username": account["name"], "acct": account["name"],
            "display_name": account["display_name"], "note": f"<p>{escape(account['note'])}</p>",
            "url": f"{base}/@{account['name']}", "followers_count": account["followers"],
            "statuses_count": len(account["posts"]),
            # Mastodon marks a profile link it verified (the site links back with rel=me) this way.
            "fields": [{"name": "Blog", "value": f'<a href="{blog_home}" target="_blank" '
                                                 f'rel="nofollow noopener noreferrer me">{blog_home}</a>',
                        "verified_at": account["posts"][-1]["published"]}]}


def status_json(account: dict, post: dict, profile: str, base: str) -> dict:
    return {"id": post["id"], "created_at": post["published"], "visibility": "public",
            "url": f"{profile}/{post['id']}", "content": with_base(post["html"], base),
            "replies_count": post["replies"], "reblogs_count": post["boosts"],
            "favourites_count": post["favourites"], "reblog": None,
            "account": {"id": account["id"], "username": account["name"], "acct": account["name"]}}


def account_rss(account: dict, profile: str, base: str) -> str:
    items = "".join(
        f'<item><guid isPermaLink="true">{profile}/{post["id"]}</guid><link>{profile}/{post["id"]}</link>'
        f'<pubDate>{rfc822(post["published"])}</pubDate><description>{escape(with_base(post["html"], base))}'
        f'</description></item>' for post in account["posts"])
    host = profile.split("://", 1)[1].split("/", 1)[0]
    return ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
            f"<title>{escape(account['display_name'])}</title>"
            f"<description>Public posts from @{account['name']}@{host}</description>"
            f"<link>{profile}</link>{items}</channel></rss>")
