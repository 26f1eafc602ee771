"""Recognise speaker labels ("Moscow Mayor Sergei Sobyanin: …") at the start of a paragraph.

A label is a role and a name ("President of Turkey Recep Tayyip Erdogan"), a name and a
role after a comma ("Anna Petrova, correspondent at a TV channel"), a bare name, or a
word for an unnamed speaker ("Question"); printed in capitals on older pages.
"""

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
    "speaker",
    "spokesman",
    "spokeswoman",
    "ambassador",
    "prosecutor",
    "commissioner",
    "envoy",
    "aide",
    "adviser",
    "advisor",
    "general",
    "news",
    "channel",
    "newspaper",
    "university",
    "institute",
    "foundation",
    "club",
    "forum",
    "union",
    "assembly",
    "board",
    "group",
    "centre",
    "center",
    # Ministries and departments ("Minister of Economic Development Maxim Reshetnikov").
    "development",
    "affairs",
    "defence",
    "defense",
    "finance",
    "industry",
    "trade",
    "energy",
    "health",
    "education",
    "science",
    "culture",
    "justice",
    "transport",
    "agriculture",
    "construction",
    "labour",
    "emergencies",
    "resources",
    "communications",
}
# Words that close a role ending in a place: "of", "at" ("President of Turkey …").
PLACE_CONNECTORS = {"of", "at", "for", "in"}
MAX_ROLE_AFTER_WORDS = 12  # "Anna Petrova, correspondent at a TV channel"
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
    found = _role_and_name(core, known_names)
    if found is None and "," in core:
        # "Anna Petrova, correspondent at a TV channel": the role follows the name.
        before, after = (part.strip() for part in core.split(",", 1))
        found = _role_and_name(before, known_names)
        if found is None or not _role_after(after):
            return None
        role, name = found
        return Label(printed, name, ", ".join(filter(None, [role, after])), rest)
    if found is None:
        return None
    role, name = found
    return Label(printed, name, role, rest)


def _role_and_name(text: str, known_names: set[str]) -> tuple[str, str] | None:
    """Return (role, name) of a label's words, or None when they hold no name."""
    words = text.split()
    if not words or len(words) > 25 or not all(_role_word(w) for w in words):
        return None
    if text.isupper() and any(len(w) > 1 for w in words):
        words = [_from_capitals(w) for w in words]  # "PRESIDENT OF RUSSIA VLADIMIR PUTIN"
    for size in (4, 3, 2, 1):
        tail = " ".join(words[-size:])
        if len(words) >= size and tail.lower() in known_names:
            return " ".join(words[:-size]), tail
    name = _name_at_end(words)
    if name is None:
        return None
    return " ".join(words[: len(words) - len(name)]), " ".join(name)


def _from_capitals(word: str) -> str:
    lower = word.lower()
    return lower if lower in CONNECTORS else word[0] + lower[1:]


def _role_after(text: str) -> bool:
    """Tell whether `text` reads as a role printed after a name, not as a sentence."""
    words = text.split()
    return 0 < len(words) <= MAX_ROLE_AFTER_WORDS and not re.search(r"[.!?;:“”\"]", text)


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
    # "President of Turkey Recep Tayyip Erdogan": after "of" and a place, three names.
    if (
        len(words) >= 5
        and words[-5].lower() in PLACE_CONNECTORS
        and WORD.match(words[-3])
        and not INITIAL.match(words[-3])
        and words[-3].lower() not in NOT_A_SURNAME
        and words[-3].lower() not in HONORIFICS
    ):
        name.insert(0, words[-3])
    # "Alexei G. Dyumin": a middle initial keeps the given name before it.
    if INITIAL.match(given) and len(words) >= 3:
        first = words[-3]
        if WORD.match(first) and not INITIAL.match(first) and first.lower() not in NOT_A_SURNAME:
            name.insert(0, first)
    return name
