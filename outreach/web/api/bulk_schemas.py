"""Bodies of the API's bulk actions: the same actions, limits and answers as the pages' bulk bars."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, Field

from outreach.core.bulk import BLOG_ACTIONS, BULK_LIMIT, ENTRY_ACTIONS
from outreach.core.models import MAX_ID, Blogger, limits_of
from outreach.web.api.schemas import Strict

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
REASON_LIMIT = limits_of(Blogger, "do_not_contact_reason").max_length


class EntryBulk(Strict):
    """One action on many entries of a campaign."""

    action: Literal[ENTRY_ACTIONS]  # type: ignore[valid-type]
    entry_ids: list[Id] = Field(min_length=1, max_length=BULK_LIMIT)
    versions: Optional[list[Id]] = Field(
        default=None, max_length=BULK_LIMIT,
        description="The version of each entry as you read it, in the order of entry_ids; a changed one is refused.")
    stage_id: Optional[int] = Field(default=None, ge=1, le=MAX_ID, description="For move.")
    owner_id: Optional[int] = Field(default=None, ge=1, le=MAX_ID, description="For set_owner; none clears it.")
    follow_up_on: Optional[date] = Field(default=None, description="For set_follow_up; none clears it.")
    campaign_id: Optional[int] = Field(default=None, ge=1, le=MAX_ID, description="For add_to_campaign.")
    reason: str = Field(default="", max_length=REASON_LIMIT, description="For do_not_contact.")


class BlogBulk(Strict):
    """One action on the bloggers of many blogs."""

    action: Literal[BLOG_ACTIONS]  # type: ignore[valid-type]
    blog_ids: list[Id] = Field(min_length=1, max_length=BULK_LIMIT)
    campaign_id: Optional[int] = Field(default=None, ge=1, le=MAX_ID, description="For add_to_campaign.")
    reason: str = Field(default="", max_length=REASON_LIMIT, description="For do_not_contact.")


class RefusalOut(BaseModel):
    id: int
    reason: str = Field(description="Why this item was not done, naming it.")


class BulkOut(BaseModel):
    action: str
    done: list[int] = Field(description="The ids done.")
    refused: list[RefusalOut]
