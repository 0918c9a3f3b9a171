"""Replies read back from a real Dovecot: threading by headers and by address, auto-replies,
bounces, malformed MIME, other charsets, a 20 MB attachment, wrong credentials, a server that
goes away mid-read, and an empty inbox read in one command."""

from __future__ import annotations

import imaplib
from datetime import timedelta
from email.message import EmailMessage

import pytest
from sqlmodel import select

from outreach.core.mail.connect import Endpoint, Login, open_imap
from outreach.core.mail.inbox import Position, new_messages, open_position
from outreach.core.mail.mailbox_health import mailbox_health
from outreach.core.mail.mailboxes import check_connection
from outreach.core.mail.outbox import send_due
from outreach.core.mail.pitching import queue_pitch
from outreach.core.mail.reading import read_mailbox
from outreach.core.mail.secrets import encrypt_password
from outreach.core.models import (
    ContactDetail,
    Mailbox,
    Note,
    Notification,
    OutboxMessage,
    PipelineEntry,
    Reply,
    SequenceStep,
    Stage,
    User,
    utcnow,
)
from tests.local_imap import CuttingProxy
from tests.local_mail import free_port, smtp_config
from tests.mail_factories import IMAP_PASSWORD, KEY, entries_with_addresses, mail_settings, make_mailbox

SETTINGS = mail_settings()
USER = "pr@example.test"


@pytest.fixture
def staff(session, users):
    return session.get(User, users["staff"][0])


@pytest.fixture
def connected(session, engine, staff, mail_smtp, dovecot):
    """A mailbox on the local SMTP and Dovecot, read once (so it starts at the end), and Maya pitched."""
    controller, inbox = mail_smtp
    mailbox = make_mailbox(session, staff, smtp_port=controller.port, imap_port=dovecot.port)
    campaign, (maya, leo) = entries_with_addresses(session, staff)
    session.add(SequenceStep(campaign_id=campaign.id, position=2, delay_days=4, body="Any news?"))
    queue_pitch(session, staff, maya, mailbox, to_address="maya@blog.example", subject="Autumn grinder",
                body="Would you like one?", guard_days=30)
    session.commit()
    assert send_due(engine, SETTINGS) == 1
    read(session, mailbox)
    pitch_row = session.exec(select(OutboxMessage).where(OutboxMessage.step == 1)).one()
    return mailbox, maya, leo, pitch_row


def read(session, mailbox, later=timedelta(0)):
    return read_mailbox(session, session.get(Mailbox, mailbox.id), SETTINGS, utcnow() + later)


def file_as_junk(dovecot, raw: bytes) -> None:
    """What a spam filter does: the message goes to the folder the server flags \\Junk."""
    imap = imaplib.IMAP4("127.0.0.1", dovecot.port)
    imap.login(USER, "imap secret")
    imap.create('"Filtered Out"')
    assert imap.append('"Filtered Out"', None, None, raw)[0] == "OK"
    imap.logout()


def email_bytes(sender="maya@blog.example", subject="Re: Autumn grinder", body="Yes please!", **headers) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = f"Maya Pour <{sender}>", USER, subject
    message["Message-ID"] = headers.pop("message_id", f"<{utcnow().timestamp()}.{subject.__hash__()}@blog.example>")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message.as_bytes()


def test_a_reply_in_the_thread_is_logged_moves_the_card_and_stops_the_sequence(session, dovecot, connected):
    mailbox, maya, _, pitch_row = connected
    body = "Yes please, send one!\n\nMaya\n-- \nMaya Pour, Crema Lab\n\nOn Tue, PR Team wrote:\n> Would you like one?\n"
    dovecot.deliver(USER, email_bytes(body=body, In_Reply_To=pitch_row.message_id, message_id="<r1@blog.example>"))
    assert read(session, mailbox) == {"reply": 1}
    reply = session.exec(select(Reply)).one()
    assert reply.summary == "Yes please, send one!\n\nMaya"
    assert reply.message_id == "<r1@blog.example>" and reply.from_address == "maya@blog.example"
    assert reply.subject == "Re: Autumn grinder"  # for our answer's "Re:"
    assert reply.answered_at is None  # waiting for our answer
    entry = session.get(PipelineEntry, maya.id)
    assert session.get(Stage, entry.stage_id).kind == "responded"
    step = session.exec(select(OutboxMessage).where(OutboxMessage.step == 2)).one()
    assert step.status == "cancelled"
    assert read(session, mailbox) == {}  # the position was kept: nothing read twice
    assert len(list((dovecot.maildir(USER) / "new").iterdir()) + list((dovecot.maildir(USER) / "cur").iterdir())) == 1


def test_a_message_from_a_known_address_without_thread_headers_is_matched_by_sender(session, dovecot, connected):
    mailbox, _, leo, _ = connected
    dovecot.deliver(USER, email_bytes(sender="LEO@blog.example", subject="Saw your brand", body="Interested."))
    dovecot.deliver(USER, email_bytes(sender="stranger@else.example", subject="Hi", body="Who are you?"))
    assert read(session, mailbox) == {"reply": 1, "unmatched": 1}
    assert session.exec(select(Reply)).one().entry_id == leo.id


def test_an_auto_reply_does_not_count_and_postpones_the_next_step(session, dovecot, connected):
    mailbox, maya, _, pitch_row = connected
    step = session.exec(select(OutboxMessage).where(OutboxMessage.step == 2)).one()
    planned = step.send_after
    dovecot.deliver(USER, email_bytes(subject="Out of office: Autumn grinder", body="Back on Monday.",
                                      In_Reply_To=pitch_row.message_id, Auto_Submitted="auto-replied"))
    dovecot.deliver(USER, email_bytes(subject="Re: Autumn grinder", body="Away.", X_Autoreply="yes"))
    assert read(session, mailbox) == {"auto_reply": 2}
    assert session.exec(select(Reply)).all() == []
    session.refresh(step)
    assert step.status == "scheduled" and step.send_after > planned
    assert session.exec(select(Note).where(Note.entry_id == maya.id)).first() is not None


def dsn(original_id: str) -> bytes:
    return (
        "From: MAILER-DAEMON@mx.blog.example\r\nTo: pr@example.test\r\nSubject: Undelivered Mail\r\n"
        "Message-ID: <bounce1@mx.blog.example>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.blog.example\r\n\r\n"
        "Final-Recipient: rfc822; maya@blog.example\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n\r\n"
        f"--B\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: {original_id}\r\nSubject: Autumn grinder\r\n\r\n"
        "--B--\r\n"
    ).encode()


def test_a_bounce_marks_the_address_failing_and_stops_the_sequence(session, dovecot, connected):
    mailbox, maya, _, pitch_row = connected
    dovecot.deliver(USER, dsn(pitch_row.message_id))
    assert read(session, mailbox) == {"bounce": 1}
    detail = session.exec(select(ContactDetail).where(ContactDetail.value == "maya@blog.example")).one()
    assert detail.failing_since is not None and "5.1.1" in detail.failure and "User unknown" in detail.failure
    assert session.exec(select(OutboxMessage).where(OutboxMessage.step == 2)).one().status == "cancelled"
    assert session.exec(select(Reply)).all() == []
    session.refresh(pitch_row)
    assert pitch_row.bounced_at is not None  # it counts against the mailbox
    health = mailbox_health(session, [session.get(Mailbox, mailbox.id)], utcnow())[mailbox.id]
    assert (health.sent, health.bounced, health.bounce_rate) == (1, 1, 1.0)


def test_malformed_mime_and_another_charset_are_read_without_failing(session, dovecot, connected):
    mailbox, maya, _, pitch_row = connected
    broken = (f"From: maya@blog.example\r\nTo: {USER}\r\nSubject: =?utf-8?q?broken=ZZ?=\r\n"
              f"In-Reply-To: {pitch_row.message_id}\r\nMessage-ID: <broken@blog.example>\r\nMIME-Version: 1.0\r\n"
              'Content-Type: multipart/mixed; boundary="never-closed"\r\n\r\n--never-closed\r\n'
              "Content-Type: text/plain; charset=no-such-charset\r\nContent-Transfer-Encoding: base64\r\n\r\n"
              "SGVsbG8gdGhlcmU=!!!\r\n").encode()
    latin = (f"From: =?iso-8859-1?q?Ma=EFa?= <maya@blog.example>\r\nTo: {USER}\r\nSubject: =?iso-8859-1?q?R=E9ponse?=\r\n"
             f"References: <other@x> {pitch_row.message_id}\r\nMessage-ID: <latin@blog.example>\r\nMIME-Version: 1.0\r\n"
             "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
             "Tr=E8s volontiers, merci ! Cr=E8me br=FBl=E9e.\r\n").encode()
    dovecot.deliver(USER, broken)
    dovecot.deliver(USER, latin)
    assert read(session, mailbox) == {"reply": 2}
    summaries = [reply.summary for reply in session.exec(select(Reply).order_by(Reply.id))]
    assert summaries[0].startswith("Hello there")
    assert summaries[1] == "Très volontiers, merci ! Crème brûlée."


def test_an_html_reply_is_sanitised(session, dovecot, connected):
    mailbox, _, _, pitch_row = connected
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "maya@blog.example", USER, "Re"
    message["In-Reply-To"] = pitch_row.message_id
    message.set_content('<p>Sure!<script>alert(1)</script><img src="https://t.example/p.gif"></p>', subtype="html")
    dovecot.deliver(USER, message.as_bytes())
    read(session, mailbox)
    assert session.exec(select(Reply)).one().summary == "Sure!"


def test_a_20_mb_message_is_logged_from_its_headers_without_loading_it(session, dovecot, connected):
    mailbox, _, _, pitch_row = connected
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "maya@blog.example", USER, "Re: photos"
    message["In-Reply-To"] = pitch_row.message_id
    message.set_content("Photos attached.")
    message.add_attachment(b"\x00" * (20 * 1_048_576), maintype="application", subtype="octet-stream",
                           filename="photos.zip")
    dovecot.deliver(USER, message.as_bytes())
    assert read(session, mailbox) == {"reply": 1}
    summary = session.exec(select(Reply)).one().summary
    assert "too large to load" in summary and "27." in summary  # base64 makes 20 MB about 27 MB


def test_wrong_credentials_and_a_closed_port_say_what_failed(session, staff, dovecot, mail_smtp, mail_tls):
    controller, _ = mail_smtp
    mailbox = make_mailbox(session, staff, smtp_port=controller.port, imap_port=dovecot.port, password="wrong")
    results = check_connection(session, mailbox, SETTINGS)
    assert [(server, worked) for server, worked, _ in results] == [("SMTP", False), ("IMAP", False)]
    assert all("refused the user name or password" in message for _, _, message in results), results
    mailbox.imap_tls, mailbox.imap_port = "implicit", dovecot.tls_port
    results = check_connection(session, mailbox, SETTINGS)
    assert "certificate is not trusted" in results[1][2]
    results = check_connection(session, mailbox, mail_settings(MAIL_CA_FILE=str(mail_tls["ca"])))
    assert "refused the user name or password" in results[1][2]
    mailbox.imap_tls = "starttls"
    mailbox.imap_port = dovecot.port
    mailbox.password_encrypted = encrypt_password(KEY, IMAP_PASSWORD)
    results = check_connection(session, mailbox, mail_settings(MAIL_CA_FILE=str(mail_tls["ca"])))
    assert results == [("SMTP", True, f"SMTP server 127.0.0.1:{controller.port}: connected and logged in."),
                       ("IMAP", True, f"IMAP server 127.0.0.1:{dovecot.port}: logged in and opened INBOX.")]
    assert mailbox.login_refused_at is None


def test_a_team_mailbox_whose_password_stops_working_is_told_to_the_admins_once(session, users, dovecot, mail_smtp):
    admin = session.get(User, users["admin"][0])
    mailbox = make_mailbox(session, admin, smtp_port=mail_smtp[0].port, imap_port=dovecot.port)
    mailbox.owner_id = None  # the team's
    mailbox.password_encrypted = encrypt_password(KEY, "changed by someone")
    session.add(mailbox)
    session.commit()
    for minutes in (0, 5, 10):  # three reads: one alert
        read_mailbox(session, mailbox, SETTINGS, utcnow() + timedelta(minutes=minutes))
    alerts = session.exec(select(Notification).where(Notification.kind == "mailbox_refused")).all()
    assert [(note.user_id, note.title, note.url) for note in alerts] == [
        (admin.id, "pr@example.test cannot log in", "/mail/")]
    assert "refused the user name or password" in alerts[0].body and "no reply is read" in alerts[0].body
    assert mailbox.login_refused_at is not None
    mailbox.password_encrypted = encrypt_password(KEY, IMAP_PASSWORD)  # mended: the next refusal is told again
    read_mailbox(session, mailbox, SETTINGS, utcnow())
    assert mailbox.login_refused_at is None and mailbox.last_error == ""


def test_a_server_that_goes_away_mid_read_loses_nothing(session, dovecot, connected):
    mailbox, _, _, pitch_row = connected
    for number in range(3):
        dovecot.deliver(USER, email_bytes(body=f"Reply {number} " + "x" * 50_000, In_Reply_To=pitch_row.message_id,
                                          message_id=f"<cut{number}@blog.example>"))
    proxy = CuttingProxy(dovecot.port, cut_after=20_000)
    stored = session.get(Mailbox, mailbox.id)
    stored.imap_port = proxy.port
    session.commit()
    assert read(session, mailbox) == {}
    stored = session.get(Mailbox, mailbox.id)
    assert "broke off" in stored.last_error
    proxy.close()
    stored.imap_port = dovecot.port
    session.commit()
    assert read(session, mailbox) == {"reply": 3}
    assert session.get(Mailbox, mailbox.id).last_error == ""


class CountingIMAP(imaplib.IMAP4):
    """imaplib counting the commands it sends."""

    commands: list[str] = []

    def _command(self, name, *args):
        CountingIMAP.commands.append(name)
        return super()._command(name, *args)


def test_an_inbox_with_no_new_mail_costs_one_command_after_login(session, dovecot, connected):
    mailbox, *_ = connected
    stored = session.get(Mailbox, mailbox.id)
    imap = CountingIMAP("127.0.0.1", dovecot.port)
    imap.login(USER, "imap secret")
    CountingIMAP.commands.clear()
    position, uidnext = open_position(imap, Position(stored.imap_uidvalidity, stored.imap_last_uid))
    assert list(new_messages(imap, position, uidnext, 10_000_000)) == []
    assert CountingIMAP.commands == ["EXAMINE"]  # SELECT read-only: it also says UIDNEXT, so nothing more
    imap.logout()


def test_a_new_uidvalidity_reads_the_folder_again_without_logging_twice(session, dovecot, connected):
    mailbox, _, _, pitch_row = connected
    dovecot.deliver(USER, email_bytes(In_Reply_To=pitch_row.message_id, message_id="<once@blog.example>"))
    assert read(session, mailbox) == {"reply": 1}
    stored = session.get(Mailbox, mailbox.id)
    stored.imap_uidvalidity += 1  # as if the server rebuilt the folder
    session.commit()
    assert read(session, mailbox) == {"duplicate": 1}
    assert len(session.exec(select(Reply)).all()) == 1


def test_please_remove_me_is_proposed_for_do_not_contact(session, dovecot, connected, staff, users):
    mailbox, maya, _, pitch_row = connected
    dovecot.deliver(USER, email_bytes(body="Please remove me from your list.", In_Reply_To=pitch_row.message_id))
    read(session, mailbox)
    assert session.exec(select(Reply)).one().asks_removal
    notifications = session.exec(select(Notification).where(Notification.kind == "do_not_contact")).all()
    assert {n.user_id for n in notifications} == {staff.id, users["admin"][0]}  # the owner, and the list's keepers
    assert all("Maya Pour asked not to be contacted" in n.title for n in notifications)


def test_reading_uses_the_endpoint_in_its_tls_mode(dovecot, mail_tls):
    endpoint = Endpoint("IMAP", "127.0.0.1", dovecot.tls_port, "implicit")
    imap = open_imap(endpoint, Login(USER, "imap secret"), str(mail_tls["ca"]))
    assert imap.select("INBOX", readonly=True)[0] == "OK"
    imap.logout()
    assert utcnow() - timedelta(seconds=5) < utcnow()


def test_our_own_copies_are_not_replies_and_a_folder_that_cannot_be_opened_is_named(session, dovecot, connected):
    mailbox, _, _, pitch_row = connected
    dovecot.deliver(USER, email_bytes(sender=USER, In_Reply_To=pitch_row.message_id, message_id="<own@x>"))
    assert read(session, mailbox) == {"own": 1}
    maildir = dovecot.maildir(USER)
    (maildir / "cur").chmod(0)
    try:
        results = check_connection(session, session.get(Mailbox, mailbox.id), SETTINGS)
    finally:
        (maildir / "cur").chmod(0o700)
    assert results[1] == ("IMAP", False, f"IMAP server 127.0.0.1:{dovecot.port}: the folder INBOX cannot be opened.")


def test_a_cut_off_send_found_in_the_sent_folder_is_recorded_and_one_not_found_waits(session, engine, dovecot,
                                                                                     connected, staff):
    from outreach.core.mail.sent_check import resolve_unsure
    from outreach.core.models import Pitch

    mailbox, _, leo, _ = connected
    rows = []
    for number in range(2):  # what a scheduler that died mid-send leaves behind
        row = OutboxMessage(mailbox_id=mailbox.id, entry_id=leo.id, created_by_id=staff.id, to_address="leo@blog.example",
                            message_id=f"<cut{number}@example.test>", subject=f"Hi {number}", body="Hello",
                            status="unsure")
        session.add(row)
        session.commit()
        rows.append(row)
    imap = imaplib.IMAP4("127.0.0.1", dovecot.port)
    imap.login(USER, "imap secret")
    imap.create("Sent")
    copy = email_bytes(sender=USER, subject="Hi 0", message_id=rows[0].message_id)
    imap.append("Sent", "(\\Seen)", None, copy)
    imap.logout()
    assert resolve_unsure(engine, SETTINGS) == 1
    session.expire_all()
    first, second = (session.get(OutboxMessage, row.id) for row in rows)
    assert first.status == "sent" and "found in the Sent folder" in first.last_error
    assert session.exec(select(Pitch).where(Pitch.message_id == first.message_id)).one()
    assert second.status == "unsure" and second.claimed_until > utcnow() + timedelta(minutes=50)
    assert resolve_unsure(engine, SETTINGS) == 0  # not looked for again before the hour is out


def test_a_reply_read_tells_whoever_works_the_card_at_once(session, dovecot, connected, smtp_server, staff):
    mailbox, maya, _, pitch_row = connected
    controller, alerts_inbox = smtp_server
    settings = {**SETTINGS, **smtp_config(controller)}
    dovecot.deliver(USER, email_bytes(body="Yes please!", In_Reply_To=pitch_row.message_id, message_id="<r9@blog>"))
    dovecot.deliver(USER, email_bytes(subject="Out of office", body="Back Monday.", Auto_Submitted="auto-replied",
                                      In_Reply_To=pitch_row.message_id, message_id="<ooo@blog>"))
    assert read_mailbox(session, session.get(Mailbox, mailbox.id), settings, utcnow()) == {"reply": 1, "auto_reply": 1}
    [told] = session.exec(select(Notification).where(Notification.kind == "reply")).all()  # not the auto-reply
    assert told.user_id == staff.id and told.title == "Maya Pour replied: Re: Autumn grinder"
    assert told.url == f"/campaigns/entries/{maya.id}/" and told.body == "Yes please!"
    [(recipients, message)] = alerts_inbox.messages
    assert recipients == ["staff@example.com"] and message["Subject"] == "Outreach: Maya Pour replied: Re: Autumn grinder"


def test_a_reply_s_files_are_kept_with_it_and_a_signature_s_picture_is_not(session, dovecot, connected):
    from outreach.core.mail.parse import MAX_FILE_BYTES
    from outreach.core.models import ReplyFile

    mailbox, _, _, pitch_row = connected
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "Maya Pour <maya@blog.example>", USER, "Re: Autumn grinder"
    message["Message-ID"], message["In-Reply-To"] = "<files@blog.example>", pitch_row.message_id
    message.set_content("My media kit and rates are attached.")
    message.add_related(b"\x89PNG\r\n\x1a\nlogo", maintype="image", subtype="png", cid="<logo@blog>",
                        disposition="inline", filename="logo.png")
    message.add_attachment(b"%PDF-1.4\nmedia kit\n%%EOF", maintype="application", subtype="pdf",
                           filename="Media kit 2027.pdf")
    message.add_attachment(b"MZ\x90\x00", maintype="application", subtype="pdf", filename="../rates.pdf")
    message.add_attachment(b"0" * (MAX_FILE_BYTES + 1), maintype="video", subtype="mp4", filename="reel.mp4")
    dovecot.deliver(USER, message.as_bytes())
    larger = mail_settings(MAIL_MAX_MESSAGE_MB=20)  # a team that loads messages up to 20 MB
    assert read_mailbox(session, session.get(Mailbox, mailbox.id), larger, utcnow()) == {"reply": 1}
    reply = session.exec(select(Reply)).one()
    assert reply.summary == "My media kit and rates are attached."
    files = session.exec(select(ReplyFile).where(ReplyFile.reply_id == reply.id).order_by(ReplyFile.id)).all()
    assert [(file.name, file.content_type, file.size) for file in files] == [
        ("Media kit 2027.pdf", "application/pdf", 24),
        ("rates.pdf", "application/octet-stream", 4),  # not a PDF, whatever its name and type say
        ("reel.mp4", "application/octet-stream", MAX_FILE_BYTES + 1)]
    assert files[0].data == b"%PDF-1.4\nmedia kit\n%%EOF" and files[2].data == b""  # too large: left in the mailbox


def test_a_reply_filed_as_junk_is_logged_and_the_owner_told_where_it_was(session, dovecot, connected, staff):
    mailbox, maya, _, pitch_row = connected
    file_as_junk(dovecot, email_bytes(In_Reply_To=pitch_row.message_id, message_id="<junked@blog.example>"))
    file_as_junk(dovecot, email_bytes(sender="winner@lottery.example", subject="You won", message_id="<spam@x>"))
    assert read(session, mailbox) == {}  # the Junk folder is read once an hour
    assert read(session, mailbox, timedelta(hours=2)) == {"reply": 1, "unmatched": 1}
    reply = session.exec(select(Reply)).one()
    assert reply.entry_id == maya.id and reply.message_id == "<junked@blog.example>"
    told = session.exec(select(Notification).where(Notification.kind == "reply")).one()
    assert told.title == "Maya Pour replied (found in Filtered Out): Re: Autumn grinder"
    assert session.get(OutboxMessage, pitch_row.id) is not None
    assert session.exec(select(OutboxMessage).where(OutboxMessage.step == 2)).one().status == "cancelled"
    stored = session.get(Mailbox, mailbox.id)
    assert stored.junk_folder == "Filtered Out" and stored.last_error == ""
    assert read(session, mailbox, timedelta(hours=4)) == {}  # read once


def test_a_copy_of_what_went_is_put_in_the_sent_folder_and_a_failure_there_undoes_nothing(session, engine, staff,
                                                                                          dovecot, connected,
                                                                                          mail_smtp):
    from outreach.core.mail.sent_check import found_in_sent

    mailbox, _, leo, pitch_row = connected
    imap = imaplib.IMAP4("127.0.0.1", dovecot.port)
    imap.login(USER, IMAP_PASSWORD)
    assert found_in_sent(imap, pitch_row.message_id)  # the folder was made for it: the server listed none
    status, data = imap.uid("SEARCH", None, "SEEN", "HEADER", "Message-ID", f'"{pitch_row.message_id}"')
    assert status == "OK" and len(data[0].split()) == 1  # one copy, marked read
    imap.logout()
    mailbox = session.get(Mailbox, mailbox.id)
    mailbox.imap_port = free_port()  # its IMAP server is gone: the email still goes, without a copy
    session.add(mailbox)
    session.commit()
    queue_pitch(session, staff, leo, mailbox, to_address="leo@blog.example", subject="For Leo", body="Hello",
                guard_days=30)
    session.commit()
    assert send_due(engine, SETTINGS) == 1
    assert mail_smtp[1].messages[-1][1]["Subject"] == "For Leo"
