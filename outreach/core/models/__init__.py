"""The data model. Import from here: `from outreach.core.models import Blog, Post`."""

from sqlmodel import SQLModel

from outreach.core.models.blogs import (
    BLOG_STATUSES,
    PIPELINE_RELATIONSHIPS,
    PLATFORMS,
    RELATIONSHIP_STATUSES,
    Blog,
    BlogCandidate,
    Blogger,
    BlogTag,
    ContactDetail,
    ForgottenIdentity,
    Post,
)
from outreach.core.models.campaigns import (
    CLOSED_STAGE_KINDS,
    DEFAULT_STAGES,
    Campaign,
    CampaignMember,
    PipelineEntry,
    Stage,
    StageChange,
)
from outreach.core.models.contact import (
    COVERAGE_STATUSES,
    DELIVERABLE_STATUSES,
    FEE_STATUSES,
    PITCH_CHANNELS,
    PITCH_OUTCOMES,
    SAMPLE_STATUSES,
    SENT_SAMPLE_STATUSES,
    Coverage,
    Deliverable,
    DeliverableBase,
    Fee,
    FeeBase,
    Note,
    NoteBase,
    Pitch,
    PitchBase,
    PitchTemplate,
    Reply,
    ReplyBase,
    Sample,
    SampleBase,
)
from outreach.core.models.fields import FIELD_KINDS, MAX_CHOICES, CustomField, CustomValue
from outreach.core.models.files import CampaignFile, OutboxAttachment, ReplyFile
from outreach.core.models.limits import FieldLimits, limits_of
from outreach.core.models.listening import (
    EventHook,
    Mention,
    Monitor,
    MonitorBase,
    MonitorWatcher,
    Notification,
    WebhookDelivery,
)
from outreach.core.models.mail import (
    OUTBOX_STATUSES,
    SENDABLE_STATUSES,
    TLS_MODES,
    BlockedDomain,
    Mailbox,
    MailboxBase,
    OutboxMessage,
    PlaintextHost,
    SequenceStep,
)
from outreach.core.models.niches import Niche, NicheFit, NicheSeed
from outreach.core.models.search import BlogRemoval, IndexChunk, IndexState
from outreach.core.models.types import MAX_ID, UTCDateTime, utc_today, utcnow
from outreach.core.models.users import ROLES, ApiToken, AuditEvent, RecoveryCode, SavedView, SignInIdentity, User

metadata = SQLModel.metadata

__all__ = [
    "CampaignFile", "OutboxAttachment", "ReplyFile", "DELIVERABLE_STATUSES", "Deliverable", "DeliverableBase", "FIELD_KINDS", "MAX_CHOICES", "CustomField", "CustomValue", "BLOG_STATUSES", "PLATFORMS", "CLOSED_STAGE_KINDS", "COVERAGE_STATUSES", "DEFAULT_STAGES", "FEE_STATUSES", "PITCH_CHANNELS",
    "PITCH_OUTCOMES", "PIPELINE_RELATIONSHIPS", "RELATIONSHIP_STATUSES", "ROLES", "SAMPLE_STATUSES", "SENT_SAMPLE_STATUSES", "FieldLimits", "PitchBase", "SampleBase",
    "limits_of", "Mention", "Monitor", "MonitorBase", "MonitorWatcher", "Notification",
    "EventHook", "WebhookDelivery", "OUTBOX_STATUSES", "SENDABLE_STATUSES", "TLS_MODES", "BlockedDomain", "Mailbox", "MailboxBase", "OutboxMessage", "PlaintextHost",
    "SequenceStep",
    "ApiToken", "AuditEvent", "Blog", "BlogCandidate", "Blogger", "BlogTag", "Campaign",
    "BlogRemoval", "CampaignMember", "ContactDetail", "Coverage", "Fee", "FeeBase", "RecoveryCode", "ForgottenIdentity", "IndexChunk", "IndexState", "Niche", "NicheFit", "NicheSeed", "Note",
    "NoteBase", "PipelineEntry", "Pitch", "PitchTemplate", "Post", "Reply", "ReplyBase", "Sample", "SavedView", "SignInIdentity", "Stage",
    "StageChange", "User", "UTCDateTime", "MAX_ID",
    "metadata", "utc_today", "utcnow",
]
