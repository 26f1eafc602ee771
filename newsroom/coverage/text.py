"""Plain-text helpers shared by models, importers and tests."""

import re

PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")


def normalise_whitespace(text: str) -> str:
    """Collapse every run of white space (no-break spaces included) to one space and strip."""
    return " ".join(text.split())


def split_paragraphs(body: str) -> list[str]:
    """Return the paragraphs of a body whose paragraphs are separated by blank lines."""
    return [normalise_whitespace(p) for p in PARAGRAPH_BREAK.split(body) if p.strip()]


def join_paragraphs(paragraphs: list[str]) -> str:
    """Return a body holding `paragraphs`, separated by blank lines."""
    return "\n\n".join(normalise_whitespace(p) for p in paragraphs)
