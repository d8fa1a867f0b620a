"""What a reader typed, turned into the same plain query for every database.

Rules (both backends apply exactly these, so PostgreSQL and SQLite find the same things):
* ``q`` is bounded: at most ``MAX_QUERY_LENGTH`` characters and ``MAX_WORDS`` words; control
  characters are dropped. Anything odd is answered with a note, never an error.
* Words are runs of letters and digits (so "B12", "vitamin-d" -> "vitamin", "d"), case-folded.
* PostgreSQL's English stop words ("the", "and"...) are dropped, because PostgreSQL drops them
  from its index; SQLite would otherwise demand them.
* Every word must match (AND); a word matches itself or any of its editors' synonyms (OR).
* The last word also matches as a prefix when it has three or more characters, so live
  results follow typing ("magn" finds magnesium). Synonyms never match as prefixes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from nutrients.selectors import SynonymMap

MAX_QUERY_LENGTH = 100
MAX_WORDS = 8
MIN_PREFIX_LENGTH = 3

WORD = re.compile(r"[^\W_]+")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ue000-\uf8ff]")

# PostgreSQL's english.stop (the Snowball English list), as used by to_tsvector('english', ...).
_POSTGRES_ENGLISH_STOP = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did
    doing a an the and but if or because as until while of at by for with about against
    between into through during before after above below to from up down in out on off over
    under again further then once here there when where why how all any both each few more
    most other some such no nor not only own same so than too very s t can will just don
    should now
"""
STOP_WORDS = frozenset(_POSTGRES_ENGLISH_STOP.split())


@dataclass(frozen=True)
class Term:
    """One word the reader typed and what else counts as a match for it."""

    word: str
    alternatives: tuple[str, ...] = ()
    prefix: bool = False

    @property
    def forms(self) -> tuple[str, ...]:
        """The typed word first, then its synonyms (each a word or a phrase of words)."""
        return (self.word, *self.alternatives)


@dataclass(frozen=True)
class ParsedQuery:
    text: str = ""
    terms: tuple[Term, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def also_searched(self) -> tuple[str, ...]:
        """The synonyms that were looked for as well, for the page to say so."""
        seen: list[str] = []
        for term in self.terms:
            seen += [alt for alt in term.alternatives if alt not in seen]
        return tuple(seen)


def words_of(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def clean_text(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw)
    return " ".join(CONTROL.sub(" ", text).split())


def parse_query(raw: str, synonyms: SynonymMap | None = None) -> ParsedQuery:
    """Read ``q``: the words to look for, their synonyms, and notes about anything left out."""
    text = clean_text(raw or "")
    if not text:
        return ParsedQuery()
    if len(text) > MAX_QUERY_LENGTH:
        return ParsedQuery(
            text[:MAX_QUERY_LENGTH],
            notes=(
                f"Searches can be up to {MAX_QUERY_LENGTH} characters long. "
                "Try a few words instead.",
            ),
        )
    notes: list[str] = []
    words = words_of(text)
    if not words:
        return ParsedQuery(text, notes=("Type a word to search for, for example “magnesium”.",))
    kept = [word for word in dict.fromkeys(words) if word not in STOP_WORDS]
    if not kept:
        return ParsedQuery(
            text,
            notes=("Those words are too common to search for. Try a more specific word.",),
        )
    if len(kept) > MAX_WORDS:
        notes.append(f"Only the first {MAX_WORDS} words were used.")
        kept = kept[:MAX_WORDS]
    synonyms = synonyms or SynonymMap()
    terms = []
    for position, word in enumerate(kept):
        alternatives = []
        for alternative in synonyms.alternatives(word):
            phrase = " ".join(w for w in words_of(alternative) if w not in STOP_WORDS)
            if phrase and phrase != word and phrase not in alternatives:
                alternatives.append(phrase)
        is_last = position == len(kept) - 1
        terms.append(
            Term(word, tuple(alternatives), prefix=is_last and len(word) >= MIN_PREFIX_LENGTH)
        )
    return ParsedQuery(text, tuple(terms), tuple(notes))
