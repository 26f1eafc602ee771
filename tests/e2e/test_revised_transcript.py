"""A reader follows a link made before the transcript was revised and lands on the same
words: a kept paragraph keeps its address; a removed one's address leads to where its
words went."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from newsroom.coverage.models import Transcript
from newsroom.coverage.services.imports import transcript_import
from tests.test_transcript_revisions import pattern, revised_seed

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TRANSCRIPT = "/transcripts/meeting-with-newly-elected-regional-heads-2023-09-28/"


def landed(page):
    return page.evaluate(
        "() => { const id = location.hash.slice(1); const t = document.getElementById(id);"
        " return {hash: location.hash, text: t && t.innerText,"
        " top: t && Math.round(t.getBoundingClientRect().top)}; }"
    )


def revise():
    transcript = Transcript.objects.get(slug=TRANSCRIPT.split("/")[2])
    transcript_import(text=revised_seed(), source=transcript.source, replace=True)


def test_old_links_open_the_same_words_after_a_revision(page, seeded_site):
    page.goto(seeded_site + TRANSCRIPT + "#p46")
    before = landed(page)["text"]
    page.goto(seeded_site + TRANSCRIPT + "#p4")
    removed_words = landed(page)["text"]
    assert pattern("The elections were held for the first time").search(removed_words)

    revise()  # a paragraph inserted before ¶46, ¶3 moved, ¶4 removed, ¶5 edited

    page.goto(seeded_site + TRANSCRIPT + "#p46")
    after = landed(page)
    assert after["hash"] == "#p46" and after["text"] == before
    assert "I would like to start by expressing my immense gratitude" in after["text"]

    page.goto(seeded_site + "/")
    page.goto(seeded_site + TRANSCRIPT + "#p4")
    page.wait_for_function("() => location.hash !== '#p4'")
    moved = landed(page)
    # ¶4's words are gone: its address leads to the paragraph that took its place, in view.
    assert moved["hash"] == "#p5"
    assert pattern("This is certainly a historic event").search(moved["text"])
    assert 0 <= moved["top"] < 900
    assert page.locator("#p5.moved-here").count() == 1
    assert "This record was revised on" in page.locator("section.revisions").inner_text()


def test_the_revised_transcript_page_passes_axe(page, seeded_site):
    revise()
    page.goto(seeded_site + TRANSCRIPT)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
