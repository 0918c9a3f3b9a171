"""The board's filters: whose cards, which flag, what text. Each is a clause over the
pipeline entry with named parameters, so the board's cached statements take them too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, exists, or_
from sqlmodel import select
from wtforms import Form, SelectField, StringField
from wtforms.validators import Length, Optional

from outreach.core.deliverables import due
from outreach.core.fees import overdue, to_pay
from outreach.core.models import Blog, Blogger, Coverage, Deliverable, Fee, PipelineEntry, Sample
from outreach.core.sanitize import strip_control
from outreach.web.forms import options

FLAGS = {
    "": "Any",
    "overdue": "Overdue follow-up",
    "due_soon": "Follow-up in the next 7 days",
    "do_not_contact": "Do not contact",
    "sample_out": "Sample out",
    "fee_to_pay": "Fee to pay",
    "fee_overdue": "Fee overdue",
    "post_due": "Post due",
    "post_late": "Post late",
    "coverage": "Coverage to review",
}


def _clauses() -> dict:
    blogger_named = select(Blogger.id).where(Blogger.name.ilike(bindparam("pattern")))
    blog_titled = select(Blog.blogger_id).where(Blog.title.ilike(bindparam("pattern")))
    return {
        "owner": PipelineEntry.owner_id == bindparam("owner_id"),
        "unowned": PipelineEntry.owner_id.is_(None),
        "overdue": PipelineEntry.next_follow_up_on < bindparam("today"),
        "due_soon": PipelineEntry.next_follow_up_on.between(bindparam("today"), bindparam("week_ahead")),
        "do_not_contact": PipelineEntry.blogger_id.in_(select(Blogger.id).where(Blogger.do_not_contact)),
        "sample_out": exists().where(Sample.entry_id == PipelineEntry.id, Sample.status == "sent"),
        "fee_to_pay": exists().where(Fee.entry_id == PipelineEntry.id, to_pay()),
        "fee_overdue": exists().where(Fee.entry_id == PipelineEntry.id, overdue(bindparam("today"))),
        "post_due": exists().where(Deliverable.entry_id == PipelineEntry.id, Deliverable.status == "planned"),
        "post_late": exists().where(Deliverable.entry_id == PipelineEntry.id, due(bindparam("today"))),
        "coverage": exists().where(Coverage.entry_id == PipelineEntry.id, Coverage.status == "proposed"),
        "text": or_(PipelineEntry.blogger_id.in_(blogger_named), PipelineEntry.blogger_id.in_(blog_titled)),
    }


CLAUSES = _clauses()


@dataclass(frozen=True)
class BoardFilters:
    """The filters a person chose; empty means the whole board."""

    owner_id: int | None = None
    unowned: bool = False
    flag: str = ""
    text: str = ""

    def clause_names(self) -> tuple[str, ...]:
        names = []
        if self.owner_id is not None:
            names.append("owner")
        if self.unowned:
            names.append("unowned")
        if self.flag:
            names.append(self.flag)
        if self.text:
            names.append("text")
        return tuple(names)

    def parameters(self, today: date) -> dict:
        """The values of the named parameters the chosen clauses use."""
        values: dict = {"owner_id": self.owner_id, "today": today, "week_ahead": date.fromordinal(today.toordinal() + 7)}
        if self.text:
            escaped = self.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            values["pattern"] = f"%{escaped}%"
        return values

    @property
    def active(self) -> bool:
        return bool(self.clause_names())


class BoardFilterForm(Form):
    """The board's filter bar: a GET form, so no CSRF token."""

    owner = SelectField("Owner", default="", validators=[Optional()])
    flag = SelectField("Flag", choices=options(FLAGS.items()), default="", validators=[Optional()])
    q = StringField("Name", validators=[Optional(), Length(max=200)])


def read_board_filters(args, members, me_id: int) -> tuple[BoardFilterForm, BoardFilters, dict]:
    """The filter form, the filters it gives (none when invalid) and the arguments to carry on links."""
    form = BoardFilterForm(args)
    form.owner.choices = options([("", "Anyone"), ("me", "Me"), ("none", "Nobody")]
                                 + [(str(member.id), member.display_name) for member in members])
    if not form.validate():
        return form, BoardFilters(), {}
    owner = form.owner.data or ""
    filters = BoardFilters(
        owner_id=me_id if owner == "me" else int(owner) if owner.isdigit() else None,
        unowned=owner == "none", flag=form.flag.data or "", text=strip_control((form.q.data or "").strip()),
    )
    carried = {key: value for key, value in (("owner", owner), ("flag", filters.flag), ("q", filters.text)) if value}
    return form, filters, carried
