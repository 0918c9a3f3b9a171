"""The blogs directory and blogger profiles."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from sqlmodel import select

from outreach.core.models import Blog, Blogger, BlogTag, ContactDetail, Note, Post, Sample, User
from outreach.core.pipeline import add_note, log_pitch, log_reply
from tests.factories import make_blogger, make_campaign_with_entries


def add_posts(session, blog, count=3, html="<p>Espresso <b>tamping</b></p>", newest=None):
    newest = newest or datetime(2026, 11, 1, tzinfo=timezone.utc)
    for index in range(count):
        session.add(Post(blog_id=blog.id, key=f"{blog.id}-{index}", url=f"https://x.example/{index}",
                         title=f"Post {index}", published_at=newest - timedelta(days=7 * index),
                         content_html=html, text="Espresso tamping"))
    blog.last_post_at = newest
    session.add(blog)


def seed_directory(session):
    maya = make_blogger(session, "Maya Pour", slug="maya")
    leo = make_blogger(session, "Leo Trail", slug="leo", relationship_status="warm")
    maya_blog = session.exec(select(Blog).where(Blog.blogger_id == maya.id)).one()
    leo_blog = session.exec(select(Blog).where(Blog.blogger_id == leo.id)).one()
    add_posts(session, maya_blog)
    add_posts(session, leo_blog, newest=datetime(2025, 1, 1, tzinfo=timezone.utc))
    session.add(BlogTag(blog_id=maya_blog.id, tag="coffee"))
    session.commit()
    return maya, leo


def test_directory_lists_and_filters(client, auth, session):
    seed_directory(session)
    auth.login()
    page = client.get("/blogs/").data.decode()
    assert "Maya Pour" in page and "Leo Trail" in page
    assert "Maya Pour" not in client.get("/blogs/?q=leo").data.decode()
    by_tag = client.get("/blogs/?tag=coffee").data.decode()
    assert "Maya Pour" in by_tag and "Leo Trail" not in by_tag
    warm = client.get("/blogs/?status=warm").data.decode()
    assert "Leo Trail" in warm and "Maya Pour" not in warm
    recent = client.get("/blogs/?posted_after=2026-01-01").data.decode()
    assert "Maya Pour" in recent and "Leo Trail" not in recent


def test_directory_bad_filters_are_explained_not_500(client, auth, session):
    seed_directory(session)
    auth.login()
    response = client.get("/blogs/?posted_after=someday&status=nonsense&page=-4")
    assert response.status_code == 200
    assert b"Check the search fields" in response.data
    # A page number past what a database offset holds (it was a 500), under both sorts.
    assert client.get("/blogs/?page=99999999999999999999").status_code == 200
    assert client.get("/blogs/?sort=name&page=99999999999999999999").status_code == 200


def test_directory_paginates(client, auth, session):
    for index in range(55):
        session.add(Blog(feed_url=f"https://b{index:02}.example/feed", title=f"Blog {index:02}"))
    session.commit()
    auth.login()
    first = client.get("/blogs/?sort=name").data.decode()
    assert "55 blogs" in first and "Page 1 of 2" in first
    second = client.get("/blogs/?sort=name&page=2").data.decode()
    assert second.count("<tr data-blog=") == 5


def test_profile_shows_contacts_with_sources_and_sanitised_posts(client, auth, session):
    maya, _ = seed_directory(session)
    blog = session.exec(select(Blog).where(Blog.blogger_id == maya.id)).one()
    session.add(Post(blog_id=blog.id, key="evil", title="Evil", published_at=datetime.now(timezone.utc),
                     content_html='<p>ok</p><script>alert("x")</script><img src=x onerror="alert(1)">',
                     tags=["Espresso", "<b>bold</b> tag"]))
    session.add(ContactDetail(blogger_id=maya.id, kind="email", value="maya@maya.example",
                              source_url="https://maya.example/contact", found_by="mailto link"))
    session.commit()
    auth.login()
    page = client.get(f"/bloggers/{maya.id}/").data.decode()
    assert "maya@maya.example" in page and "found by mailto link on https://maya.example/contact" in page
    assert "<script>alert" not in page and "onerror" not in page
    assert "Espresso <b>tamping</b>" in page
    assert "filed under Espresso, &lt;b&gt;bold&lt;/b&gt; tag" in page  # the blogger's tags, as text


def test_profile_shows_the_ten_newest_posts_of_all_its_blogs_and_each_blogs_health(client, auth, session):
    maya = make_blogger(session, "Maya Pour", slug="maya")
    first = session.exec(select(Blog).where(Blog.blogger_id == maya.id)).one()
    second = Blog(feed_url="https://maya-travels.example/feed", title="Maya travels", blogger_id=maya.id,
                  error_count=3, last_error="HTTP 503 from the server")
    session.add(second)
    session.flush()
    newest = datetime(2026, 11, 20, tzinfo=timezone.utc)
    for day in range(12):  # alternate blogs, one post a day
        blog = first if day % 2 else second
        session.add(Post(blog_id=blog.id, key=f"p{day}", url=f"https://x.example/{day}", title=f"Day {day:02}",
                         published_at=newest - timedelta(days=day), comment_count=day or None))
    session.commit()
    auth.login()
    page = client.get(f"/bloggers/{maya.id}/").data.decode()
    shown = re.findall(r">(Day \d\d)</a>", page)
    assert shown == [f"Day {day:02}" for day in range(10)]
    assert "3 comments" in page and "0 comments" not in page
    assert "3 errors: HTTP 503 from the server" in page and "feed https://maya-travels.example/feed" in page


def test_profile_timeline_and_campaigns(client, auth, session, users):
    campaign, (entry, _) = make_campaign_with_entries(session, users["manager"][0])
    auth.login("manager@example.com")
    page = client.get(f"/bloggers/{entry.blogger_id}/").data.decode()
    assert "Autumn launch</a>: Shortlisted" in page
    assert "Added to Shortlisted" in page


def test_profile_hides_the_history_of_campaigns_the_viewer_cannot_open(client, auth, session, users):
    manager = session.get(User, users["manager"][0])
    campaign, (entry, _) = make_campaign_with_entries(session, manager.id)  # staff is no member
    log_pitch(session, manager, entry, channel="email", subject="Secret launch plan", message="Embargoed body",
              follow_up_on=None)
    log_reply(session, manager, entry, channel="email", summary="Loves the grinder", sentiment="positive")
    add_note(session, manager, entry.blogger_id, "Private campaign note", entry=entry)
    session.add(Sample(entry_id=entry.id, item="Grinder", quantity=1, carrier="DHL", tracking_number="TRACK123"))
    session.commit()
    private = ("Secret launch plan", "Embargoed body", "Loves the grinder", "Private campaign note", "TRACK123",
               "Shortlisted")
    auth.login("staff@example.com")
    page = client.get(f"/bloggers/{entry.blogger_id}/").data.decode()
    assert [text for text in private if text in page] == []
    assert f"In Autumn launch since {entry.created_at:%Y-%m-%d}" in page
    assert f"/campaigns/entries/{entry.id}" not in page
    auth.logout()
    auth.login("manager@example.com")
    page = client.get(f"/bloggers/{entry.blogger_id}/").data.decode()
    assert [text for text in private if text not in page] == []


def test_relationship_status_is_editable_and_validated(client, auth, session):
    maya, _ = seed_directory(session)
    auth.login()
    client.post(f"/bloggers/{maya.id}/relationship", data={"relationship_status": "advocate"})
    session.expire_all()
    assert session.get(Blogger, maya.id).relationship_status == "advocate"
    bad = client.post(f"/bloggers/{maya.id}/relationship", data={"relationship_status": "bff"})
    assert bad.status_code == 400
    # Do-not-contact is set only through the list, never by this form.
    sneaky = client.post(f"/bloggers/{maya.id}/relationship", data={"relationship_status": "do_not_contact"})
    assert sneaky.status_code == 400
    session.expire_all()
    assert session.get(Blogger, maya.id).relationship_status == "advocate"


def test_blogger_note(client, auth, session):
    maya, _ = seed_directory(session)
    auth.login()
    client.post(f"/bloggers/{maya.id}/notes", data={"note-body": "Met at the coffee expo."})
    assert session.exec(select(Note.body)).all() == ["Met at the coffee expo."]
    assert "Met at the coffee expo." in client.get(f"/bloggers/{maya.id}/").data.decode()
    assert client.post(f"/bloggers/{maya.id}/notes", data={"note-body": ""}).status_code == 400


def test_control_characters_typed_into_a_form_or_query_are_dropped(client, auth, session):
    """PostgreSQL refuses a NUL in text: one pasted into a field or a search was a 500 there."""
    maya, _ = seed_directory(session)
    auth.login()
    added = client.post(f"/bloggers/{maya.id}/notes", data={"note-body": "Met\x00 at the\x07 expo.\nTwice."})
    assert added.status_code == 302
    assert session.exec(select(Note.body)).all() == ["Met at the expo.\nTwice."]  # line breaks are kept
    search = client.get("/blogs/?q=Ma\x00ya")
    assert search.status_code == 200 and "Maya" in search.get_data(as_text=True)


def test_unknown_blogger_is_404(client, auth):
    auth.login()
    assert client.get("/bloggers/999/").status_code == 404


def test_profile_lists_bloggers_like_this_one(app, client, auth, session):
    from outreach.web.search import app_index_dir
    from scoring import refresh_index
    from tests.factories import runners_and_cooks

    runner = runners_and_cooks(session)
    auth.login()
    assert "The search index has not been built yet" in client.get(f"/bloggers/{runner.blogger_id}/").data.decode()
    refresh_index(session, app_index_dir(app), rebuild=True)
    page = client.get(f"/bloggers/{runner.blogger_id}/").data.decode()
    similar = page.split('id="similar"')[1]
    assert similar.index("Sam Sprinter") < similar.index("Cook")


def test_profile_lists_other_bloggers_once_each_never_the_bloggers_own_channels(app, client, auth, session):
    from outreach.web.search import app_index_dir
    from scoring import refresh_index
    from tests.factories import Collection

    collection = Collection(session)
    runner = collection.blog("Rita Runner", ["running"] * 6)
    for name, owner in (("Rita on Mastodon", runner.blogger_id), ("Sam's second blog", None)):
        channel = collection.blog(name, ["running"] * 6)
        if owner:
            channel.blogger_id = owner
    sam = collection.blog("Sam Sprinter", ["running"] * 5 + ["cooking"])
    second = session.exec(select(Blog).where(Blog.title == "Sam's second blog's blog")).one()
    second.blogger_id = sam.blogger_id
    for number in range(5):
        collection.blog(f"Cook {number}", ["cooking"] * 6)
    session.commit()
    refresh_index(session, app_index_dir(app), rebuild=True)
    auth.login()
    similar = client.get(f"/bloggers/{runner.blogger_id}/").data.decode().split('id="similar"')[1].split("</ol>")[0]
    assert f"/bloggers/{runner.blogger_id}/" not in similar  # not her own Mastodon channel
    assert similar.count(f"/bloggers/{sam.blogger_id}/") == 1
    assert similar.index(f"/bloggers/{sam.blogger_id}/") < similar.index("Cook")


def test_profile_says_when_a_blogger_is_alike_in_meaning_with_no_words_in_common(app, client, auth, session):
    from outreach.web.search import app_index_dir
    from scoring import refresh_index
    from tests.factories import NOW, Collection

    collection = Collection(session)
    for number in range(6):
        collection.blog(f"Cook {number}", ["cooking"] * 6)
    texts = {"Espresso Bar": "Pulling a shot of espresso: the grinder, the tamper and a golden crema.",
             "Morning Brew": "My coffee beans this week, and a latte with oat milk from the barista down the road."}
    blogs = {name: collection.blog(name, []) for name in texts}
    for name, blog in blogs.items():
        for number in range(5):
            collection.post(blog, None, NOW - timedelta(days=1 + 7 * number), title=f"{name} {number}", text=texts[name])
    session.commit()
    refresh_index(session, app_index_dir(app), rebuild=True)
    auth.login()
    page = client.get(f"/bloggers/{blogs['Espresso Bar'].blogger_id}/").data.decode()
    first = page.split('id="similar"')[1].split("</li>")[0]
    assert "Morning Brew" in first and "alike in meaning, no words in common" in first
    assert "alike 70 of 100" in first  # the most alike in meaning (weighing 0.7), sharing no word


def test_profile_shows_topic_evidence_for_each_niche(app, client, auth, session):
    from outreach.core.models import Niche
    from outreach.web.search import app_index_dir
    from scoring import refresh_index
    from tests.factories import Collection

    collection = Collection(session)
    runner = collection.blog("Rita Runner", ["running"] * 5 + ["cooking"])
    for number in range(5):
        collection.blog(f"Cook {number}", ["cooking"] * 6)
    session.add_all([Niche(name="Running", brief="trail running marathon training"),
                     Niche(name="Cooking", brief="recipes, baking bread, dinner in the kitchen")])
    session.commit()
    refresh_index(session, app_index_dir(app), rebuild=True)
    auth.login()
    page = client.get(f"/bloggers/{runner.blogger_id}/").data.decode()
    topics = page.split('id="topics"')[1].split("</section>")[0]
    running = topics.split('data-niche="Running"')[1].split("</tr>")[0]
    assert "#1 of 6" in running and "83%" in running
    assert topics.index('data-niche="Running"') < topics.index('data-niche="Cooking"')
    assert "Not a fit" not in topics
    from outreach.core.models import NicheFit

    cooking = session.exec(select(Niche).where(Niche.name == "Cooking")).one()
    session.add(NicheFit(niche_id=cooking.id, blog_id=runner.id, fit=False))
    session.commit()
    topics = client.get(f"/bloggers/{runner.blogger_id}/").data.decode().split('id="topics"')[1].split("</section>")[0]
    assert "Not a fit" in topics.split('data-niche="Cooking"')[1].split("</tr>")[0]  # the team's mark, where it ranks
    assert "Not a fit" not in topics.split('data-niche="Running"')[1].split("</tr>")[0]


def test_directory_sorts_by_score_for_a_niche(app, client, auth, session):
    from outreach.core.models import Niche
    from outreach.web.search import app_index_dir
    from scoring import refresh_index
    from tests.factories import Collection

    collection = Collection(session)
    for number in range(4):
        collection.blog(f"Cook {number}", ["cooking"] * 6)
    collection.blog("Zed Runner", ["running"] * 6)
    session.add(Niche(name="Running", brief="trail running marathon training"))
    session.commit()
    auth.login()
    unsorted = client.get("/blogs/?niche=1").data.decode()
    assert "cannot be sorted by score" in unsorted
    refresh_index(session, app_index_dir(app), rebuild=True)
    page = client.get("/blogs/?niche=1").data.decode()
    first_row = page.split("<tbody>")[1].split("</tr>")[0]
    assert "Zed Runner" in first_row and 'class="score-cell"' in first_row
    assert client.get("/blogs/?niche=abc").status_code == 200


def row_of(page: str, blog_id: int) -> str:
    row = page[page.index(f'<tr data-blog="{blog_id}">'):]
    return row[:row.index("</tr>")]


def test_directory_rows_escape_text_and_show_crawl_health(client, auth, session):
    hostile = make_blogger(session, '<img src=x onerror="alert(1)"> Ann', slug="ann", relationship_status="warm")
    broken = session.exec(select(Blog).where(Blog.blogger_id == hostile.id)).one()
    broken.title = "<script>alert('t')</script>"
    broken.error_count, broken.last_error = 3, "HTTP 503 <b>busy</b> " + "word " * 30
    broken.last_fetched_at = datetime(2026, 11, 20, 8, 5, tzinfo=timezone.utc)
    broken.last_post_at = datetime(2026, 11, 19, tzinfo=timezone.utc)
    pending = Blog(feed_url="https://pending.example/", status="pending")
    gone = Blog(feed_url="https://gone.example/feed", title="Gone blog", status="gone")
    healthy = Blog(feed_url="https://ok.example/feed", title="Fine blog",
                   last_checked_at=datetime(2026, 11, 21, tzinfo=timezone.utc))
    session.add_all([broken, pending, gone, healthy])
    session.commit()
    auth.login()
    page = client.get("/blogs/").data.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    row = row_of(page, broken.id)
    assert f'<a href="/bloggers/{hostile.id}/">&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;</a>' in row
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; Ann" in row and "<td>Warm</td>" in row
    assert '<td class="nowrap">2026-11-19</td>' in row
    assert ">3 errors</span>" in row and 'title="HTTP 503 &lt;b&gt;busy&lt;/b&gt; word' in row
    shown = row[row.index('error-text">') + len('error-text">'):row.index("</small>", row.index("error-text"))]
    assert shown.startswith("HTTP 503 &lt;b&gt;busy&lt;/b&gt; word") and shown.endswith("word...")
    assert "fetched 2026-11-20 08:05" in row
    assert f'action="/blogs/{broken.id}/refresh"' in row and 'name="csrf_token" value="' in row
    assert "Feed not found yet" in row_of(page, pending.id) and "Not crawled yet" in row_of(page, pending.id)
    assert ">Gone</span>" in row_of(page, gone.id)
    fine = row_of(page, healthy.id)
    assert '<span class="flag">OK</span>' in fine and "error" not in fine and "<td></td>" in fine
