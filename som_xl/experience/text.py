"""Danish words to search stems, the same way PostgreSQL's ``danish`` configuration does.

SQLite has no Danish stemmer, so the SQLite backend indexes and queries the output of
:func:`stems` (Snowball's Danish stemmer, the algorithm behind PostgreSQL's
``danish_stem`` dictionary, with the same stop words). Both backends therefore treat
"boliger", "bolig" and "boligerne" as one word, and "hjemløse" and "hjemløshed" as one.
"""

from __future__ import annotations

import functools
import re

from som_xl.errors import SomError

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
    try:
        import snowballstemmer
    except ModuleNotFoundError:  # pragma: no cover - a declared dependency
        raise SomError("Pakken 'snowballstemmer' mangler; den bruges til dansk søgning i "
                       "erfaringsdatabasen. Installér den med: pip install snowballstemmer") from None
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


def fts5_query(text: str) -> str | None:
    """An FTS5 MATCH expression requiring every stem of ``text`` as a word prefix.

    Every stem may begin a longer word, so "mentor" finds "Mentorforløb" and "bolig"
    finds "boligsocial" (Danish compounds put the specific word first), while inflections
    still meet in the stem ("boligerne" finds "bolig"). Each stem is quoted, so nothing
    the user types is read as FTS5 syntax. ``None`` when the text has no searchable words
    (only stop words or punctuation).
    """
    unique = list(dict.fromkeys(stems(text)))
    if not unique:
        return None
    return " AND ".join('"' + s.replace('"', '""') + '"*' for s in unique)


def tsquery_text(text: str) -> str | None:
    """A PostgreSQL ``to_tsquery`` expression with the same meaning as :func:`fts5_query`.

    Every non-stop word becomes ``word:*`` (PostgreSQL stems it, then matches it as a
    prefix), joined by ``&``. Words hold only letters and digits, so no tsquery operator
    can come from the user. ``None`` when there is nothing to search for.
    """
    unique = list(dict.fromkeys(w for w in words(text) if w not in DANISH_STOP_WORDS))
    if not unique:
        return None
    return " & ".join(f"{w}:*" for w in unique)
