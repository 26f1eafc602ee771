"""Recognise speaker labels ("Moscow Mayor Sergei Sobyanin: …") at the start of a paragraph."""

import re
from dataclasses import dataclass

LABEL = re.compile(r"^(?P<label>[^:]{2,250}?)\s*:(?:\s+(?P<rest>.*))?$")
# Words a role may hold in lower case between its capitalised words.
CONNECTORS = {
    "of",
    "the",
    "and",
    "for",
    "on",
    "in",
    "at",
    "to",
    "with",
    "under",
    "de",
    "von",
    "van",
    "der",
    "da",
    "du",
    "la",
    "le",
    "al",
    "bin",
    "ibn",
    "y",
    "–",
    "—",
    "-",
    "&",
}
# Labels printed for unnamed speakers.
UNNAMED = {
    "question",
    "answer",
    "remark",
    "reply",
    "response",
    "voice",
    "voices",
    "audience",
    "participant",
    "participants",
    "interpreter",
    "moderator",
    "correspondent",
    "journalist",
}
HONORIFICS = {"mr", "mrs", "ms", "miss", "madam", "sir", "dear", "dr", "mr.", "mrs.", "ms.", "dr."}
# Capitalised words that end a role or a place, never a person's name.
NOT_A_SURNAME = {
    "territory",
    "region",
    "republic",
    "federation",
    "russia",
    "government",
    "council",
    "duma",
    "ministry",
    "committee",
    "party",
    "district",
    "city",
    "oblast",
    "krai",
    "okrug",
    "company",
    "bank",
    "corporation",
    "agency",
    "service",
    "office",
    "president",
    "governor",
    "mayor",
    "minister",
    "head",
    "chairman",
    "chairwoman",
    "deputy",
    "director",
    "secretary",
    "colleagues",
    "friends",
    "everyone",
    "all",
    "note",
}
INITIAL = re.compile(r"^(?:[A-Z]\.){1,3}$")
WORD = re.compile(r"^[A-Z][\w’'\-.]*$|^[A-Z]$")
PARENTHETICAL = re.compile(r"\s*\((?P<note>[^()]*)\)$")


@dataclass(frozen=True)
class Label:
    printed: str  # the label as printed, without the colon
    name: str  # the speaker's name ("" for an unnamed speaker such as "Question")
    role: str  # the role printed before the name ("" when there is none)
    rest: str  # the paragraph's text after the label


def read_label(paragraph: str, known_names: set[str]) -> Label | None:
    """Return the speaker label that starts `paragraph`, or None when it has none.

    `known_names` holds names (lower case) already known to be speakers: people in the
    database and those labelled earlier in the document.
    """
    match = LABEL.match(paragraph)
    if not match:
        return None
    printed = match.group("label").strip()
    rest = (match.group("rest") or "").strip()
    core = PARENTHETICAL.sub("", printed)  # "Vladimir Putin (in English)"
    if core.lower() in UNNAMED:
        return Label(printed, "", "", rest)
    words = core.split()
    if not words or len(words) > 25 or not all(_role_word(w) for w in words):
        return None
    for size in (4, 3, 2, 1):
        tail = " ".join(words[-size:])
        if len(words) >= size and tail.lower() in known_names:
            return Label(printed, tail, " ".join(words[:-size]), rest)
    name = _name_at_end(words)
    if name is None:
        return None
    role = " ".join(words[: len(words) - len(name)])
    return Label(printed, " ".join(name), role, rest)


def _role_word(word: str) -> bool:
    return bool(WORD.match(word)) or word in CONNECTORS or word.rstrip(",") in CONNECTORS


def _name_at_end(words: list[str]) -> list[str] | None:
    """Return the person's name at the end of a label: a given name and surname, or initials."""
    if len(words) < 2:
        return None
    surname, given = words[-1], words[-2]
    if (
        surname.lower() in NOT_A_SURNAME
        or given.lower() in HONORIFICS
        or given in CONNECTORS
        or not WORD.match(surname)
        or not WORD.match(given)
        or "." in surname
        or surname.endswith(("’s", "'s"))
    ):
        return None
    if given.lower() in NOT_A_SURNAME:
        return None
    name = [given, surname]
    # "Alexei G. Dyumin": a middle initial keeps the given name before it.
    if INITIAL.match(given) and len(words) >= 3:
        first = words[-3]
        if WORD.match(first) and not INITIAL.match(first) and first.lower() not in NOT_A_SURNAME:
            name.insert(0, first)
    return name
