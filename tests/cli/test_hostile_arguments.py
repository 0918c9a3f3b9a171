"""Every `outreach` command run against a worked demo with hostile arguments and options, one
at a time: each ends with its answer or a clear refusal (a message and exit code 1 or 2),
never a traceback."""

from __future__ import annotations

import traceback

import click
from sqlmodel import Session, select

from outreach.core.db import make_engine
from outreach.core.models import Niche
from tests.worked_demo import build_worked_demo

# Commands that serve or run until stopped: their arguments are checked by their own tests.
LONG_RUNNING = {"demo", "serve", "scheduler"}
HOSTILE_TEXT = ["", " ", "x" * 3000, "<b>&amp;", "no such thing", "-1", "1e309", "\u202eevil", "é😀"]
HOSTILE_NUMBERS = ["-1", "0", str(2**31), "99999999999999999999", "abc", "1.5"]


def commands(group: click.Group, path: tuple[str, ...] = ()):
    """(path, command) of every command below the group."""
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))
        elif name not in LONG_RUNNING:
            yield (*path, name), command


def hostile_values(param: click.Parameter, tmp_path) -> list[str]:
    kind = param.type
    if isinstance(kind, click.Choice):
        return ["bogus", ""]
    if isinstance(kind, (click.IntRange, type(click.INT))):
        return HOSTILE_NUMBERS
    if isinstance(kind, (click.File, click.Path)):
        garbage = tmp_path / "garbage.csv"
        garbage.write_bytes(b"\x00\xff\xfe,;\"\nname,url\n,,,\n" * 20)
        return [str(garbage), str(tmp_path / "missing.csv"), str(tmp_path), "/dev/null"]
    return HOSTILE_TEXT


def usual_values(param: click.Parameter, known: dict[str, str], tmp_path) -> list[str]:
    """What a person would pass for a required parameter that is not the hostile one."""
    if isinstance(param.type, click.Choice):
        return [param.type.choices[-1]]
    if isinstance(param.type, (click.File, click.Path)):
        listing = tmp_path / "list.csv"
        listing.write_text("name,url\nMaya,http://127.0.0.1:1/feed\n")
        return [str(listing)]
    return [known.get(param.name, "1")]


def invocation(param_to_fuzz, value, command: click.Command, known, tmp_path) -> list[str]:
    """The command's arguments with `value` in the fuzzed parameter and usual values elsewhere."""
    args = []
    for param in command.params:
        if isinstance(param, click.Option) and (param.is_flag or param.hidden or param.name == "help"):
            continue
        if param is param_to_fuzz:
            values = [value]
        elif param.required:
            values = usual_values(param, known, tmp_path)
        else:
            continue
        if isinstance(param, click.Option):
            for item in values:
                args += [param.opts[0], item]
        else:
            args += values
    return args


def test_no_command_meets_a_traceback(app, runner, database_url, tmp_path):
    summary = build_worked_demo(app, database_url)
    engine = make_engine(database_url)
    with Session(engine) as session:
        niche = session.exec(select(Niche).order_by(Niche.id)).first().name
    engine.dispose()
    known = {"email": summary.admin_email, "name": niche, "niche_name": niche, "brief": "home espresso",
             "urls": "http://127.0.0.1:1/", "keep": "1", "other": "2", "role": "staff"}
    runs, failures = 0, []
    for path, command in commands(app.cli):
        for param in command.params:
            if isinstance(param, click.Option) and (param.is_flag or param.name == "help"):
                continue
            for value in hostile_values(param, tmp_path):
                args = [*path, *invocation(param, value, command, known, tmp_path)]
                result = runner.invoke(args=args, input="a long enough password\n")
                runs += 1
                if result.exception is not None and not isinstance(result.exception, SystemExit):
                    frames = [f for f in traceback.extract_tb(result.exc_info[2]) if "/outreach/" in f.filename
                              or "/crawlers/" in f.filename or "/scoring/" in f.filename]
                    where = f" at {frames[-1].filename.rsplit('/', 2)[-2:]}:{frames[-1].lineno}" if frames else ""
                    failures.append(f"{' '.join(args)[:200]!r}: {type(result.exception).__name__}: "
                                    f"{str(result.exception)[:200]}{where}")
                elif result.exit_code not in (0, 1, 2):
                    failures.append(f"{' '.join(args)[:200]!r}: exit {result.exit_code}")
                elif result.exit_code:
                    # A refusal says what was wrong, in words.
                    assert result.output.strip(), (args, result.exit_code)
    assert not failures, f"{len(failures)} of {runs} runs:\n" + "\n".join(failures[:40])
    assert runs > 300, runs
