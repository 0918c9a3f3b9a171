"""`outreach mail check`: every connected mailbox logged in to, each failure named, exit 1 on any."""

from __future__ import annotations

from sqlmodel import Session

from outreach.core.mail.secrets import encrypt_password
from outreach.core.models import Mailbox, User
from tests.mail_factories import KEY, make_mailbox


def test_mail_check_logs_in_to_each_mailbox_and_fails_on_any_refusal(app, runner, engine, users, mail_smtp, dovecot):
    app.config["MAIL_KEY"] = KEY
    with Session(engine) as session:
        staff = session.get(User, users["staff"][0])
        good = make_mailbox(session, staff, smtp_port=mail_smtp[0].port, imap_port=dovecot.port)
        sending_only = make_mailbox(session, staff, smtp_port=mail_smtp[0].port)  # reads no replies: not a failure
        bad = make_mailbox(session, staff, smtp_port=mail_smtp[0].port, imap_port=dovecot.port)
        bad.password_encrypted = encrypt_password(KEY, "changed")
        session.add(bad)
        session.commit()
        good_id, bad_id, sending_only_id = good.id, bad.id, sending_only.id
    result = runner.invoke(args=["mail", "check", "--mailbox", str(good_id), "--mailbox", str(sending_only_id)])
    assert result.exit_code == 0, result.output
    assert f"{sending_only_id:>4}  pr@example.test  IMAP: not set  No IMAP server is set" in result.output
    assert "SMTP: ok" in result.output and "IMAP: ok  IMAP server 127.0.0.1" in result.output
    result = runner.invoke(args=["mail", "check"])
    assert result.exit_code == 1
    assert f"{bad_id:>4}  pr@example.test  IMAP: FAILED  IMAP server 127.0.0.1:{dovecot.port} refused" in result.output
    with Session(engine) as session:  # what failed is kept on the mailbox, as the page's test keeps it
        assert "refused the user name or password" in session.get(Mailbox, bad_id).last_error
    result = runner.invoke(args=["mail", "check", "--mailbox", "999"])
    assert result.exit_code == 1 and "No connected mailbox with that number." in result.output
