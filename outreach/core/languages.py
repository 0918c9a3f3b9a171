"""Languages by their ISO 639 codes, as the crawler reads them from a blog's posts, named for people."""

from __future__ import annotations

import re

from sqlmodel import Session, col, func, select

from outreach.core.models import Blog
from outreach.core.text_language import language_of_text

# A brief is one line: its language is read only when the model is sure of it even so. Keyword
# lists ("specialty coffee, latte art") stay well below this; a sentence in German is above 0.97.
BRIEF_LETTERS = 30
BRIEF_CONFIDENCE = 0.95

NAMES = {
    "af": "Afrikaans", "am": "Amharic", "an": "Aragonese", "ar": "Arabic", "as": "Assamese", "az": "Azerbaijani",
    "be": "Belarusian", "bg": "Bulgarian", "bn": "Bengali", "br": "Breton", "bs": "Bosnian", "ca": "Catalan",
    "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "dz": "Dzongkha", "el": "Greek",
    "en": "English", "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian",
    "fi": "Finnish", "fo": "Faroese", "fr": "French", "fy": "Frisian", "ga": "Irish", "gd": "Scottish Gaelic",
    "gl": "Galician", "gu": "Gujarati", "ha": "Hausa", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian",
    "ht": "Haitian Creole", "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian", "ig": "Igbo",
    "is": "Icelandic", "it": "Italian", "ja": "Japanese", "jv": "Javanese", "ka": "Georgian", "kk": "Kazakh",
    "km": "Khmer", "kn": "Kannada", "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz", "la": "Latin",
    "lb": "Luxembourgish", "lg": "Ganda", "ln": "Lingala", "lo": "Lao", "lt": "Lithuanian", "lv": "Latvian",
    "mg": "Malagasy", "mk": "Macedonian", "ml": "Malayalam", "mn": "Mongolian", "mr": "Marathi", "ms": "Malay",
    "mt": "Maltese", "my": "Burmese", "ne": "Nepali", "nl": "Dutch", "nn": "Norwegian Nynorsk", "no": "Norwegian",
    "oc": "Occitan", "om": "Oromo", "or": "Odia", "pa": "Punjabi", "pl": "Polish", "ps": "Pashto",
    "pt": "Portuguese", "qu": "Quechua", "ro": "Romanian", "ru": "Russian", "rw": "Kinyarwanda", "sa": "Sanskrit",
    "se": "Northern Sami", "si": "Sinhala", "sk": "Slovak", "sl": "Slovenian", "sn": "Shona", "so": "Somali",
    "sq": "Albanian", "sr": "Serbian", "st": "Sotho", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil",
    "te": "Telugu", "tg": "Tajik", "th": "Thai", "tk": "Turkmen", "tl": "Tagalog", "tr": "Turkish", "tt": "Tatar",
    "ug": "Uyghur", "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek", "vi": "Vietnamese", "vo": "Volapük",
    "wa": "Walloon", "xh": "Xhosa", "yo": "Yoruba", "yue": "Cantonese", "zh": "Chinese", "zu": "Zulu",
}


CODE = re.compile(r"[a-z]{2,3}")


def language_code(text: str | None) -> str:
    """The text when it is written as a language code ("de", "yue"), else ""."""
    return text if text and CODE.fullmatch(text) else ""


def language_name(code: str | None) -> str:
    """The language's English name ("German"), its code for the rarer ones, "" when unknown."""
    return NAMES.get(code or "", code or "")


def blogs_writing_in(session: Session, code: str) -> list[int]:
    """The ids of the blogs whose recent posts are written in this language."""
    return list(session.exec(select(Blog.id).where(Blog.language == code)))


def languages_said(session: Session, most: int = 5) -> str:
    """The languages the directory's blogs write in, as a sentence ("The blogs write in English (30)
    and German (2)."); "" when none was read yet."""
    named = [f"{name} ({count:,})" for _, name, count in languages_in_use(session)[:most]]
    if not named:
        return ""
    return "The blogs write in " + (", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0]) + "."


def niche_warning(session: Session, unmatched: str, brief: str) -> str:
    """What to tell whoever saves a niche: why no post matches it, or that its brief is written in a
    language no blog here writes in (some of its words may match all the same); "" when neither."""
    if unmatched:
        return with_languages(session, unmatched)
    in_use = {code for code, _, _ in languages_in_use(session)}
    if not in_use:
        return ""  # no blog's language read yet: nothing to compare with (nor the model to load)
    code = language_of_text(brief, min_letters=BRIEF_LETTERS, min_confidence=BRIEF_CONFIDENCE)
    if not code or code in in_use:
        return ""
    return (f"The brief is written in {language_name(code)}, which none of the blogs writes in: the ranking "
            f"matches only the words the blogs happen to share with it. {languages_said(session)} Write the "
            "brief, or add keywords, in the bloggers' own language.")


def with_languages(session: Session, message: str) -> str:
    """A "no post uses the brief's words" message, with the languages the blogs write in: the brief
    may be in another."""
    return f"{message} {languages_said(session)}".strip() if message else message


def languages_in_use(session: Session) -> list[tuple[str, str, int]]:
    """The languages the directory's blogs write in: code, name and how many blogs, most blogs first."""
    rows = session.exec(select(Blog.language, func.count()).where(col(Blog.language).is_not(None), Blog.language != "")
                        .group_by(Blog.language)).all()
    return sorted(((code, language_name(code), count) for code, count in rows), key=lambda row: (-row[2], row[1]))
