"""Word-level differences between two texts, for comparing versions in admin."""

import re
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from newsroom.coverage.text import split_paragraphs

# Words and the white space between them, so the joined pieces give the text back.
TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Return `(op, text)` pieces turning `old` into `new`; op is "=", "-" or "+".

    The "=" and "-" pieces joined give `old`; the "=" and "+" pieces give `new`.
    """
    a, b = TOKENS.findall(old or ""), TOKENS.findall(new or "")
    pieces = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("=", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("+", "".join(b[j1:j2])))
    return pieces


def word_diff_html(old: str, new: str) -> SafeString:
    """Render `word_diff` as escaped HTML with <del> and <ins>."""
    tags = {"=": "{}", "-": "<del>{}</del>", "+": "<ins>{}</ins>"}
    html = "".join(tags[op].format(escape(text)) for op, text in word_diff(old, new))
    return mark_safe(html)  # every piece of text was escaped above


def paragraph_diff_html(old: str, new: str) -> SafeString:
    """Render the word differences paragraph by paragraph, folding unchanged paragraphs.

    A long story or summary shows only what changed, each unchanged run as one line
    saying how many paragraphs it holds.
    """
    a, b = split_paragraphs(old or ""), split_paragraphs(new or "")
    parts = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            count = i2 - i1
            noun = "paragraph" if count == 1 else "paragraphs"
            parts.append(f'<p class="diff-same">… {count} unchanged {noun} …</p>')
        else:
            html = word_diff_html("\n\n".join(a[i1:i2]), "\n\n".join(b[j1:j2]))
            parts.append(f'<p class="diff-changed">{html}</p>')
    return mark_safe("".join(parts))  # built from word_diff_html's escaped pieces
