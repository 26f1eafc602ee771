"""Any revision of a real record, made of random inserts, deletions, edits, moves, splits
and joins: no citation is deleted, and no citation left confirmed names a paragraph
without the words it rests on."""

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom.coverage import models
from newsroom.coverage.revising import reanchoring
from newsroom.coverage.revising.alignment import words
from newsroom.coverage.services.transcript_versions import (
    NewParagraph,
    apply_revision,
    current_redirects,
    plan_revision,
)
from tests.factories import ArticleFactory, transcript_with

RECORD = (
    Path(__file__).parent / "gold" / "real" / "transcripts" / "government-members-2019-12-25.txt"
)
OTHER = Path(__file__).parent / "gold" / "real" / "transcripts" / "xi-beijing-2022-02-04.txt"


def paragraphs(path: Path) -> list[str]:
    body = path.read_text(encoding="utf-8").partition("\n\n")[2]
    return [line.strip() for line in body.splitlines() if line.strip()]


def window(text: str) -> str:
    found = text.split()
    start = max(0, (len(found) - 8) // 2)
    return " ".join(found[start : start + 8])


def holds(text: str, part: str) -> bool:
    return reanchoring.holds(words(text), words(part))


OPERATION = st.tuples(
    st.sampled_from(["insert", "delete", "edit", "move", "split", "join"]),
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=0, max_value=10_000),
)


def revise(texts: list[str], operations, pool: list[str]) -> list[str]:
    texts = list(texts)
    for op, a, b in operations:
        i, j = a % len(texts), b % len(texts)
        if op == "insert":
            texts.insert(i, pool[b % len(pool)])
        elif op == "delete" and len(texts) > 2:
            del texts[i]
        elif op == "edit":
            found = texts[i].split()
            found[b % len(found)] = "revised"
            texts[i] = " ".join(found)
        elif op == "move":
            texts.insert(j, texts.pop(i))
        elif op == "split" and ". " in texts[i]:
            cut = texts[i].index(". ") + 1
            texts[i : i + 1] = [texts[i][:cut], texts[i][cut:].strip()]
        elif op == "join" and i + 1 < len(texts):
            texts[i : i + 2] = [f"{texts[i]} {texts[i + 1]}"]
    return texts


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(OPERATION, min_size=1, max_size=6), seed=st.integers(0, 99))
def test_no_confirmed_citation_is_left_on_other_words(operations, seed):
    original = paragraphs(RECORD)[:14]
    transcript = transcript_with([(None, text) for text in original])
    story = ArticleFactory(body="A story.")
    rng = random.Random(seed)
    cited = {}
    for segment in transcript.segments.all():
        if len(segment.text.split()) >= 10:
            quote = f"“{window(segment.text)}”" if rng.random() < 0.5 else f"Claim {segment.pk}."
            citation = models.Citation.objects.create(
                article=story,
                quote=quote,
                segment=segment,
                relation="paraphrase",
                status=models.CitationStatus.CONFIRMED,
            )
            cited[citation.pk] = window(segment.text)

    new = revise(original, operations, paragraphs(OTHER))
    plan = plan_revision(transcript, [NewParagraph("narration", "", text) for text in new])
    apply_revision(plan)

    citations = list(models.Citation.objects.filter(article=story).select_related("segment"))
    assert {c.pk for c in citations} == set(cited)  # none deleted
    texts = [s.text for s in transcript.segments.order_by("position")]
    assert texts == new
    for citation in citations:
        words_there = any(holds(text, cited[citation.pk]) for text in texts)
        if citation.segment is None:
            assert citation.anchor_state == models.AnchorState.LOST
        elif citation.status == models.CitationStatus.CONFIRMED:
            assert holds(citation.segment.text, cited[citation.pk]), citation.anchor_note
        if not words_there:
            assert citation.status != models.CitationStatus.CONFIRMED or citation.segment is None
    keys = list(transcript.segments.values_list("key", flat=True))
    assert len(keys) == len(set(keys))
    assert set(current_redirects(transcript).values()) <= set(keys)
    transcript.delete()
    story.delete()
