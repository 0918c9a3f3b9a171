"""The one kind of error a person sees as it is: what they asked cannot be done, and why."""

from __future__ import annotations


class Refused(ValueError):
    """What a person asked cannot be done; the message says why, in a sentence for them.

    Every rule of the core raises a subclass (a niche that does not exist, a stale card, a
    user who exists already); the CLI prints it as its error, the pages and the API show it.
    """
