"""Mail: 1,000 queued pitches sent through the outbox to a local SMTP server (aiosmtpd), each with
its copy put in the Sent folder over IMAP unless --no-sent-copies, and
5,000 inbox messages read from a local Dovecot and matched to their pitches; each beside a
plain baseline in the same run (an smtplib loop over one connection; an imaplib fetch of the
same messages), with messages per second and peak memory, and the commands an inbox with no
new mail costs.

Each measured part runs in a fresh process so its peak memory (ru_maxrss) is its own; the
servers run in this process (peak memory is VmHWM from /proc on Linux). Needs Dovecot (Debian package dovecot-imapd) and root, as the
tests do."""

from __future__ import annotations

import argparse
import imaplib
import json
import resource
import shutil
import smtplib
import statistics
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Only the standard library at the top: each baseline part's peak memory is then that of a
# plain script, and ours carries the project's imports it really needs.


USER, PASSWORD = "pr@example.test", "imap secret"


class CountingHandler:
    """An aiosmtpd handler that counts what it receives and keeps nothing."""

    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        return "250 OK"


def peak_mb() -> float:
    """This process's peak resident memory. VmHWM starts afresh at exec; ru_maxrss would carry
    the forking parent's peak into the part."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---- the parts, each run in its own process -------------------------------------------------

def part_send(args) -> dict:
    from outreach.core.db import make_engine
    from outreach.core.mail.outbox import send_due

    engine = make_engine(args.db)
    start = time.perf_counter()
    sent = send_due(engine, {"MAIL_KEY": args.key, "MAIL_CA_FILE": ""})
    return {"messages": sent, "seconds": time.perf_counter() - start, "peak_mb": peak_mb()}


def part_send_baseline(args) -> dict:
    """smtplib alone: the same number of messages over one connection, nothing read or written."""
    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", args.smtp_port) as smtp:
        smtp.login(USER, PASSWORD)
        for number in range(args.messages):
            message = EmailMessage()
            message["From"], message["To"], message["Subject"] = USER, f"b{number}@blog.example", f"Pitch {number}"
            message["Message-ID"] = f"<baseline{number}@example.test>"
            message.set_content("Hello, a grinder for you.")
            smtp.send_message(message)
    return {"messages": args.messages, "seconds": time.perf_counter() - start, "peak_mb": peak_mb()}


def part_read(args) -> dict:
    from collections import Counter

    from sqlmodel import Session, select

    from outreach.core.db import make_engine
    from outreach.core.mail.reading import read_mailbox
    from outreach.core.models import Mailbox, utcnow

    engine = make_engine(args.db)
    with Session(engine) as session:
        mailbox = session.exec(select(Mailbox)).one()
        start = time.perf_counter()
        found: Counter = read_mailbox(session, mailbox, {"MAIL_KEY": args.key, "MAIL_MAX_MESSAGE_MB": 10}, utcnow())
        seconds = time.perf_counter() - start
        error = mailbox.last_error
    return {"messages": sum(found.values()), "found": dict(found), "seconds": seconds, "peak_mb": peak_mb(),
            "error": error}


def part_read_baseline(args) -> dict:
    """imaplib alone: the same messages fetched in the same batches, nothing parsed or stored."""
    start = time.perf_counter()
    imap = imaplib.IMAP4("127.0.0.1", args.imap_port)
    imap.login(USER, PASSWORD)
    imap.select("INBOX", readonly=True)
    _, data = imap.uid("SEARCH", None, "ALL")
    uids = data[0].split()
    count = 0
    for first in range(0, len(uids), 100):
        _, fetched = imap.uid("FETCH", b",".join(uids[first:first + 100]).decode(), "(UID BODY.PEEK[])")
        count += sum(1 for item in fetched if isinstance(item, tuple))
    imap.logout()
    return {"messages": count, "seconds": time.perf_counter() - start, "peak_mb": peak_mb()}


def part_empty(args) -> dict:
    """Reads of an inbox with nothing new: the commands each costs after login, and its time."""
    from sqlmodel import Session, select

    from outreach.core.db import make_engine
    from outreach.core.mail.reading import read_mailbox
    from outreach.core.models import Mailbox, utcnow

    commands: list[str] = []
    original = imaplib.IMAP4._command

    def counting(self, name, *rest):
        commands.append(name)
        return original(self, name, *rest)

    imaplib.IMAP4._command = counting
    engine = make_engine(args.db)
    times = []
    with Session(engine) as session:
        for _ in range(20):
            commands.clear()
            mailbox = session.exec(select(Mailbox)).one()
            start = time.perf_counter()
            read_mailbox(session, mailbox, {"MAIL_KEY": args.key}, utcnow())
            times.append(time.perf_counter() - start)
    after_login = commands[commands.index("LOGIN") + 1:]
    return {"commands_after_login": [name for name in after_login if name != "LOGOUT"],
            "median_ms": statistics.median(times) * 1000}


PARTS = {"send": part_send, "send-baseline": part_send_baseline, "read": part_read,
         "read-baseline": part_read_baseline, "empty": part_empty}


def run_part(name: str, settings: dict) -> dict:
    argv = [sys.executable, __file__, "--part", name] + [f"--{key}={value}" for key, value in settings.items()]
    result = subprocess.run(argv, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"part {name} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# ---- set-up, in this process -----------------------------------------------------------------

def build_database(path: Path, key: str, smtp_port: int, imap_port: int, messages: int, sent_copies: bool) -> None:
    """A campaign of `messages` bloggers with addresses, a mailbox, and one queued pitch each."""
    from sqlmodel import Session

    from outreach.core.db import make_engine, upgrade_schema
    from outreach.core.mail.mailboxes import save_mailbox
    from outreach.core.mail.pitching import queue_pitch
    from outreach.core.models import ContactDetail, Mailbox, PlaintextHost
    from outreach.core.users import create_user
    from tests.factories import make_campaign_with_entries

    engine = make_engine(f"sqlite:///{path}")
    upgrade_schema(engine)
    with Session(engine) as session:
        user = create_user(session, "staff@example.com", "correct horse battery", "staff", name="Staff")
        session.add(PlaintextHost(host="127.0.0.1"))
        mailbox = Mailbox(name="Press", email_address=USER, smtp_host="127.0.0.1", smtp_port=smtp_port,
                          smtp_tls="none", imap_host="127.0.0.1", imap_port=imap_port, imap_tls="none",
                          username=USER, daily_limit=10_000, window_start_hour=0, window_end_hour=24,
                          copy_to_sent=sent_copies)
        save_mailbox(session, user, mailbox, PASSWORD, key)
        _, entries = make_campaign_with_entries(session, user.id, names=tuple(f"Blogger {n}" for n in range(messages)))
        for number, entry in enumerate(entries):
            session.add(ContactDetail(blogger_id=entry.blogger_id, kind="email", value=f"b{number}@blog.example"))
            queue_pitch(session, user, entry, mailbox, to_address=f"b{number}@blog.example",
                        subject=f"Pitch {number}", body="Hello, a grinder for you.", guard_days=30)
        session.commit()
    engine.dispose()


def inbox_messages(db: Path, count: int) -> list[bytes]:
    """Replies in the pitches' threads, replies by address alone, auto-replies, and strangers' mail."""
    from sqlmodel import Session, select

    from outreach.core.db import make_engine
    from outreach.core.models import OutboxMessage

    engine = make_engine(f"sqlite:///{db}")
    with Session(engine) as session:
        sent = session.exec(select(OutboxMessage.message_id, OutboxMessage.to_address)
                            .where(OutboxMessage.step == 1, OutboxMessage.status == "sent")).all()
    engine.dispose()
    messages = []
    for number in range(count):
        message_id, address = sent[number % len(sent)]
        kind = number % 5
        message = EmailMessage()
        message["From"] = address if kind < 4 else f"stranger{number}@else.example"
        message["To"], message["Subject"] = USER, f"Re: Pitch {number}"
        message["Message-ID"] = f"<in{number}@blog.example>"
        if kind in (0, 1):
            message["In-Reply-To"] = message_id
        if kind == 2:
            message["Auto-Submitted"] = "auto-replied"
        message.set_content(f"Thanks, sounds good.\n\nOn Monday you wrote:\n> Hello, a grinder for you.\n{'x' * 1500}")
        messages.append(message.as_bytes())
    return messages


def measure(args) -> dict:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    from outreach.core.mail.secrets import make_key
    from tests.local_imap import Dovecot
    from tests.local_mail import free_port

    key = make_key()
    handler = CountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), auth_require_tls=False,
                            authenticator=lambda *a: AuthResult(success=True, handled=False))
    controller.start()
    base = Path(tempfile.mkdtemp(prefix="outreach-bench-mail-"))
    base.chmod(0o755)
    dovecot = Dovecot(base / "dovecot", {USER: PASSWORD}).start()
    try:
        db = base / "bench.sqlite"
        build_database(db, key, controller.port, dovecot.port, args.messages, not args.no_sent_copies)
        settings = {"db": f"sqlite:///{db}", "key": key, "smtp-port": controller.port, "imap-port": dovecot.port,
                    "messages": args.messages}
        results = {"send": run_part("send", settings), "send-baseline": run_part("send-baseline", settings)}
        results["empty-before"] = run_part("empty", settings)  # also sets the mailbox's starting position
        for raw in inbox_messages(db, args.inbox):
            dovecot.deliver(USER, raw)
        results["read"] = run_part("read", settings)
        results["read-baseline"] = run_part("read-baseline", settings)
        results["empty"] = run_part("empty", settings)
        results["smtp_received"] = handler.received
        return results
    finally:
        dovecot.stop()
        controller.stop()
        shutil.rmtree(base, ignore_errors=True)


def rate(part: dict) -> float:
    return part["messages"] / part["seconds"] if part["seconds"] else 0.0


def report(runs: list[dict], args) -> None:
    def median(name, value):
        return statistics.median(value(run[name]) for run in runs)

    send, send_base = median("send", rate), median("send-baseline", rate)
    read, read_base = median("read", rate), median("read-baseline", rate)
    print(f"send {args.messages} queued pitches: {send:,.0f} msg/s (peak {median('send', lambda p: p['peak_mb']):.0f} MB)"
          f" | smtplib loop {send_base:,.0f} msg/s (peak {median('send-baseline', lambda p: p['peak_mb']):.0f} MB)"
          f" | ratio {send / send_base:.3f}")
    print(f"read {args.inbox} inbox messages: {read:,.0f} msg/s (peak {median('read', lambda p: p['peak_mb']):.0f} MB)"
          f" | imaplib fetch {read_base:,.0f} msg/s (peak {median('read-baseline', lambda p: p['peak_mb']):.0f} MB)"
          f" | ratio {read / read_base:.3f}")
    print(f"found (last run): {runs[-1]['read']['found']}; SMTP server received {runs[-1]['smtp_received']}")
    empty = runs[-1]["empty"]
    print(f"empty inbox read: commands after login {empty['commands_after_login']}, "
          f"median {median('empty', lambda p: p['median_ms']):.1f} ms a read (login and logout included)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000, help="queued pitches to send")
    parser.add_argument("--inbox", type=int, default=5000, help="messages in the inbox to read")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--no-sent-copies", action="store_true",
                        help="send without putting a copy of each email in the Sent folder (as for Gmail)")
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--part", choices=PARTS, help=argparse.SUPPRESS)
    for name in ("db", "key", "smtp-port", "imap-port"):
        parser.add_argument(f"--{name}", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part:
        args.smtp_port, args.imap_port = int(args.smtp_port or 0), int(args.imap_port or 0)
        print(json.dumps(PARTS[args.part](args)))
        return
    from tests.local_imap import dovecot_available

    if not dovecot_available():
        raise SystemExit("Dovecot is not installed: apt-get install dovecot-imapd (./dev.sh test installs it)")
    runs = [measure(args) for _ in range(args.repeat)]
    report(runs, args)
    if args.json:
        Path(args.json).write_text(json.dumps(runs, indent=2))


if __name__ == "__main__":
    main()
