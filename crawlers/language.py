"""The language a blog writes in, read from the text of its recent posts: each post read alone
(outreach.core.text_language), the blog's language the one most of them are written in."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from outreach.core.text_language import language_of_text


def language_of(texts: Iterable[str]) -> str:
    """The language most of these texts are written in (newest first: a tie goes to the newer);
    when each is too short to say (an account's short posts), the language of them all together."""
    texts = list(texts)
    votes = Counter(code for code in map(language_of_text, texts) if code)
    return votes.most_common(1)[0][0] if votes else language_of_text(" ".join(texts))
