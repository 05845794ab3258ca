"""Danish words to search stems, the same way PostgreSQL's ``danish`` configuration does.

SQLite has no Danish stemmer, so the SQLite backend indexes and queries the output of
:func:`stems` (Snowball's Danish stemmer, the algorithm behind PostgreSQL's
``danish_stem`` dictionary, with the same stop words). Both backends therefore treat
"boliger", "bolig" and "boligerne" as one word, and "hjemløse" and "hjemløshed" as one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import snowballstemmer

# Letters and digits; '_' and punctuation split words, as PostgreSQL's parser does, so a
# knowledge id such as "hjemloese_voksne" becomes two searchable words.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Snowball's Danish stop words (also PostgreSQL's danish.stop): too common to search for.
DANISH_STOP_WORDS = frozenset("""
og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har
om vi min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal
selv her alle vil blev kunne ind når være dog noget ville jo deres efter ned skulle denne
end dette mit også under have dig anden hende mine alt meget sit sine vor mod disse hvis
din nogle hos blive mange ad bliver hendes været thi jer sådan
""".split())


@functools.lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("danish")


@functools.lru_cache(maxsize=20_000)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


def words(text: str) -> list[str]:
    """The lowercased words of ``text`` (Unicode-aware, so Æ/Ø/Å fold to æ/ø/å)."""
    return [w.lower() for w in _WORD.findall(text or "")]


def stems(text: str) -> list[str]:
    """The Danish search stems of ``text``, stop words left out, in order."""
    return [_stem(w) for w in words(text) if w not in DANISH_STOP_WORDS]


def stem_text(text: str) -> str:
    """:func:`stems` joined by spaces: what the SQLite FTS5 index stores."""
    return " ".join(stems(text))


INNER_MIN = 3
"""A query word is looked for inside compounds only when its key has this many letters
(the trigram indexes need three); shorter words match as prefixes only."""
INNER_KEY = 4
"""The key is the stem, lengthened to this many letters of the typed word when the stem
is shorter (the stem of "bolig" is "bol", which would also find "fodbold")."""
VOCABULARY_LENGTHS = (INNER_KEY, 60)
"""Words of these lengths go into the vocabulary searched for compounds."""


@dataclass(frozen=True)
class QueryWord:
    """One searchable word of a query: as typed (lowercased), its stem, and the key to look
    for inside compound words (``None``: too short to look inside words)."""

    word: str
    stem: str
    inner: str | None


def query_words(text: str) -> list[QueryWord]:
    """The query's distinct non-stop words, in order, with their stems and compound keys.

    >>> [(w.stem, w.inner) for w in query_words("Boligerne og forløb")]
    [('bol', 'boli'), ('forløb', 'forløb')]
    """
    out: dict[str, QueryWord] = {}
    for word in words(text):
        if word in DANISH_STOP_WORDS or word in out:
            continue
        stem = _stem(word)
        # Danish Snowball only strips endings, so the stem is the start of the word.
        key = word[:max(len(stem), INNER_KEY)]
        out[word] = QueryWord(word, stem, key if len(key) >= INNER_MIN else None)
    return list(out.values())


def vocabulary(*texts: str) -> list[str]:
    """The distinct words of ``texts`` that compound matching can find, sorted.

    Stop words, numbers and words too short to hold a compound key are left out; the
    sorted order lets concurrent writers insert the same new words without deadlocking.
    """
    low, high = VOCABULARY_LENGTHS
    found = {w for text in texts for w in words(text)
             if low <= len(w) <= high and not w.isdigit() and w not in DANISH_STOP_WORDS}
    return sorted(found)


def _fts5_term(stem: str, prefix: bool) -> str:
    return '"' + stem.replace('"', '""') + '"' + ("*" if prefix else "")


def fts5_query(text: str, inner: Mapping[str, Sequence[str]] | None = None) -> str | None:
    """An FTS5 MATCH expression requiring every word of ``text``, stemmed, as a word prefix
    or, for a word in ``inner`` (typed word → vocabulary words containing its key), as one
    of those compound words.

    Every stem may begin a longer word, so "mentor" finds "Mentorforløb" and "bolig"
    finds "boligsocial" (Danish compounds put the specific word first), while inflections
    still meet in the stem ("boligerne" finds "bolig"). Each term is quoted, so nothing
    the user types is read as FTS5 syntax. ``None`` when the text has no searchable words
    (only stop words or punctuation).
    """
    parts = []
    for q in query_words(text):
        terms = [_fts5_term(q.stem, True)]
        terms += sorted({_fts5_term(stems(w)[0], False) for w in (inner or {}).get(q.word, ()) if stems(w)})
        parts.append(terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")")
    return " AND ".join(parts) if parts else None


def tsquery_text(text: str, inner: Mapping[str, Sequence[str]] | None = None) -> str | None:
    """A PostgreSQL ``to_tsquery`` expression with the same meaning as :func:`fts5_query`.

    Every non-stop word becomes ``word:*`` (PostgreSQL stems it, then matches it as a
    prefix), or ``(word:* | compound | …)`` with the compound words of ``inner``, joined by
    ``&``. Words hold only letters and digits, so no tsquery operator can come from the
    user. ``None`` when there is nothing to search for.
    """
    parts = []
    for q in query_words(text):
        terms = [f"{q.word}:*", *sorted(set((inner or {}).get(q.word, ())))]
        parts.append(terms[0] if len(terms) == 1 else "(" + " | ".join(terms) + ")")
    return " & ".join(parts) if parts else None
