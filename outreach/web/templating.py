"""Jinja's context, with plain method calls made cheap: a board calls some 700 per view."""

from __future__ import annotations

from types import BuiltinMethodType, MethodType

from flask import Flask, url_for
from jinja2.runtime import Context
from markupsafe import escape


class QuickCallContext(Context):
    """Calls methods that cannot ask for Jinja's context (str.format, dict.get, our own
    plain methods) straight away; everything else goes through Jinja's own checks.

    For each call from a template Jinja looks for a `jinja_pass_arg` marker on the callable
    and on its `__call__`, and on a method both lookups fail and raise inside. That cost
    about 3 µs a call, ten times the call itself. A built-in method can carry no marker, and
    a Python method carries it on its function, so one dictionary lookup tells the same.
    """

    def call(__self, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own spelling)
        kind = type(__obj)
        # A method whose function has no __dict__ (a rare wrapped callable) takes Jinja's path.
        if kind is BuiltinMethodType or (
            kind is MethodType and "jinja_pass_arg" not in getattr(__obj.__func__, "__dict__", {"jinja_pass_arg": 0})
        ):
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception")
        return super().call(__obj, *args, **kwargs)


def id_url_pattern(endpoint: str, **values) -> str:
    """The endpoint's URL, escaped for HTML, with the value given as 0 made a "{}" to fill
    per row: a list page builds one URL, not one per row."""
    return str(escape(url_for(endpoint, **values))).replace("/0/", "/{}/")


def init_app(app: Flask) -> None:
    app.jinja_env.context_class = QuickCallContext
