"""Render a story's anchored text and its notes as HTML in Python, as transcript_html.py
does a transcript's turns: the template language cost a story page rendered afresh a
tenth of its time here. The markup is the one the templates made, byte for byte. Every
string from a document or an editor is escaped (`escape`); numbers are numbers; the
quote check's difference comes escaped from `word_diff_html`."""

from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe


def story_body(anchored) -> SafeString:
    """Return the story's paragraphs, each cited span linked to its passage and notes."""
    out = []
    for paragraph in anchored.paragraphs:
        out.append("<p>")
        for piece in paragraph:
            if piece.notes:
                href = escape(piece.notes[0].citation.segment.href)
                out.append(f'<a class="cited" href="{href}">{escape(piece.text)}</a>')
                for note in piece.notes:
                    n = note.number
                    out.append(
                        f'<sup class="note-ref" id="c{note.citation.pk}"><a href="#note-{n}"'
                        f' aria-label="Note {n}">[{n}]</a></sup>'
                    )
            elif piece.url:
                out.append(f'<a href="{escape(piece.url)}">{escape(piece.text)}</a>')
            else:
                out.append(str(escape(piece.text)))
        out.append("</p>\n  ")
    return mark_safe("".join(out))


def story_notes(notes, *, unanchored=False) -> SafeString:
    """Return the notes: each passage quoted, where it is, and the way back to the text."""
    return mark_safe("".join(_note(note, unanchored) for note in notes))


def _note(note, unanchored: bool) -> str:
    citation, segment = note.citation, note.citation.segment
    n, href = note.number, escape(segment.href)
    out = [f'<li id="note-{n}" value="{n}">\n  \n  ']
    if unanchored:
        out.append(
            '<p class="meta">The words this note backed are no longer in the story: '
            f"“{escape(citation.quote)}”</p>"
        )
    out.append(f'\n  <blockquote cite="{href}">\n    <p>')
    if segment.speaker:
        speaker = segment.speaker
        out.append(f'<a class="speaker" href="{escape(speaker.href)}">{escape(speaker.name)}</a>: ')
    out.append(f"{escape(segment.text)}</p>\n  </blockquote>\n  ")
    out.append(
        f'<p class="meta"><a href="{href}">{escape(segment.transcript.title)}, paragraph '
        f"{segment.position}</a>"
    )
    if unanchored:
        out.append(f" · {escape(citation.get_relation_display())}")
    out.append("</p>\n  ")
    if not unanchored:
        out.append('<ul class="backlinks">')
        many = len(note.refs) > 1
        for place, ref in enumerate(note.refs, start=1):
            label = f' aria-label="Back to the story, place {place} of {len(note.refs)}"'
            out.append(
                f"<li>{escape(ref.citation.get_relation_display())}: "
                f'<a href="#c{ref.citation.pk}"{label if many else ""}>back to the story'
                f"{f' ({place})' if many else ''}</a></li>"
            )
        out.append("</ul>")
    out.append("\n  ")
    for checked in note.citations:
        if checked.quote_differs:
            out.append(_quote_check(checked))
    out.append("\n  \n</li>\n")
    return "".join(out)


def _quote_check(citation) -> str:
    quoted = escape(citation.quoted_words)
    if not citation.record_words:
        said = (
            f"<p>The story quotes “{quoted}”; "
            "these words are not in this passage of the record.</p>"
        )
    else:
        if citation.quote_verdict == "number_differs":
            lead = "The story quotes these words with a number the record does not have:"
        else:
            lead = "The story quotes words the record has differently:"
        said = (
            f"<p>{lead}</p>\n"
            '  <dl class="quote-sides"><dt>The story</dt>'
            f"<dd>“{quoted}”</dd><dt>The record</dt><dd>“{escape(citation.record_words)}”</dd>"
            '<dt>Difference</dt><dd class="diff-text">'
            f"{escape(citation.quote_difference_html())}</dd></dl>"
        )
    return f'\n  <div class="meta quote-check">{said}</div>\n  '
