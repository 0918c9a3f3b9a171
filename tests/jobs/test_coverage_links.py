"""The weekly check that confirmed coverage still links to the brand, against a real HTTP server
on 127.0.0.1: linked, the link removed, the page gone, a server error; who hears of a loss."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from outreach.core.coverage_links import due_for_check, site_hosts
from outreach.core.models import Campaign, Coverage, Notification, utcnow
from outreach.jobs.coverage_links import check_coverage_links
from tests.factories import make_campaign_with_entries
from tests.local_mail import smtp_config

LINKED = (b'<html><body><article>I loved the <a href="https://shop.northbrew.example/grinder?ref=maya">'
          b'Northbrew grinder</a>. <a href="/about">About me</a></article></body></html>')
UNLINKED = b"<html><body><article>I loved the Northbrew grinder.</article></body></html>"


def confirmed_coverage(session, users, site, sites=("https://www.northbrew.example/",)):
    campaign, (maya,) = make_campaign_with_entries(session, users["manager"][0], names=("Maya",))
    campaign.brand_sites = list(sites)
    coverage = Coverage(entry_id=maya.id, url=site.url + "/post", title="My grinder", status="confirmed")
    session.add_all([campaign, coverage])
    session.commit()
    return coverage


def test_site_hosts_read_sites_as_people_type_them():
    assert site_hosts([" https://www.Northbrew.example/shop", "northbrew.example", "blog.northbrew.example", ""]) == [
        "northbrew.example", "blog.northbrew.example"]


def test_a_link_seen_then_removed_tells_the_owner_once(engine, session, users, site, options, smtp_server):
    controller, inbox = smtp_server
    coverage = confirmed_coverage(session, users, site)
    site.route("/post", body=LINKED, content_type="text/html")
    settings = smtp_config(controller)
    assert check_coverage_links(engine, options, settings) == 1
    session.expire_all()
    checked = session.get(Coverage, coverage.id)
    assert checked.link_status == "linked"
    assert checked.links_found == ["https://shop.northbrew.example/grinder?ref=maya"]
    assert check_coverage_links(engine, options, settings) == 0  # checked this week already
    site.route("/post", body=UNLINKED, content_type="text/html")
    checked.link_checked_at = utcnow() - timedelta(days=8)
    session.commit()
    assert check_coverage_links(engine, options, settings) == 1
    session.expire_all()
    assert session.get(Coverage, coverage.id).link_status == "no_link"
    [note] = session.exec(select(Notification).where(Notification.kind == "link_lost")).all()
    assert note.user_id == users["manager"][0] and "no longer links to https://www.northbrew.example/" in note.title
    assert [recipients for recipients, _ in inbox.messages] == [["manager@example.com"]]
    # Still without a link a week later: no second alert.
    session.get(Coverage, coverage.id).link_checked_at = utcnow() - timedelta(days=8)
    session.commit()
    check_coverage_links(engine, options, settings)
    assert len(session.exec(select(Notification).where(Notification.kind == "link_lost")).all()) == 1


def test_a_page_gone_and_a_server_error_are_told_apart(engine, session, users, site, options):
    coverage = confirmed_coverage(session, users, site)
    coverage.link_status = "linked"
    session.commit()
    site.route("/post", body=b"broken", status=500, content_type="text/html")
    check_coverage_links(engine, options, {})
    session.expire_all()
    errored = session.get(Coverage, coverage.id)
    assert errored.link_status == "error" and "HTTP 500" in errored.link_error
    assert session.exec(select(Notification)).all() == []  # a server down is not a lost link
    assert due_for_check(session, utcnow() + timedelta(days=1, minutes=1)) == [coverage.id]  # tried again tomorrow
    errored.link_status, errored.link_checked_at = "linked", None
    session.commit()
    site.route("/post", body=b"gone", status=410, content_type="text/html")
    check_coverage_links(engine, options, {})
    session.expire_all()
    assert session.get(Coverage, coverage.id).link_status == "gone"
    [note] = session.exec(select(Notification)).all()
    assert note.title.startswith("Coverage is gone: My grinder")


def test_only_confirmed_coverage_of_live_campaigns_with_sites_is_checked(engine, session, users, site, options):
    coverage = confirmed_coverage(session, users, site, sites=())
    coverage.link_checked_at = utcnow()  # read once already, as a page added by hand is
    session.commit()
    site.route("/post", body=LINKED, content_type="text/html")
    assert check_coverage_links(engine, options, {}) == 0  # the campaign names no site
    campaign = session.exec(select(Campaign)).one()
    campaign.brand_sites, campaign.is_archived = ["northbrew.example"], True
    session.commit()
    assert check_coverage_links(engine, options, {}) == 0  # archived
    campaign.is_archived = False
    session.get(Coverage, coverage.id).status = "proposed"
    session.commit()
    assert check_coverage_links(engine, options, {}) == 0  # not confirmed
    assert site.hits("/post") == []


def test_the_page_s_own_text_says_whether_the_post_is_disclosed(engine, session, users, site, options):
    coverage = confirmed_coverage(session, users, site)
    coverage.disclosure = ""  # the feed's text said nothing
    session.commit()
    sidebar_only = (b'<html><body><aside>Sponsored links: buy a mug</aside><article>I loved the '
                    b'<a href="https://northbrew.example/">Northbrew</a> grinder.</article></body></html>')
    site.route("/post", body=sidebar_only, content_type="text/html")
    check_coverage_links(engine, options, {})
    session.expire_all()
    assert session.get(Coverage, coverage.id).disclosure == ""  # the sidebar's "sponsored" is not the post's
    added = sidebar_only.replace(b"<article>", b"<article><p>#AD: paid partnership with Northbrew.</p>")
    site.route("/post", body=added, content_type="text/html")
    session.get(Coverage, coverage.id).link_checked_at = None
    session.commit()
    check_coverage_links(engine, options, {})
    session.expire_all()
    assert session.get(Coverage, coverage.id).disclosure == "#ad"  # added since the feed was read: it counts


def test_a_page_added_by_hand_is_read_once_for_its_title_and_disclosure(engine, session, users, site, options):
    coverage = confirmed_coverage(session, users, site, sites=())
    coverage.title = ""
    session.commit()
    site.route("/post", content_type="text/html", body=(
        b'<html><head><title>Site | post</title><meta property="og:title" content="  The grinder,\n reviewed ">'
        b'</head><body><article>Gifted by Northbrew. <a href="https://northbrew.example/">shop</a></article>'
        b'</body></html>'))
    assert check_coverage_links(engine, options, {}) == 1
    session.expire_all()
    read = session.get(Coverage, coverage.id)
    # No site named, so neither "linked" nor "no link": the page was read, and what it says is kept.
    assert (read.title, read.disclosure, read.link_status) == ("The grinder, reviewed", "gifted by", "")
    assert check_coverage_links(engine, options, {}) == 0  # once: no site to watch a link to
    read.link_checked_at = None  # "Read again"
    session.commit()
    site.route("/post", body=b"gone", status=404, content_type="text/html")
    assert check_coverage_links(engine, options, {}) == 1
    session.expire_all()
    gone = session.get(Coverage, coverage.id)
    assert gone.link_status == "gone" and gone.title == "The grinder, reviewed"  # a title once read stays
