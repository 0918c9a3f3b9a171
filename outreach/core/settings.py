"""Every setting in one place: its name, default, type and what it does."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from outreach.core.time_zones import is_zone_name

PREFIX = "OUTREACH_"


def parse_bool(value: str) -> bool:
    """Read a yes/no environment value the way people write them."""
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected yes/no, true/false, on/off or 1/0, got {value!r}")


def parse_mail_key(value: str) -> str:
    """A Fernet key (32 bytes, URL-safe base64), or empty for none."""
    import base64
    import binascii

    value = value.strip()
    if value:
        try:
            if len(base64.urlsafe_b64decode(value.encode())) != 32:
                raise ValueError
        except (ValueError, binascii.Error):
            raise ValueError("expected a key made by `outreach mail make-key` (32 bytes, URL-safe base64)") from None
    return value


def parse_hour_range(value: str) -> tuple[int, int]:
    """Working hours as "START-END", e.g. "9-17"."""
    try:
        start, end = (int(part) for part in value.split("-"))
    except ValueError:
        raise ValueError(f"expected hours as START-END, e.g. 9-17, got {value!r}") from None
    if not 0 <= start < end <= 24:
        raise ValueError(f"expected 0 <= START < END <= 24, got {value!r}")
    return start, end


def parse_time_zone(value: str) -> str:
    """A time zone by a place's name, e.g. Europe/Berlin, or UTC."""
    if not is_zone_name(value.strip()):
        raise ValueError(f"expected a time zone such as Europe/Berlin or America/New_York, got {value!r}")
    return value.strip()


def parse_base_url(value: str) -> str:
    """The app's own address, http(s) with a host and nothing after the path; empty for none."""
    from urllib.parse import urlsplit

    value = value.strip().rstrip("/")
    if value:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            raise ValueError(f"expected the app's address, e.g. https://outreach.example.com, got {value!r}")
    return value


def parse_opt_out(value: str) -> str:
    """One of header, line, off."""
    value = value.strip().lower()
    if value not in ("header", "line", "off"):
        raise ValueError(f"expected header, line or off, got {value!r}")
    return value


THROTTLE_STORAGES = ("memory://", "redis://", "rediss://", "redis+unix://")


def parse_throttle_storage(value: str) -> str:
    """A storage the sign-in throttle can count in: memory, or a Redis URL."""
    if not value.strip().startswith(THROTTLE_STORAGES):
        raise ValueError(f"expected memory:// or a redis:// URL, got {value!r}")
    return value.strip()


def name_addresses(value: str, schemes: tuple[str, ...], expected: str) -> dict[str, str]:
    """`name=address,name=address` as a mapping, each address starting with one of `schemes`."""
    found: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in value.split(","))):
        name, equals, url = item.partition("=")
        if not equals or not name.strip() or not url.strip().startswith(schemes):
            raise ValueError(f"expected {expected}, got {item!r}")
        found[name.strip()] = url.strip()
    return found


def parse_name_urls(value: str) -> dict[str, str]:
    """`name=https://address,name=https://address` as a mapping."""
    return name_addresses(value, ("http://", "https://"), "name=http(s)://address")


def parse_server_urls(value: str) -> dict[str, str]:
    """`name=address` pairs for the mail providers: web addresses, and smtp(s):// or imap(s):// servers."""
    return name_addresses(value, SERVER_SCHEMES, f"name=address with one of {', '.join(SERVER_SCHEMES)}")


SERVER_SCHEMES = ("http://", "https://", "smtp://", "smtps://", "imap://", "imaps://")


@dataclass(frozen=True)
class Setting:
    """One setting: read from OUTREACH_<NAME>, stored in app.config[NAME]."""

    name: str
    default: Any
    doc: str
    parse: Callable[[str], Any] = str

    @property
    def env_var(self) -> str:
        return PREFIX + self.name


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DATABASE_URL",
        None,
        "SQLAlchemy URL of the database. Default: a SQLite file `outreach.sqlite` in the "
        "instance folder. Teams use `postgresql+psycopg://user@host/dbname`.",
    ),
    Setting(
        "INSTANCE_PATH",
        None,
        "Folder for the SQLite database, the generated secret key and the search index. "
        "Default: `instance/` beside the `outreach` package.",
    ),
    Setting(
        "SECRET_KEY",
        None,
        "Key that signs sessions, CSRF tokens and emails' opt-out links, and seals two-step secrets. "
        "Default: a random key generated once and kept in `instance/secret_key`.",
    ),
    Setting(
        "ALLOW_PRIVATE_NETWORKS",
        False,
        "Let the crawler fetch loopback, private and link-local addresses. Off by default; "
        "the tests and the demo turn it on for their own local servers.",
        parse_bool,
    ),
    Setting(
        "SESSION_COOKIE_SECURE",
        False,
        "Send the session cookie over HTTPS only. Turn it on whenever the app is served "
        "over HTTPS (it always should be outside one machine).",
        parse_bool,
    ),
    Setting(
        "BASE_URL",
        "",
        "The address people open the app at, e.g. `https://outreach.example.com`: the links in its "
        "emails (digests, alerts, password resets, invitations) start with it. Empty: emails carry no "
        "links, and passwords are not reset by email.",
        parse_base_url,
    ),
    Setting(
        "REQUIRE_TWO_STEP",
        False,
        "Everyone signs in in two steps: a person without an authenticator app set up is sent to set "
        "one up before any other page. Off by default: each person chooses on their account page.",
        parse_bool,
    ),
    Setting(
        "SIGN_IN_THROTTLE_STORAGE",
        "memory://",
        "Where failed sign-ins are counted (5 per account, 20 per address, in 15 minutes): "
        "`memory://` counts in each web process, enough on one machine; a team running several "
        "web workers sets a Redis URL, e.g. `redis://127.0.0.1:6379/0`, so they count together.",
        parse_throttle_storage,
    ),
    Setting(
        "CRAWL_MIN_INTERVAL_MINUTES",
        15,
        "Shortest time between two checks of one blog.",
        int,
    ),
    Setting(
        "CRAWL_MAX_INTERVAL_MINUTES",
        24 * 60,
        "Longest time between two checks of a healthy blog.",
        int,
    ),
    Setting(
        "CRAWL_CONCURRENCY",
        4,
        "How many blogs a crawl refreshes at once.",
        int,
    ),
    Setting(
        "CRAWL_POLITENESS_SECONDS",
        1.0,
        "Pause between two requests to the same host.",
        float,
    ),
    Setting(
        "PLATFORM_BASES",
        {},
        "Where the crawler finds each platform, as `name=address` pairs separated by commas, e.g. "
        "`youtube=https://www.youtube.com,bluesky_api=https://public.api.bsky.app`. Empty: the platforms' "
        "own addresses. Names: youtube, bluesky, bluesky_api, apple_podcasts, itunes_api, medium, medium_name, "
        "substack, ghost, wordpress_com, blogger, tumblr, tumblr_www; `{name}` stands for a site's name.",
        parse_name_urls,
    ),
    Setting(
        "PITCH_GUARD_DAYS",
        30,
        "Warn before pitching a blogger whom anyone pitched within this many days.",
        int,
    ),
    Setting(
        "SMTP_HOST",
        "",
        "Mail server for the daily follow-up digest. Empty (the default) sends no email; "
        "the in-app list works either way.",
    ),
    Setting("SMTP_PORT", 587, "Port of the mail server.", int),
    Setting("SMTP_USERNAME", "", "User name for the mail server, if it needs one."),
    Setting("SMTP_PASSWORD", "", "Password for the mail server, if it needs one."),
    Setting("SMTP_FROM", "outreach@localhost", "Sender address of the digest emails."),
    Setting(
        "SMTP_STARTTLS",
        True,
        "Upgrade the mail connection with STARTTLS before logging in.",
        parse_bool,
    ),
    Setting(
        "REMINDER_HOUR",
        7,
        "Hour of the day (0-23) at which the scheduler sends each person's follow-up digest (and on "
        "Mondays managers' weekly report, and quiet monitors' digests), on that person's own clock.",
        int,
    ),
    Setting(
        "TIME_ZONE",
        "UTC",
        "The time zone a new account starts on (each person changes theirs on their account's Time zone "
        "page), and the clock of pages opened without signing in (a brand's report).",
        parse_time_zone,
    ),
    Setting(
        "MAIL_KEY",
        "",
        "Key that encrypts connected mailboxes' passwords in the database (`outreach mail make-key` "
        "makes one). Set the same value on every process. Without it no mailbox password can be stored.",
        parse_mail_key,
    ),
    Setting(
        "MAIL_CA_FILE",
        "",
        "Extra certificate authorities (a PEM file) trusted for mailbox connections, for a company's "
        "own CA. Certificates are always verified.",
    ),
    Setting(
        "GOOGLE_CLIENT_ID",
        "",
        "The OAuth client of a Google Cloud project (a web application, its redirect address "
        "`OUTREACH_BASE_URL/mail/oauth/callback`): with it, people connect a Gmail or Google Workspace mailbox "
        "by signing in with Google, no password or app password typed.",
    ),
    Setting("GOOGLE_CLIENT_SECRET", "", "The secret of `OUTREACH_GOOGLE_CLIENT_ID`'s client."),
    Setting(
        "MICROSOFT_CLIENT_ID",
        "",
        "The application (client) id of a Microsoft Entra app registration (a web platform, its redirect address "
        "`OUTREACH_BASE_URL/mail/oauth/callback`, the delegated permissions SMTP.Send and IMAP.AccessAsUser.All): "
        "with it, people connect a Microsoft 365 or Outlook.com mailbox by signing in with Microsoft.",
    ),
    Setting("MICROSOFT_CLIENT_SECRET", "", "The client secret of `OUTREACH_MICROSOFT_CLIENT_ID`'s app."),
    Setting(
        "MICROSOFT_TENANT",
        "common",
        "Which Microsoft accounts may connect: `common` (any work, school or personal account), `organizations`, "
        "or the team's own tenant id or domain.",
    ),
    Setting(
        "OAUTH_BASES",
        {},
        "Where the mail providers' sign-in and servers are, as `name=address` pairs separated by commas, e.g. "
        "`microsoft_imap=imaps://outlook.office365.us:993` for a government cloud. Empty: the providers' own. "
        "Names: google_authorize, google_token, google_smtp, google_imap and the same for microsoft; a server "
        "as smtps:// (TLS from the start), smtp:// (STARTTLS), imaps:// or imap:// (STARTTLS).",
        parse_server_urls,
    ),
    Setting(
        "MAIL_OPT_OUT",
        "header",
        "How a blogger stops our emails themselves: `header` (the default) gives every email sent from the "
        "app a one-click List-Unsubscribe header, which mail apps show as an Unsubscribe button; `line` also "
        "ends the text with the link; `off` neither. The link needs `OUTREACH_BASE_URL`; using it puts the "
        "blogger on the do-not-contact list and cancels what waits to go to them.",
        parse_opt_out,
    ),
    Setting(
        "MAIL_READ_INTERVAL_MINUTES",
        5,
        "How often the scheduler reads each connected mailbox for replies.",
        int,
    ),
    Setting(
        "MAIL_MAX_MESSAGE_MB",
        10,
        "Larger incoming messages are logged from their headers alone; their body is not loaded.",
        int,
    ),
    Setting(
        "MAIL_ANSWER_ALERT_HOURS",
        4.0,
        "Alert the owner (in the app and by email) when a blogger's message has waited this many "
        "working hours for our answer.",
        float,
    ),
    Setting(
        "MAIL_WORKING_HOURS",
        (9, 17),
        "Working hours, Monday to Friday, as START-END on the clock of the person who answers; the answer "
        "alert counts only these.",
        parse_hour_range,
    ),
    Setting(
        "LOG_LEVEL",
        "WARNING",
        "Logging level of the app, the crawler and the scheduler.",
    ),
)

SETTINGS_BY_NAME = {setting.name: setting for setting in SETTINGS}


def default_of(name: str) -> Any:
    """A setting's default: the one place it is written down."""
    return SETTINGS_BY_NAME[name].default


def settings_from_environment(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Return every setting's value: the environment's where set, else the default."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = environ.get(setting.env_var)
        if raw is None:
            values[setting.name] = setting.default
            continue
        try:
            values[setting.name] = setting.parse(raw)
        except ValueError as error:
            raise SettingError(f"{setting.env_var}: {error}") from None
    return values


class SettingError(ValueError):
    """An environment variable holds a value its setting cannot take."""
