"""A deliberately naive reference evaluator of the query language, paper by paper
with regexes (``reference``), and generated corpora and queries to compare against."""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence

from hypothesis import strategies as st
from search_helpers import paper

from paperdeck.models import Paper, PaperState
from paperdeck.search import QueryError, parse_query
from paperdeck.search.fields import fold_name
from paperdeck.search.query import (
    AuthorTerm,
    CategoryTerm,
    IdTerm,
    MatchKind,
    NumberTerm,
    SourceTerm,
    StateTerm,
    TagTerm,
    TextField,
    TextTerm,
)
from paperdeck.search.stemming import stem

# ---------------------------------------------------------------- reference


def fold(text: str) -> str:
    return text.lower().replace("ς", "σ")


def word_start(needle: str, text: str, phrase: bool = False) -> int:
    """First offset where needle starts a word (any offset when it starts with a
    non-alphanumeric character), or -1."""
    pattern = as_regex(needle, phrase)
    if needle[0].isalnum():
        pattern = r"(?<![^\W_])" + pattern
    match = re.search(pattern, text)
    return match.start() if match else -1


def as_regex(needle: str, phrase: bool) -> str:
    """needle as a regex: literal, or for a phrase each space any run of one or more
    characters that are not letters or digits."""
    if not phrase:
        return re.escape(needle)
    return r"[\W_]+".join(map(re.escape, needle.split(" ")))


def is_compact(needle: str, text: str) -> bool:
    return bool(re.search(".{0,2}?".join(map(re.escape, needle)), text, re.DOTALL))


def words_of(text: str) -> list[str]:
    """The words of a field as the engine sees them: folded runs of letters and digits."""
    return re.findall(r"[^\W_]+", fold(text))


def osa(a: str, b: str) -> int:
    """Optimal string alignment distance, the textbook dynamic programme."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


SKIPPABLE = {"a", "an", "and", "by", "for", "from", "in", "of", "on", "the", "to", "with"}


def spells_naively(term: str, words: list[str]) -> bool:
    """term is a prefix of each word in turn (at least two words); a function word
    strictly inside the run may give none."""
    if len(words) < 2:
        return False

    def rest(t: str, ws: list[str], first: bool) -> bool:
        if not ws:
            return not t
        least = 0 if not first and len(ws) > 1 and ws[0] in SKIPPABLE else 1
        return any(
            t[:k] == ws[0][:k] and rest(t[k:], ws[1:], False) for k in range(least, len(t) + 1)
        )

    return rest(term, words, True)


def is_initialism(term: str) -> bool:
    return 2 <= len(term) <= 5 and term.isascii() and term.isalpha()


def runs(words: list[str], size: int) -> list[list[str]]:
    return [words[i : i + size] for i in range(len(words) - size + 1)]


def written_as_acronym(term: str, texts: list[str]) -> bool:
    """The term (or its plural) is a word with two capitals or more in the text."""
    for text in texts:
        for match in re.finditer(rf"(?<![^\W_]){term}s?(?![^\W_])", text, re.IGNORECASE):
            if sum(ch.isupper() for ch in match.group()[: len(term)]) >= 2:
                return True
    return False


def expansions_of(
    term: str, fields: list[list[str]], originals: list[list[str]]
) -> list[tuple[str, ...]]:
    """Expansions defined right before the term (or its plural) in the papers that
    write it as an acronym, by stems, kept when seen in at least a quarter as many
    papers as the most common one. Papers come newest first; of those using the
    word, the first 120 are read, and none once the first 31 do not write it so."""
    counts: dict[tuple[str, ...], int] = {}
    users = [
        (paper_fields, texts)
        for paper_fields, texts in zip(fields, originals, strict=True)
        if any(term in words or term + "s" in words for words in paper_fields)
    ][:120]
    writers = [k for k, (_, texts) in enumerate(users) if written_as_acronym(term, texts)]
    if not writers or writers[0] > 30:
        return []
    for paper_fields, texts in users:
        if not written_as_acronym(term, texts):
            continue
        seen = set()
        for words in paper_fields:
            for at, word in enumerate(words):
                if word not in (term, term + "s"):
                    continue
                before = words[max(0, at - 2 * len(term)) : at]
                for size in range(len(before), 1, -1):
                    if spells_naively(term, before[-size:]):
                        seen.add(tuple(stem(w) for w in before[-size:]))
                        break
        for expansion in seen:
            counts[expansion] = counts.get(expansion, 0) + 1
    if not counts:
        return []
    best = max(counts.values())
    return [e for e, c in counts.items() if c * 4 >= best]


def has_expansion(words: list[str], expansion: tuple[str, ...]) -> bool:
    def fits(word: str, stemmed: str) -> bool:
        if len(stemmed) < 3:
            return word == stemmed
        return word.startswith(stemmed[:-1] if stemmed.endswith("y") else stemmed)

    return any(all(map(fits, run, expansion)) for run in runs(words, len(expansion)))


def is_plain_term(term: TextTerm) -> bool:
    return (
        not term.case_sensitive
        and term.kind in (MatchKind.FUZZY, MatchKind.WORD, MatchKind.EXACT)
        and not term.phrase
        and fold(term.text).isalnum()
    )


def plain_scores(
    term: TextTerm, papers: Sequence[Paper], titles: list[str], order: list[int]
) -> list[int | None]:
    """Per paper, the tier a plain term reaches (the rules of DESIGN.md, naively);
    order is the default one (newest first)."""
    t = fold(term.text)
    fields = []
    if term.field is not TextField.ABSTRACT:
        fields.append(("title", TITLE))
    if term.field is not TextField.TITLE:
        fields.append(("abstract", ABSTRACT))
    texts = [{"title": titles[k], "abstract": p.abstract} for k, p in enumerate(papers)]
    words = [{name: words_of(text[name]) for name, _ in fields} for text in texts]
    scores: list[list[int]] = [[] for _ in papers]
    for k in range(len(papers)):
        for name, tier in fields:
            ws = words[k][name]
            if t in ws:
                scores[k].append(tier["exact"])
            if any(w.startswith(t) for w in ws):
                scores[k].append(tier["prefix"])
            if term.kind is MatchKind.EXACT and any(t in w for w in ws):
                scores[k].append(tier["substring"])
    if term.kind is MatchKind.FUZZY:
        if is_initialism(t):
            every = [[words_of(texts[k]["title"]), words_of(texts[k]["abstract"])] for k in order]
            originals = [[texts[k]["title"], texts[k]["abstract"]] for k in order]
            for expansion in expansions_of(t, every, originals):
                for k in range(len(papers)):
                    for name, tier in fields:
                        if has_expansion(words[k][name], expansion):
                            scores[k].append(tier["initials"])
        if len(t) >= 4 and t.isalpha():
            for k in range(len(papers)):
                for name, tier in fields:
                    if any(stem(w) == stem(t) for w in words[k][name]):
                        scores[k].append(tier["stem"])
        if not any(scores):
            searches_title = term.field is not TextField.ABSTRACT
            if is_initialism(t) and searches_title:
                for k in range(len(papers)):
                    ws = words[k]["title"]
                    if any(
                        all(w[0] == c for w, c in zip(run, t, strict=True))
                        for run in runs(ws, len(t))
                    ):
                        scores[k].append(TITLE["initials"])
            edits = 0 if len(t) < 4 else 1 if len(t) < 8 else 2
            vocabulary = {w for text in texts for w in words_of(text["title"])}
            typos = {w for w in vocabulary if w != t and edits and osa(t, w) <= edits}
            for k in range(len(papers)):
                for name, tier in fields:
                    if typos.intersection(words[k][name]):
                        scores[k].append(tier["typo"])
            if not any(scores) and len(t) >= 3 and searches_title:
                for k in range(len(papers)):
                    # Each character that is not a letter or digit is a space.
                    if is_compact(t, re.sub(r"[\W_]", " ", fold(titles[k]))):
                        scores[k].append(TITLE["subsequence"])
    return [max(s) if s else None for s in scores]


TITLE = {
    "exact": 32, "prefix": 30, "initials": 28, "stem": 26, "typo": 24, "substring": 22,
    "subsequence": 20,
}  # fmt: skip


ABSTRACT = {"exact": 10, "prefix": 9, "initials": 8, "stem": 7, "typo": 6, "substring": 5}


def text_score(term: TextTerm, item: Paper, title_text: str) -> int | None:
    """The tier another text term (phrase, anchor, punctuation, case) reaches."""
    sensitive = term.case_sensitive
    needle = term.text if sensitive else fold(term.text)
    title = title_text if sensitive else fold(title_text)
    abstract = item.abstract if sensitive else fold(item.abstract)
    kind, where, phrase = term.kind, term.field, term.phrase
    pattern = as_regex(needle, phrase)
    if kind in (MatchKind.START, MatchKind.END, MatchKind.WHOLE):
        text = title if where is TextField.TITLE else abstract
        test = {
            MatchKind.START: re.match(pattern, text),
            MatchKind.END: re.search(rf"(?:{pattern})\Z", text),
            MatchKind.WHOLE: re.fullmatch(pattern, text),
        }[kind]
        if not test:
            return None
        if where is TextField.ABSTRACT:
            return 10
        return 30 if kind is MatchKind.END else 32
    if where is not TextField.ABSTRACT:
        if word_start(needle, title, phrase) >= 0:
            return 30
        if kind is not MatchKind.WORD and re.search(pattern, title):
            return 22
        if kind is MatchKind.FUZZY and len(needle) > 2 and is_compact(needle, title):
            return 20
    if where is not TextField.TITLE:
        if phrase:
            return 9 if re.search(pattern, abstract) else None
        if kind is MatchKind.EXACT:
            return 5 if re.search(pattern, abstract) else None
        return 9 if word_start(needle, abstract, phrase) >= 0 else None
    return None


def term_score(
    term,
    item: Paper,
    states: Mapping[str, PaperState],
    latest: str | None,
    title: str,
    plain: int | None,
) -> int | None:
    state = states.get(item.key, PaperState(item.key))
    if isinstance(term, TextTerm):
        score = plain if is_plain_term(term) else text_score(term, item, title)
    elif isinstance(term, TagTerm):
        score = 0 if any(t.lower() == term.name for t in state.tags) else None
    elif isinstance(term, StateTerm):
        ok = {
            "starred": state.starred,
            "read": state.read,
            "unread": not state.read,
            "noted": bool(state.note.strip()),
            "new": latest is not None and item.added == latest,
            "updated": latest is not None and item.updated == latest and item.added != latest,
            "untitled": item.title_derived and state.title is None,
        }[term.state]
        score = 0 if ok else None
    elif isinstance(term, NumberTerm):
        value = item.year if term.field == "year" else getattr(item, term.field)
        score = 0 if term.contains(value) else None
    elif isinstance(term, IdTerm):
        ids = (item.key.lower(), (item.arxiv_id or "").lower())
        score = 0 if any(i.startswith(term.prefix) for i in ids if i) else None
    elif isinstance(term, AuthorTerm):
        score = 0 if any(name_matches(term.text, name) for name in item.author_names) else None
    elif isinstance(term, CategoryTerm):
        score = 0 if any(category_matches(term.name, c) for c in item.categories) else None
    else:
        assert isinstance(term, SourceTerm)
        score = 0 if any(term.text in s.lower() for s in item.sources) else None
    if term.negated:
        return 0 if score is None else None
    return score


def name_matches(typed: str, name: str) -> bool:
    """author:: the typed words are consecutive words of the name, the last a prefix."""
    wanted, words = typed.split(), fold_name(name).split()
    *whole, last = wanted
    for start in range(len(words) - len(wanted) + 1):
        here = words[start : start + len(wanted)]
        if here[:-1] == whole and here[-1].startswith(last):
            return True
    return False


def category_matches(typed: str, category: str) -> bool:
    """cat:: the category itself, or one of its archive (cs -> cs.LG, hep -> hep-th)."""
    category = category.lower()
    if typed.endswith((".", "-")):
        return category.startswith(typed)
    return category == typed or category.startswith((typed + ".", typed + "-"))


def reference(
    papers: Sequence[Paper],
    states: Mapping[str, PaperState],
    query: str,
    latest: str | None = None,
) -> list[int]:
    """The expected positions, computed the slow and obvious way."""
    parsed = parse_query(query)
    order = sorted(range(len(papers)), key=lambda p: fold(papers[p].title))
    order.sort(key=lambda p: papers[p].sort_date, reverse=True)
    given = {k: s.title for k, s in states.items() if s.title is not None}
    titles = [given.get(p.key, p.title) for p in papers]
    plain = {
        term: plain_scores(term, papers, titles, order)
        for clause in parsed.clauses
        for term in clause
        if isinstance(term, TextTerm) and is_plain_term(term)
    }
    totals: dict[int, int] = {}
    for position in order:
        total = 0
        for clause in parsed.clauses:
            scores = [
                term_score(
                    t,
                    papers[position],
                    states,
                    latest,
                    titles[position],
                    plain[t][position] if t in plain else None,
                )
                for t in clause
            ]
            best = max((s for s in scores if s is not None), default=None)
            if best is None:
                break
            total += best
        else:
            totals[position] = total
    return sorted(totals, key=lambda p: -totals[p])  # stable: keeps the date order


# The make_corpus.py kind of vocabulary, with punctuation and non-ASCII words.
# fmt: off
VOCAB = [
    "diffusion", "model", "models", "language", "latent", "agent", "robot", "sparse",
    "attention", "tool", "data", "graph", "policy", "reward", "token", "vision", "speech",
    "image", "gpt-4", "rl-based", "naïve", "über", "straße", "ΟΔΟΣ", "λ-calculus", "日本語",
    "x", "mixture", "expert", "MoE", "RL", "of", "experts",
]


# fmt: on
JOINERS = [" ", " ", " ", ", ", ": ", " — ", "-", " (", ") ", "/", "  ", "_"]


AUTHORS = [
    "Jürgen Schmidhuber",
    "Yann LeCun",
    "Sepp Hochreiter",
    "Ana Cañete",
    "Jan Østergaard",
    "Conor O'Brien",
    "Jean-Paul Sartre",
    "Yannick Le Cun",
    "Google DeepMind",
]
CATEGORIES = ["cs.LG", "cs.CL", "stat.ML", "hep-th", "hep-ph", "math.ST", "cs"]


def make_corpus(rng: random.Random, count: int) -> list[Paper]:
    """Papers in the spirit of make_corpus.py (its vocabulary, its fields), with some
    punctuation, unicode, missing fields and shared dates."""
    papers: dict[str, Paper] = {}
    for i in range(count):

        def words(low: int, high: int) -> str:
            out = rng.choice(VOCAB)
            for _ in range(rng.randint(low, high) - 1):
                out += rng.choice(JOINERS) + rng.choice(VOCAB)
            return out

        title = words(2, 6)
        if rng.random() < 0.3:
            title = title.title()
        year = rng.choice([2019, 2021, 2023, 2024, None])
        made = paper(
            title,
            words(5, 30) + ".",
            arxiv_id=f"{year % 100:02d}{rng.randint(1, 12):02d}.{i:05d}" if year else None,
            published=f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 2)}" if year else None,
            authors=rng.choice([None, 1, 3, 12]),
            upvotes=rng.choice([None, 0, 2, 40]),
            sources=tuple(rng.sample(["daily.txt", "viewer.txt", "mine.jsonl"], rng.randint(0, 2))),
            added=rng.choice(["t1", "t2"]),
            updated=rng.choice([None, "t2"]),
            author_names=tuple(rng.sample(AUTHORS, rng.randint(0, 3))),
            categories=tuple(rng.sample(CATEGORIES, rng.randint(0, 2))),
        )
        papers.setdefault(made.key, made)
    return list(papers.values())


def random_states(rng: random.Random, papers: Sequence[Paper]) -> dict[str, PaperState]:
    states = {}
    for item in rng.sample(list(papers), len(papers) // 3):
        states[item.key] = PaperState(
            item.key,
            starred=rng.random() < 0.5,
            read=rng.random() < 0.5,
            tags=tuple(rng.sample(["todo", "RL", "later"], rng.randint(0, 2))),
            note=rng.choice(["", " ", "note"]),
            # Sometimes a title of the person's own, which the title tiers then search.
            title=rng.choice([None, None, None, "mixture of expert models", "Diffusion tool"]),
        )
    return states


TERMS = st.one_of(
    st.sampled_from(VOCAB).flatmap(
        lambda w: st.integers(1, len(w)).map(lambda n: w[:n])
    ),  # a word typed partly
    st.sampled_from(
        [
            "Diff",
            "MODEL",
            "'usion",
            "'el, ",
            "^diff",
            "models$",
            '"model language"',
            '"—"',
            '"mixture expert"',
            '"Mixture Expert"',
            '"mixture-expert"',
            '"l model"',
            '"model, language"',
            '"gpt-4 model"',
            '"λ-calculus über"',
            '"ΟΔΟΣ x"',
            '"— x"',
            '\'"model language"',
            'title:"data graph"',
            'abstract:"Token vision"',
            '!"mixture expert"',
            '^"diffusion model"',
            '"data graph"$',
            'abstract:^"image x"',
            "!diff",
            "!'a",
            "dfsn",
            "mdl",
            "title:dif",
            "abstract:mod",
            "abstract:^diff",
            "title:'e",
            "tag:todo",
            "tag:rl",
            "is:starred",
            "is:unread",
            "is:noted",
            "is:new",
            "is:updated",
            "!is:read",
            "year:2021",
            "year:>=2023",
            "year:2019..2021",
            "!year:2024",
            "upvotes:>1",
            "authors:<5",
            "id:21",
            "!id:2",
            "source:daily",
            "author:schmid",
            "author:Jurgen",
            "author:müller",
            "author:yann",
            'author:"yann le"',
            'author:"le cun"',
            "author:obrien",
            "author:paul",
            "author:ostergaard",
            "author:canete",
            "!author:le",
            "cat:cs",
            "cat:cs.LG",
            "cat:cs.l",
            "cat:hep",
            "cat:hep-th",
            "cat:HEP-",
            "!cat:stat.ml",
            "cat:math.",
            "Über",
            "οδος",
            "rl-",
            "gpt-4",
            "-",
            "x",
            "日本",
        ]
    ),
)


QUERIES = st.lists(TERMS, min_size=1, max_size=4).flatmap(
    lambda terms: st.lists(
        st.sampled_from([" ", " | "]), min_size=len(terms) - 1, max_size=len(terms) - 1
    ).map(lambda seps: "".join(t + s for t, s in zip(terms, [*seps, ""], strict=True)))
)


def typing(query: str) -> list[str]:
    """Every prefix of the query as it is typed (skipping ones that do not parse)."""
    out = []
    for end in range(1, len(query) + 1):
        try:
            parse_query(query[:end])
        except QueryError:
            continue
        out.append(query[:end])
    return out
