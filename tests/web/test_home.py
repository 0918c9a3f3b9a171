"""The home page: what waits for the signed-in person (messages to answer, follow-ups due,
coverage to review, unread alerts) in the campaigns they may open, and getting started."""

from __future__ import annotations

import re
from datetime import timedelta

from bs4 import BeautifulSoup
from sqlmodel import Session, select

from outreach.core.campaigns import create_campaign, set_members
from outreach.core.models import Blog, Coverage, Niche, Notification, Reply, User, utc_today, utcnow
from outreach.core.pipeline import add_blogger_to_campaign
from outreach.web.main.queries import SHOWN
from tests.factories import make_blogger, make_campaign_with_entries


def home(client) -> BeautifulSoup:
    response = client.get("/")
    assert response.status_code == 200
    return BeautifulSoup(response.data, "html.parser")


def card(page: BeautifulSoup, kind: str):
    return page.find(attrs={"data-testid": kind})


def test_each_person_sees_what_waits_for_them_in_the_campaigns_they_may_open(client, auth, engine, users):
    now, today = utcnow(), utc_today()
    with Session(engine) as session:
        manager, staff = session.get(User, users["manager"][0]), session.get(User, users["staff"][0])
        autumn, (maya, leo, ana) = make_campaign_with_entries(session, manager.id, names=("Maya Pour", "Leo Trail", "Ana Roast"))
        set_members(session, autumn, [staff.id], keep=manager.id)
        winter = create_campaign(session, manager, "Winter launch")
        zed = add_blogger_to_campaign(session, manager, winter, make_blogger(session, "Zed Quill", slug="zed").id)
        session.add_all([
            # Waiting: a mailed reply nobody answered. Not waiting: one answered, one logged by hand.
            Reply(entry_id=maya.id, summary="Happy to try it", message_id="<maya@x>", from_address="maya@x",
                  received_at=now - timedelta(days=10)),
            Reply(entry_id=leo.id, summary="Thanks", message_id="<leo@x>", received_at=now - timedelta(days=9),
                  answered_at=now - timedelta(days=8)),
            Reply(entry_id=ana.id, summary="Phoned back", message_id="", received_at=now - timedelta(days=9)),
            Reply(entry_id=zed.id, summary="In winter", message_id="<zed@x>", received_at=now - timedelta(days=9)),
            Coverage(entry_id=leo.id, url="https://b1.example/review", title="Review", status="proposed"),
            Coverage(entry_id=leo.id, url="https://b1.example/again", title="Again", status="proposed"),
            Coverage(entry_id=ana.id, url="https://b2.example/done", title="Done", status="confirmed"),
            Coverage(entry_id=zed.id, url="https://zed.example/post", title="Zed's", status="proposed"),
            Notification(user_id=staff.id, kind="mention", title="Northbrew named by Maya", url="/mentions/"),
            Notification(user_id=staff.id, kind="mention", title="Already read", read_at=now),
            Notification(user_id=manager.id, kind="mention", title="For the manager only"),
        ])
        for entry, due in ((maya, today - timedelta(days=2)), (leo, today), (ana, today + timedelta(days=3))):
            entry.owner_id, entry.next_follow_up_on = staff.id, due
            session.add(entry)
        session.commit()
        ids = {"maya": maya.id, "leo": leo.id, "autumn": autumn.id, "winter": winter.id,
               "reply": session.exec(select(Reply.id).where(Reply.entry_id == maya.id)).one()}

    auth.login("staff@example.com")
    page = home(client)
    answers = card(page, "answers")
    assert [a["href"] for a in answers.select("li a")] == [f"/campaigns/entries/{ids['maya']}/",
                                                           f"/mail/entries/{ids['maya']}/send?reply={ids['reply']}"]
    assert answers.select_one(".badge").text == "1" and "overdue" in answers.select_one("li")["class"]
    assert "Zed" not in page.text and "In winter" not in page.text
    follow_ups = card(page, "follow-ups")
    assert [li.select_one("a").text for li in follow_ups.select("li")] == ["Maya Pour", "Leo Trail"]
    assert "2 days overdue" in follow_ups.text and "due today" in follow_ups.text and "Ana" not in follow_ups.text
    coverage = card(page, "coverage")
    assert [(a.text, a["href"]) for a in coverage.select("li a")] == [
        ("Autumn launch", f"/campaigns/{ids['autumn']}/?flag=coverage")]
    assert "1 blogger" in coverage.text  # Leo's two proposals are one blogger to review
    alerts = card(page, "alerts")
    assert [a.text for a in alerts.select("li a")] == ["Northbrew named by Maya"]
    assert "Already read" not in page.text and "For the manager only" not in page.text
    assert card(page, "all-clear") is None
    # The board the coverage link opens shows only the cards with coverage to review.
    board = client.get(f"/campaigns/{ids['autumn']}/?flag=coverage").data.decode()
    assert "Leo Trail" in board and "Maya Pour" not in board

    auth.logout()
    auth.login("manager@example.com")
    page = home(client)
    assert [a.text for a in card(page, "answers").select("li a:not([data-testid])")] == ["Maya Pour", "Zed Quill"]
    assert [a.text for a in card(page, "coverage").select("li a")] == ["Autumn launch", "Winter launch"]
    assert card(page, "follow-ups") is None  # the staff member owns them
    assert [a.text for a in card(page, "alerts").select("li a")] == []  # an alert without a link is shown as text
    assert "For the manager only" in card(page, "alerts").text


def test_the_oldest_come_first_and_the_count_says_how_many_more(client, auth, engine, users):
    now, today = utcnow(), utc_today()
    names = [f"Writer {n}" for n in range(SHOWN + 2)]
    with Session(engine) as session:
        _, entries = make_campaign_with_entries(session, users["manager"][0], names=names)
        for hours, entry in enumerate(entries):
            session.add(Reply(entry_id=entry.id, summary="hi", message_id=f"<{entry.id}@x>",
                              received_at=now - timedelta(hours=100 - hours)))
            entry.next_follow_up_on = today - timedelta(days=len(entries) - hours)
            session.add(entry)
        session.commit()
    auth.login("manager@example.com")
    page = home(client)
    answers, follow_ups = card(page, "answers"), card(page, "follow-ups")
    assert answers.select_one(".badge").text == follow_ups.select_one(".badge").text == str(SHOWN + 2)
    assert [a.text for a in answers.select("li a:not([data-testid])")] == [a.text for a in follow_ups.select("li a")] \
        == names[:SHOWN]
    assert answers.find("a", string="All messages waiting for our answer")["href"] == "/mail/waiting"


def test_a_new_install_opens_getting_started_and_a_working_one_keeps_it_folded(client, auth, engine, users):
    auth.login("manager@example.com")
    page = home(client)
    assert card(page, "all-clear") is not None
    assert page.select_one("details.getting-started").has_attr("open")
    with Session(engine) as session:
        manager = session.get(User, users["manager"][0])
        make_campaign_with_entries(session, manager.id)
        session.add(Niche(name="Coffee", brief="Home espresso"))
        session.add(Blog(feed_url="https://c.example/feed", homepage_url="https://c.example/"))
        session.commit()
    page = home(client)
    assert not page.select_one("details.getting-started").has_attr("open")
    assert "Add blogs" in page.select_one("details.getting-started").text


def test_the_menu_counts_the_messages_waiting_for_our_answer(client, auth, users, session):
    from tests.factories import make_campaign_with_entries

    auth.login("manager@example.com")
    page = client.get("/").get_data(as_text=True)
    assert 'data-testid="waiting-count"' not in page and 'href="/mail/"' in page
    _, (maya, _) = make_campaign_with_entries(session, users["manager"][0])
    reply = Reply(entry_id=maya.id, summary="Yes please", message_id="<r@blog>", from_address="maya@blog.example",
                  received_at=utcnow())
    session.add(reply)
    session.commit()
    page = client.get("/campaigns/").get_data(as_text=True)
    menu = re.search(r'<a href="(/mail/[a-z]*)"[^>]*>Mail <span class="badge" data-testid="waiting-count"[^>]*>(\d+)</span>',
                     page)
    assert menu.groups() == ("/mail/waiting", "1")  # the menu leads straight to them
    client.post(f"/mail/replies/{reply.id}/answered")
    assert 'data-testid="waiting-count"' not in client.get("/campaigns/").get_data(as_text=True)


def test_a_mailbox_that_cannot_send_stays_on_home_until_mended(client, auth, users, session):
    from tests.mail_factories import make_mailbox

    staff, admin = session.get(User, users["staff"][0]), session.get(User, users["admin"][0])
    own = make_mailbox(session, staff, smtp_port=25)
    team = make_mailbox(session, admin, smtp_port=25)
    team.name, team.owner_id, team.resting_until = "Team", None, utcnow() + timedelta(hours=5)
    own.login_refused_at, own.last_error = utcnow(), "IMAP server 127.0.0.1:993 refused the user name or password."
    session.add_all([own, team])
    session.commit()
    auth.login()
    shown = " ".join(card(home(client), "stuck-mailboxes").get_text(" ").split())
    assert "Press (pr@example.test): its logins are refused since" in shown and "refused the user name" in shown
    assert "Team" not in shown  # the team's mailbox is the admins' to mend
    auth.logout()
    auth.login("admin@example.com")
    shown = " ".join(card(home(client), "stuck-mailboxes").get_text(" ").split())
    assert "Team (pr@example.test): resting until" in shown and "Press" not in shown
    team.resting_until = utcnow() - timedelta(minutes=1)  # over: gone from home
    session.add(team)
    session.commit()
    assert card(home(client), "stuck-mailboxes") is None
