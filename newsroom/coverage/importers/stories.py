"""Parse a story received as text: paragraphs verbatim, a trailing "[Source: …]" line."""

import re
from dataclasses import dataclass

from newsroom.coverage.importers.errors import DocumentError
from newsroom.coverage.importers.reading import read_paragraphs

SOURCE_LINE = re.compile(r"\s*\[Source:\s*(?P<name>[^\[\]]+?)\s*\]\s*$")
HEADLINE_WORDS = 14
# A first paragraph that is one short line not ended as a sentence is the story's
# headline, as copy from a wire, an editor or a web page arrives: "Headline", blank
# line, paragraphs. A question or an exclamation can be a headline; a full stop cannot.
HEADLINE_LINE_WORDS = 25


@dataclass
class ParsedStory:
    paragraphs: list[str]
    source_name: str  # from the "[Source: …]" line, "" when there is none
    headline: str = ""  # the first line, when it reads as a headline (taken out of the text)

    @property
    def first_sentence(self) -> str:
        first = self.paragraphs[0]
        match = re.match(r"(.+?[.!?])(?:\s|$)", first)
        return match.group(1) if match else first


def parse_story(text: str) -> ParsedStory:
    """Return the story's paragraphs and its source line; raise DocumentError if empty."""
    paragraphs = [p.text for p in read_paragraphs(text)]
    source_name = ""
    if paragraphs and (match := SOURCE_LINE.search(paragraphs[-1])):
        source_name = match.group("name")
        rest = paragraphs[-1][: match.start()].rstrip()
        paragraphs = paragraphs[:-1] + ([rest] if rest else [])
    if not paragraphs:
        raise DocumentError("the story has no text besides its source line")
    headline = ""
    if len(paragraphs) > 1 and _reads_as_headline(paragraphs[0]):
        headline, paragraphs = paragraphs[0], paragraphs[1:]
    return ParsedStory(paragraphs=paragraphs, source_name=source_name, headline=headline)


def _reads_as_headline(paragraph: str) -> bool:
    line = paragraph.strip()
    return (
        "\n" not in line
        and len(line.split()) <= HEADLINE_LINE_WORDS
        and not line.rstrip("\"'”’»)").endswith((".", ",", ";", ":"))
    )


def headline_from(story: ParsedStory) -> str:
    """Return a draft headline: the headline line, else the first sentence cut to a few
    words."""
    if story.headline:
        return story.headline
    words = story.first_sentence.rstrip(".!?").split()
    return " ".join(words[:HEADLINE_WORDS]) + ("…" if len(words) > HEADLINE_WORDS else "")
