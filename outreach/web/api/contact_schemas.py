"""Bodies of the API's replies, notes and follow-ups: what a blogger said (logged by hand or read from
a mailbox, with the files it carried), what the team wrote down, and whom to write to again."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal, Optional

from pydantic import AwareDatetime, BaseModel, Field

from outreach.core.models import NoteBase, ReplyBase, limits_of
from outreach.web.api.schemas import Channel, Output, Strict, input_model

Sentiment = Literal["positive", "neutral", "negative"]
SUMMARY_LIMIT = limits_of(ReplyBase, "summary").max_length


class ReplyFileOut(Output):
    id: int
    name: str
    content_type: str = Field(description="From what its content shows; anything else application/octet-stream.")
    size: int
    kept: bool = Field(default=True, description="False for a file too large to keep: named here, its content "
                                                 "left in the mailbox.")


class ReplyFileContent(ReplyFileOut):
    content_base64: str = Field(description="Its content in base64; empty when it was not kept.")


class ReplyOut(Output):
    id: int
    entry_id: int
    pitch_id: Optional[int] = Field(description="The pitch it answers: the entry's latest when it came.")
    channel: str
    summary: str = Field(description="What they said: the message's text when read from a mailbox.")
    sentiment: str
    received_at: datetime
    logged_by_id: Optional[int] = Field(description="Who logged it by hand; null for one read from a mailbox.")
    from_address: str = Field(description="The sender of a message read from a mailbox; empty when logged by hand.")
    subject: str
    answered_at: Optional[datetime] = Field(description="When we answered (a pitch, an email, or marked answered); "
                                                        "null while it waits.")
    asks_removal: bool = Field(description="It asks to be left alone: proposed for do-not-contact.")
    files: list[ReplyFileOut] = Field(default=[], description="The files a message read from a mailbox carried.")


ReplyCreate = input_model(
    ReplyBase, "ReplyCreate", "A reply received outside the app's mailboxes (a call, a DM, another inbox).",
    channel=(Channel, "email"), sentiment=(Sentiment, "neutral"),
    summary=(str, Field(min_length=1, max_length=SUMMARY_LIMIT, description="What they said.")),
    received_at=(Optional[AwareDatetime], Field(default=None, description=(
        "When it came (with its time zone), not in the future; default now."))))


class WaitingOut(BaseModel):
    reply: ReplyOut
    campaign_id: int
    campaign_name: str
    blogger_id: int
    blogger_name: str = Field(description="The blogger's name, else the address the message came from.")
    owner_id: Optional[int] = Field(description="The entry's owner, who is alerted when it waits too long.")
    working_hours: float = Field(description="Working hours it has waited (the team's working day, your time zone).")
    hours: float = Field(description="Hours of the clock it has waited.")
    overdue: bool = Field(description="Past the working hours after which its owner is alerted.")


class NoteOut(Output):
    id: int
    blogger_id: Optional[int]
    entry_id: Optional[int] = Field(description="The campaign entry it is on; null for a note on the blogger.")
    author_id: Optional[int]
    body: str
    created_at: datetime


NoteCreate = input_model(NoteBase, "NoteCreate", "A note; @name (a colleague's email's first part, or the "
                                                 "whole address) tells them of it.")


class FollowUpQuery(Strict):
    days: int = Field(default=0, ge=0, le=30, description="Also those due within this many days after today.")


class FollowUpOut(BaseModel):
    entry_id: int
    version: int = Field(description="The entry's version: PATCH /entries/{id} with next_follow_up_on snoozes "
                                     "the follow-up, with null marks it done.")
    campaign_id: int
    campaign_name: str
    stage: str
    blogger_id: int
    name: str = Field(description="The blogger's name as the pages show it.")
    due_on: date
    days_overdue: int = Field(description="0 when due today; negative when it is due later.")
