"""Reading incoming mail that is broken in the ways real mail is: headers the parser gives up on,
threads with thousands of references, replies quoted in several styles."""

from __future__ import annotations

from outreach.core.mail.parse import parse_message, trim_reply


def test_a_header_the_parser_gives_up_on_is_read_raw_and_references_are_bounded():
    raw = (b"From: =?utf-8?b?invalid===?= <maya@blog.example>\r\nSubject: =?x-unknown?q?abc?=\r\n"
           b"Date: not a date\r\nMessage-ID: <<<>>>\r\nIn-Reply-To: <pitch@example.test>\r\nReferences: "
           + b" ".join(b"<r%d@x>" % number for number in range(10_000)) + b"\r\n\r\nYes!\r\n")
    incoming = parse_message(raw)
    assert incoming.from_address == "maya@blog.example" and incoming.text == "Yes!"
    assert incoming.message_id == "" and incoming.sent_at is None
    assert incoming.in_reply_to[0] == "<pitch@example.test>" and len(incoming.in_reply_to) == 51
    assert incoming.in_reply_to[-1] == "<r9999@x>"


def test_quoted_history_and_signatures_are_trimmed_in_the_usual_styles():
    assert trim_reply("Sounds good.\n\nOn Tue, 1 Dec 2026, PR <pr@x> wrote:\n> Hello") == "Sounds good."
    assert trim_reply("Oui !\n\nLe mar. 1 déc. 2026, PR a écrit :\n> Bonjour") == "Oui !"
    assert trim_reply("Sure.\n\n-----Original Message-----\nFrom: PR\nHello") == "Sure."
    assert trim_reply("Great\n-- \nMaya\nCrema Lab") == "Great"
    assert trim_reply("Thanks!\n\nSent from my iPhone") == "Thanks!"
    assert trim_reply("> earlier words\nMy answer below the quote") == "My answer below the quote"
