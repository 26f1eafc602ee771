"""Render a transcript's turns as HTML in Python: a transcript may hold a thousand
paragraphs, and the template language costs ~0.15 ms a paragraph where this costs a
twentieth of that. Every string from a document or an editor is escaped (`escape`);
positions and keys are numbers; the rest is literal markup."""

from dataclasses import dataclass, field
from html import escape  # what django.utils.html.escape does, without its lazy-string check

from django.utils.safestring import SafeString, mark_safe

from newsroom.coverage.reading.addresses import slug_paths


@dataclass
class Paragraph:
    position: int
    speaker_id: int | None
    speaker_label: str
    narration: bool
    text: str
    key: int = 0  # the paragraph's lasting address; its position when not given
    citations: list = field(default_factory=list)  # (citation pk, story slug, headline)

    @property
    def anchor(self) -> str:
        return f"p{self.key or self.position}"


@dataclass
class Turn:
    speaker: object  # Person or None
    label: str
    narration: bool
    paragraphs: list = field(default_factory=list)


def speaker_turns(paragraphs, speakers: dict) -> list[Turn]:
    """Group paragraphs into turns: a labelled paragraph or narration starts a new one."""
    turns: list[Turn] = []
    for paragraph in paragraphs:
        current = turns[-1] if turns else None
        if (
            current is None
            or paragraph.speaker_label
            or paragraph.narration
            or current.narration
            or paragraph.speaker_id != getattr(current.speaker, "pk", None)
        ):
            speaker = speakers.get(paragraph.speaker_id)
            current = Turn(speaker, paragraph.speaker_label, paragraph.narration)
            turns.append(current)
        current.paragraphs.append(paragraph)
    return turns


def render_turns(turns: list[Turn]) -> SafeString:
    # Every string a document or an editor wrote went through escape().
    story_path, person_path = slug_paths("article-detail"), slug_paths("person-detail")
    return mark_safe("".join(_turn(turn, story_path, person_path) for turn in turns))


def _turn(turn: Turn, story_path, person_path) -> str:
    # Plain escape() and f-strings, not format_html: this runs a thousand times a page.
    if turn.speaker is not None:
        name = escape(turn.label or turn.speaker.name)
        heading = (
            f'<p class="speaker"><a href="{escape(person_path(turn.speaker.slug))}">{name}</a></p>'
        )
    elif turn.label:
        heading = f'<p class="speaker">{escape(turn.label)}</p>'
    else:
        heading = ""
    css = "turn turn-narration" if turn.narration else "turn"
    body = "".join(_paragraph(p, story_path) for p in turn.paragraphs)
    return f'<div class="{css}">{heading}{body}</div>'


def _paragraph(paragraph: Paragraph, story_path) -> str:
    cited = ""
    if paragraph.citations:
        n = len(paragraph.citations)
        links = "; ".join(
            f'<a href="{escape(story_path(slug))}#c{pk}">{escape(headline)}</a>'
            for pk, slug, headline in paragraph.citations
        )
        cited = f'<p class="cited-in">Cited in {n} stor{"y" if n == 1 else "ies"}: {links}</p>'
    anchor, position = paragraph.anchor, paragraph.position
    return (
        f'<div class="segment" id="{anchor}"><p>{escape(paragraph.text)} '
        f'<a class="anchor" href="#{anchor}" aria-label="Link to paragraph {position}">'
        f"¶{position}</a></p>{cited}</div>"
    )
