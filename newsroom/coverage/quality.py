"""Data-quality checks on documents and stored texts: warnings for editors, never errors."""

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from newsroom.coverage.importers.chrome import is_chrome
from newsroom.coverage.importers.reading import SENTENCE_END

CHROME_PHRASES = re.compile(
    r"Official website of the President of Russia|View settings|Font size:|Site colou?rs:"
    r"|Version for print|Direct link|Publication status|Документ"
)
DOUBLED_SPACE = re.compile(r"\S {2,}\S")
WORD = re.compile(r"\w+")
PAIRS = [("(", ")"), ("[", "]"), ("“", "”"), ("«", "»")]


@dataclass(frozen=True)
class Finding:
    paragraph: int  # 1-based paragraph (or transcript position)
    code: str
    message: str

    def __str__(self):
        return f"paragraph {self.paragraph}: {self.message}"


def script_of(word: str) -> str:
    """Return the Unicode script name of a word's first letter ("LATIN", "ARABIC", …)."""
    for char in word:
        if char.isalpha():
            return unicodedata.name(char, "UNKNOWN").split()[0]
    return ""


def check_paragraphs(paragraphs: list[str], *, first_number: int = 1) -> list[Finding]:
    """Return what looks wrong in `paragraphs` of an English text; clean text gives none."""
    scripts = Counter(
        script_of(word) for paragraph in paragraphs for word in WORD.findall(paragraph)
    )
    scripts.pop("", None)
    main_script = scripts.most_common(1)[0][0] if scripts else "LATIN"
    findings = []
    for number, paragraph in enumerate(paragraphs, start=first_number):
        findings.extend(_check_one(number, paragraph, main_script))
    return findings


def _check_one(number: int, paragraph: str, main_script: str) -> list[Finding]:
    found = []
    foreign = [w for w in WORD.findall(paragraph) if script_of(w) not in ("", main_script, "DIGIT")]
    for word in dict.fromkeys(foreign):
        found.append(
            Finding(
                number,
                "script",
                f"the word “{word}” is in {script_of(word).title()} script inside "
                f"{main_script.title()} text",
            )
        )
    if is_chrome(paragraph) or CHROME_PHRASES.search(paragraph):
        found.append(Finding(number, "chrome", "website chrome left in the text"))
    for opening, closing in PAIRS:
        if paragraph.count(opening) != paragraph.count(closing):
            found.append(
                Finding(number, "unbalanced", f"unbalanced {opening}{closing} in the paragraph")
            )
    if paragraph.count('"') % 2:
        found.append(Finding(number, "unbalanced", 'an odd number of straight quotes (")'))
    if DOUBLED_SPACE.search(paragraph):
        found.append(Finding(number, "spaces", "doubled spaces"))
    if paragraph.strip() and not paragraph.rstrip().endswith(SENTENCE_END):
        found.append(Finding(number, "cut-off", "ends without final punctuation: is it cut off?"))
    return found


def check_article(article) -> list[Finding]:
    return check_paragraphs(article.paragraphs)


def check_transcript(transcript) -> list[Finding]:
    """Check a transcript's segments; findings are numbered by segment position."""
    findings = []
    segments = list(transcript.segments.all())
    texts = [s.text for s in segments]
    for finding in check_paragraphs(texts):
        position = segments[finding.paragraph - 1].position
        findings.append(Finding(position, finding.code, finding.message))
    return findings
