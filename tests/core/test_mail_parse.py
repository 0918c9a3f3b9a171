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


def test_broken_attachments_are_named_and_read_as_far_as_they_go():
    raw = (b"From: Maya <maya@blog.example>\r\nSubject: Files\r\nMIME-Version: 1.0\r\n"
           b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
           b"--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n"
           b'--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="kit\x07.pdf"\r\n'
           b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0x!!!not base64***\r\n"
           b'--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; '
           b"filename*=utf-8''%C3%A9t%C3%A9%20rates.xlsx\r\n\r\nPK\x03\x04\r\n"
           b"--b\r\nContent-Type: image/png\r\nContent-Disposition: inline\r\nContent-ID: <logo>\r\n\r\nPNG\r\n--b--\r\n")
    incoming = parse_message(raw)
    assert incoming.text == "See attached."
    assert [file.name for file in incoming.files] == ["kit.pdf", "été rates.xlsx"]  # the inline logo left out
    assert incoming.files[0].data == b"JVBERi0x!!!not base64***"  # undecodable: kept as it came, never a PDF
    assert parse_message(b"From: a@b.example\r\nContent-Type: multipart/mixed\r\n\r\nno parts").files == []
