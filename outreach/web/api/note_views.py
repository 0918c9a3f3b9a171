"""Notes from scripts: on a blogger, or on their entry in one campaign; @mentions tell colleagues,
as on the pages."""

from __future__ import annotations

from flask import current_app, g
from sqlmodel import select

from outreach.core.models import Blogger, Note, PipelineEntry
from outreach.core.pipeline import add_note
from outreach.core.stages import commit_entry_change
from outreach.web.api.contact_schemas import NoteCreate, NoteOut
from outreach.web.api.http import ApiError, dump, dump_list, parse_body
from outreach.web.api.queries import entry_or_error, get_or_404
from outreach.web.api.spec import operation
from outreach.web.db import get_session


def note_body() -> str:
    body = parse_body(NoteCreate).body
    if not body.strip():
        raise ApiError(422, "Write something in the note: body is empty.")
    return body


@operation("GET", "/entries/<int:entry_id>/notes", "An entry's notes, oldest first", response=NoteOut,
           list_response=True, errors=(403,))
def list_entry_notes(entry_id: int):
    entry = entry_or_error(entry_id)
    return dump_list(NoteOut, get_session().exec(select(Note).where(Note.entry_id == entry.id)
                                                 .order_by(Note.created_at, Note.id)))


@operation("POST", "/entries/<int:entry_id>/notes", "Add a note on an entry; colleagues it @mentions are told",
           body=NoteCreate, response=NoteOut, status=201, errors=(403, 409))
def create_entry_note(entry_id: int):
    entry: PipelineEntry = entry_or_error(entry_id)
    body = note_body()
    session = get_session()
    note = add_note(session, g.api_user, entry.blogger_id, body, entry=entry, settings=current_app.config)
    commit_entry_change(session)
    return dump(NoteOut, note, 201)


@operation("GET", "/bloggers/<int:blogger_id>/notes",
           "Notes on a blogger themselves, oldest first (an entry's notes are read from the entry)",
           response=NoteOut, list_response=True)
def list_blogger_notes(blogger_id: int):
    blogger = get_or_404(Blogger, blogger_id, "blogger")
    return dump_list(NoteOut, get_session().exec(select(Note).where(Note.blogger_id == blogger.id,
                                                                    Note.entry_id.is_(None))
                                                 .order_by(Note.created_at, Note.id)))


@operation("POST", "/bloggers/<int:blogger_id>/notes",
           "Add a note on a blogger, seen in every campaign; colleagues it @mentions are told",
           body=NoteCreate, response=NoteOut, status=201)
def create_blogger_note(blogger_id: int):
    blogger = get_or_404(Blogger, blogger_id, "blogger")
    body = note_body()
    session = get_session()
    note = add_note(session, g.api_user, blogger.id, body, settings=current_app.config)
    session.commit()
    return dump(NoteOut, note, 201)
