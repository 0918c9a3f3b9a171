"""In Chromium: connect a mailbox and test it; send a pitch from an entry with a template, see it
go out through the local SMTP server and appear in the entry's thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from outreach.core.mail.outbox import send_due
from outreach.core.models import Mailbox, PitchTemplate, PlaintextHost, User
from tests.conftest import sign_in
from tests.mail_factories import KEY, entries_with_addresses, mail_settings, make_mailbox

pytestmark = pytest.mark.browser


def test_connect_a_mailbox_and_test_the_connection(live_server, page, engine, users, mail_smtp):
    controller, _ = mail_smtp
    live_server.app.config["MAIL_KEY"] = KEY
    with Session(engine) as session:
        session.add(PlaintextHost(host="127.0.0.1"))
        session.commit()
    sign_in(page, live_server.url, "staff@example.com")
    page.click("nav >> text=Mail")
    page.click("text=Connect a mailbox")
    for field, value in {"#name": "Work", "#email_address": "pr@example.test", "#username": "pr@example.test",
                         "#password": "imap secret", "#smtp_host": "127.0.0.1", "#smtp_port": str(controller.port),
                         "#imap_host": "", "#signature": "Ana Reyes\nNorthbrew PR"}.items():
        page.fill(field, value)
    page.select_option("#smtp_tls", "none")
    page.click("button:has-text('Save')")
    page.wait_for_selector("text=Mailbox saved")
    page.click("button:has-text('Test connection')")
    page.wait_for_selector("text=connected and logged in")
    assert "No IMAP server is set" in page.content()
    page.click("text=Edit")
    assert page.input_value("#password") == ""
    assert page.input_value("#signature") == "Ana Reyes\nNorthbrew PR"
    with Session(engine) as session:
        assert session.exec(select(Mailbox)).one().owner_id == users["staff"][0]


def staff_mailbox_and_template(live_server, engine, users, smtp_port: int) -> int:
    """A staff member's mailbox, an entry for Maya with her address, and an "Intro" template:
    the entry's id."""
    live_server.app.config["MAIL_KEY"] = KEY
    with Session(engine) as session:
        staff = session.get(User, users["staff"][0])
        make_mailbox(session, staff, smtp_port=smtp_port)
        _, (maya, _) = entries_with_addresses(session, staff)
        session.add(PitchTemplate(name="Intro", subject="For {{ blog_name }}", body="Hi {{ first_name }}, {{ gift }}."))
        session.commit()
        return maya.id


def test_send_a_pitch_from_an_entry(live_server, page, engine, users, mail_smtp):
    controller, inbox = mail_smtp
    entry_id = staff_mailbox_and_template(live_server, engine, users, controller.port)
    sign_in(page, live_server.url, "staff@example.com")
    page.goto(f"{live_server.url}/campaigns/entries/{entry_id}/")
    page.click("text=Send an email")
    page.select_option("#template_id", label="Intro")
    page.wait_for_selector("[data-testid=unfilled]")
    assert page.input_value("#subject") == "For Maya Pour's blog"
    assert page.input_value("#to_address") == "maya@blog.example"
    expect(page.locator("#lately")).to_contain_text("Nothing crawled from their channels yet")
    page.fill("#body", "Hi Maya, a grinder for you.")
    page.click("button:has-text('Preview')")
    page.wait_for_selector("[data-testid=preview-body] >> text=a grinder for you")
    page.click("button:has-text('Send')")
    page.wait_for_selector("text=Queued")
    expect(page.locator("[data-testid=mail-status]")).to_have_text("queued", use_inner_text=True)
    assert send_due(live_server.app.extensions["outreach.engine"], mail_settings()) == 1
    page.reload()
    expect(page.locator("[data-testid=mail-status]")).to_have_text("sent", use_inner_text=True)
    assert inbox.messages[0][1]["Subject"] == "For Maya Pour's blog"
    page.click("nav >> text=Mail")  # the mailbox's figures count it
    expect(page.locator("[data-testid=sent-today]")).to_have_text("1 of 100")
    expect(page.locator("[data-testid=last-30-days]")).to_contain_text("1 sent · 0 bounced (0%) · 0 of 1 answered (0%)")


def test_sequence_queue_and_waiting_pages(live_server, page, engine, users):
    from datetime import timedelta

    from outreach.core.models import OutboxMessage, Reply, utcnow
    from tests.local_mail import free_port

    live_server.app.config["MAIL_KEY"] = KEY
    with Session(engine) as session:
        manager = session.get(User, users["manager"][0])
        mailbox = make_mailbox(session, manager, smtp_port=free_port())
        campaign, (maya, leo) = entries_with_addresses(session, manager)
        session.add(OutboxMessage(mailbox_id=mailbox.id, entry_id=maya.id, created_by_id=manager.id, step=2,
                                  message_id="<s2@x>", to_address="maya@blog.example", subject="Re: Hello",
                                  body="Any news?", status="scheduled", send_after=utcnow() + timedelta(days=3)))
        session.add(Reply(entry_id=leo.id, summary="Could you send two?", message_id="<w@x>", from_address="leo@x",
                          received_at=utcnow() - timedelta(days=2)))
        session.commit()
        campaign_id = campaign.id
    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/mail/campaigns/{campaign_id}/sequence")
    page.fill("#position", "2")
    page.fill("#delay_days", "4")
    page.fill("#body", "Any thoughts, {{ first_name }}?")
    page.check("#working_days")
    page.click("button:has-text('Add step')")
    page.wait_for_selector("text=Step 2 added: it goes 4 working days after each pitch")
    assert "Any thoughts, {{ first_name }}?" in page.locator("#steps").inner_text()
    assert "4 working days" in page.locator("#steps").inner_text()
    page.goto(f"{live_server.url}/mail/queue")
    page.click("#queue button:has-text('Pause')")
    page.wait_for_selector("text=Paused.")
    assert "paused" in page.locator("#queue").inner_text()
    page.click("nav >> text=Mail")  # a message waits: the menu leads to it
    expect(page.locator("h1")).to_have_text("Waiting for our answer")
    assert "Could you send two?" in page.locator("#waiting").inner_text()
    page.click("button:has-text('Answered elsewhere')")
    page.wait_for_selector("text=Nobody is waiting for us.")


def open_with_script_held(page, url: str, script: str) -> list:
    """Open the page with its script held back: the form is there, the script not yet run."""
    held = []
    page.route(f"**/static/{script}", lambda route: held.append(route))
    page.goto(url, wait_until="commit")
    page.wait_for_selector("form")
    return held


def release(page, held: list) -> None:
    """Let the held script load and run."""
    for _ in range(100):  # the parser asks for it just after the form
        if held:
            break
        page.wait_for_timeout(50)
    held[0].continue_()


def test_a_template_picked_before_the_page_script_ran_is_filled_when_it_runs(live_server, page, engine, users,
                                                                               mail_smtp):
    entry_id = staff_mailbox_and_template(live_server, engine, users, mail_smtp[0].port)
    sign_in(page, live_server.url, "staff@example.com")
    # The send page: the pick reaches the server once the script runs.
    held = open_with_script_held(page, f"{live_server.url}/mail/entries/{entry_id}/send", "mail.js")
    page.select_option("#template_id", label="Intro")
    assert page.input_value("#subject") == ""
    release(page, held)
    page.wait_for_selector("[data-testid=unfilled]")
    assert page.input_value("#subject") == "For Maya Pour's blog"
    # The entry page's pitch form fills from the page itself.
    page.unroute_all()
    held = open_with_script_held(page, f"{live_server.url}/campaigns/entries/{entry_id}/", "pitch.js")
    page.select_option("#pitch-template_id", label="Intro")
    release(page, held)
    expect(page.locator("#pitch-subject")).to_have_value("For Maya Pour's blog")


def test_a_blogger_stops_our_emails_from_the_link_in_one(live_server, browser, page, engine, users, mail_smtp):
    controller, inbox = mail_smtp
    entry_id = staff_mailbox_and_template(live_server, engine, users, controller.port)
    live_server.app.config.update(BASE_URL=live_server.url, MAIL_OPT_OUT="line")
    sign_in(page, live_server.url, "staff@example.com")
    page.goto(f"{live_server.url}/mail/entries/{entry_id}/send")
    expect(page.locator("#opt-out-hint")).to_contain_text("ends with a line linking to a page where the blogger")
    page.fill("#to_address", "maya@blog.example")
    page.fill("#subject", "A grinder")
    page.fill("#body", "Hi Maya, a grinder for you.")
    page.click("button:has-text('Send')")
    page.wait_for_selector("text=Queued")
    assert send_due(live_server.app.extensions["outreach.engine"], live_server.app.config) == 1
    link = inbox.messages[0][1]["List-Unsubscribe"].strip("<>")

    blogger = browser.new_context().new_page()  # the blogger's own browser: no account, no cookies
    blogger.goto(link)
    expect(blogger.locator("h1")).to_have_text("Stop these emails?")
    blogger.click("button:has-text('Stop these emails')")
    expect(blogger.locator("#opt-out")).to_contain_text("No more emails will be sent to maya@blog.example")
    blogger.context.close()

    page.goto(f"{live_server.url}/campaigns/entries/{entry_id}/")
    expect(page.locator("body")).to_contain_text("Asked by the link in our email to maya@blog.example")


def test_time_a_pitch_for_later_then_move_it_from_the_thread(live_server, page, engine, users, mail_smtp):
    from datetime import timedelta

    from outreach.core.models import OutboxMessage, utcnow

    controller, inbox = mail_smtp
    entry_id = staff_mailbox_and_template(live_server, engine, users, controller.port)
    sign_in(page, live_server.url, "staff@example.com")
    page.goto(f"{live_server.url}/mail/entries/{entry_id}/send")
    page.fill("#subject", "A grinder")
    page.fill("#body", "Hi Maya, a grinder for you.")
    when = (utcnow() + timedelta(days=1)).replace(hour=9, minute=30, second=0, microsecond=0)
    page.fill("#send_at", f"{when:%Y-%m-%dT%H:%M}")
    page.click("#send-button")
    expect(page.locator(".flash-success")).to_contain_text(f"Queued for {when:%Y-%m-%d %H:%M} UTC")
    expect(page.locator("[data-testid=thread]")).to_contain_text(f"due {when:%Y-%m-%d %H:%M} UTC")
    page.click("[data-testid=edit-queued]")
    later = when + timedelta(days=1)
    page.fill("#send_after", f"{later:%Y-%m-%dT%H:%M}")
    page.click("button:has-text('Save')")
    page.wait_for_selector("text=Saved.")
    engine_ = live_server.app.extensions["outreach.engine"]
    assert send_due(engine_, mail_settings(), now=when + timedelta(hours=1)) == 0
    assert send_due(engine_, mail_settings(), now=later) == 1 and len(inbox.messages) == 1
    with Session(engine) as session:
        assert session.exec(select(OutboxMessage)).one().status == "sent"


def test_answer_a_bloggers_message_from_the_waiting_list(live_server, page, engine, users, mail_smtp):
    from datetime import timedelta

    from outreach.core.models import Reply, utcnow

    controller, inbox = mail_smtp
    entry_id = staff_mailbox_and_template(live_server, engine, users, controller.port)
    with Session(engine) as session:
        session.add(Reply(entry_id=entry_id, summary="Could you send the black one?", message_id="<r@blog>",
                          from_address="maya@blog.example", subject="Re: A grinder",
                          received_at=utcnow() - timedelta(hours=2)))
        session.commit()
    sign_in(page, live_server.url, "staff@example.com")
    expect(page.locator("[data-testid=waiting-count]")).to_have_text("1")  # on every page's menu
    page.click("nav >> text=Mail")  # straight to who is waiting
    page.click("#waiting >> text=Answer")
    expect(page.locator("h1")).to_have_text("Answer Maya Pour")
    assert page.input_value("#subject") == "Re: A grinder"
    assert "> Could you send the black one?" in page.input_value("#body")
    page.fill("#body", "Black it is.\n\n" + page.input_value("#body").strip())
    page.click("#send-button")
    expect(page.locator(".flash-success")).to_contain_text("your answer goes out within a minute")
    assert send_due(live_server.app.extensions["outreach.engine"], mail_settings()) == 1
    assert inbox.messages[0][1]["In-Reply-To"] == "<r@blog>"
    page.goto(f"{live_server.url}/mail/waiting")
    expect(page.locator("body")).to_contain_text("Nobody is waiting for us.")
    expect(page.locator("[data-testid=waiting-count]")).to_have_count(0)


def test_a_staff_pitch_waits_for_the_manager_who_sends_it_back_then_approves_it(live_server, page, engine, users):
    from tests.web.test_pitch_approval import campaign_needing_approval

    entry_id = campaign_needing_approval(live_server.app, engine, users)
    sign_in(page, live_server.url, "staff@example.com")
    page.goto(f"{live_server.url}/mail/entries/{entry_id}/send")
    page.fill("#subject", "A grinder for your mornings")
    page.fill("#body", "Hi Maya, could we send you one?")
    page.click("#send-button")
    expect(page.locator(".flash-success")).to_contain_text("Waiting for a manager's approval")
    expect(page.locator("[data-testid=mail-status]")).to_have_text("awaiting approval")
    page.click("button:has-text('Sign out')")

    sign_in(page, live_server.url, "manager@example.com")
    expect(page.locator("[data-testid=approvals]")).to_contain_text("A grinder for your mornings")
    page.click("[data-testid=approvals] >> text=Approve or send back in the mail queue")
    page.fill(".send-back input[name=note]", "Say which of her posts made us think of her.")
    page.click(".send-back button:has-text('Send back')")
    expect(page.locator(".flash-success")).to_contain_text("Sent back: its author has your note.")
    page.click("button:has-text('Sign out')")

    sign_in(page, live_server.url, "staff@example.com")
    page.goto(f"{live_server.url}/campaigns/entries/{entry_id}/")
    expect(page.locator("[data-testid=mail-error]")).to_contain_text("Say which of her posts made us think of her.")
    page.goto(f"{live_server.url}/mail/entries/{entry_id}/send")
    page.fill("#subject", "Your cold brew post, and a grinder")
    page.fill("#body", "Hi Maya, your cold brew post made us think of you.")
    page.click("#send-button")
    page.click("button:has-text('Sign out')")

    sign_in(page, live_server.url, "manager@example.com")
    page.goto(f"{live_server.url}/campaigns/entries/{entry_id}/")
    page.click("[data-testid=thread] button:has-text('Approve')")
    expect(page.locator(".flash-success")).to_contain_text("Approved")
    expect(page.locator("[data-testid=mail-status]").first).to_have_text("queued")


def test_add_a_file_and_send_it_with_a_pitch(live_server, page, engine, users, mail_smtp, tmp_path):
    controller, inbox = mail_smtp
    entry_id = staff_mailbox_and_template(live_server, engine, users, controller.port)
    release = tmp_path / "Press release.pdf"
    release.write_bytes(b"%PDF-1.4\n%%EOF\n")
    disguised = tmp_path / "lookbook.pdf"
    disguised.write_bytes(b"MZ\x90\x00")
    sign_in(page, live_server.url, "staff@example.com")
    page.goto(f"{live_server.url}/campaigns/entries/{entry_id}/")
    page.click("text=Send an email")
    page.click("#no-files >> text=Files")
    page.set_input_files("#file", str(disguised))
    page.click("button:has-text('Add file')")
    page.wait_for_selector("text=lookbook.pdf is not a PDF")
    page.set_input_files("#file", str(release))
    page.click("button:has-text('Add file')")
    page.wait_for_selector("text=Added Press release.pdf")
    expect(page.locator("#file-list a")).to_have_text("Press release.pdf")
    page.goto(f"{live_server.url}/mail/entries/{entry_id}/send")
    page.select_option("#template_id", label="Intro")
    page.wait_for_selector("[data-testid=unfilled]")
    page.fill("#body", "Hi Maya, our release is attached.")
    page.check("#attach-files >> text=Press release.pdf")
    page.click("button:has-text('Preview')")
    expect(page.locator("[data-testid=preview-attached]")).to_contain_text("Press release.pdf")
    expect(page.locator("#attach-files input:checked")).to_have_count(1)
    page.click("button:has-text('Send')")
    page.wait_for_selector("text=Queued")
    expect(page.locator("[data-testid=mail-attached]")).to_contain_text("Press release.pdf")
    assert send_due(live_server.app.extensions["outreach.engine"], mail_settings()) == 1
    [part] = [part for part in inbox.messages[0][1].walk() if part.get_filename()]
    assert part.get_filename() == "Press release.pdf" and part.get_payload(decode=True) == b"%PDF-1.4\n%%EOF\n"


def test_a_reply_s_file_downloads_from_the_thread(live_server, page, engine, users):
    from outreach.core.models import Reply, ReplyFile, utcnow

    with Session(engine) as session:
        _, (maya, _) = entries_with_addresses(session, session.get(User, users["staff"][0]))
        reply = Reply(entry_id=maya.id, summary="My kit", message_id="<kit@blog>", from_address="maya@blog.example",
                      received_at=utcnow())
        session.add(reply)
        session.flush()
        session.add(ReplyFile(reply_id=reply.id, name="Media kit.pdf", content_type="application/pdf", size=9,
                              data=b"%PDF-1.4\n"))
        session.commit()
        entry_id = maya.id
    sign_in(page, live_server.url, "staff@example.com")
    page.goto(f"{live_server.url}/campaigns/entries/{entry_id}/")
    with page.expect_download() as download:
        page.click("[data-testid=reply-files] >> text=Media kit.pdf")
    assert download.value.suggested_filename == "Media kit.pdf"
    assert Path(download.value.path()).read_bytes() == b"%PDF-1.4\n"


def test_the_servers_of_a_known_service_fill_from_the_address(live_server, page, users):
    live_server.app.config["MAIL_KEY"] = KEY
    sign_in(page, live_server.url, "staff@example.com")
    page.goto(f"{live_server.url}/mail/mailboxes/new")
    page.fill("#email_address", "ana.reyes@gmail.com")
    page.click("#fill-servers")
    page.wait_for_selector("text=Gmail's servers are filled in")
    assert (page.input_value("#smtp_host"), page.input_value("#smtp_port")) == ("smtp.gmail.com", "465")
    assert (page.input_value("#imap_host"), page.input_value("#username")) == ("imap.gmail.com", "ana.reyes@gmail.com")
    expect(page.locator(".flash").first).to_contain_text("or use Sign in with Google")
    assert not page.is_checked("#copy_to_sent")  # Gmail files what it sends itself
