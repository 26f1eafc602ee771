"""A reader follows a citation to the transcript, then to the speaker; search finds a passage;
every page type passes axe-core with no violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STORY = "/stories/putin-to-meet-26-newly-elected-regional-heads-by-video-link/"
TRANSCRIPT = "/transcripts/meeting-with-newly-elected-regional-heads-2023-09-28/"
HIGHLIGHT = "rgb(255, 241, 168)"  # --mark in site.css


def target(page):
    return page.evaluate(
        "() => { const t = document.querySelector(':target');"
        " return t && {id: t.id, background: getComputedStyle(t).backgroundColor,"
        " text: t.innerText}; }"
    )


def test_citation_leads_to_the_highlighted_passage_then_the_speaker(page, seeded_site):
    page.goto(seeded_site + STORY)
    link = page.locator("a.cited", has_text="direct elections for senior regional officials")
    href = link.get_attribute("href")
    assert href == TRANSCRIPT + "#p3"
    link.click()
    page.wait_for_url(f"**{TRANSCRIPT}#p3")
    landed = target(page)
    assert landed["id"] == "p3"
    assert landed["background"] == HIGHLIGHT
    assert "In the regions with direct voting" in landed["text"]

    turn = page.locator("div.turn", has=page.locator("#p3"))
    turn.locator("p.speaker a").click()
    page.wait_for_url("**/people/vladimir-putin/")
    assert page.locator("h1").inner_text() == "Vladimir Putin"
    assert "President of Russia" in page.locator("#roles-heading + ul").inner_text()


def test_back_link_from_the_transcript_returns_to_the_citing_sentence(page, seeded_site):
    page.goto(seeded_site + TRANSCRIPT + "#p4")
    page.locator("#p4 .cited-in a").first.click()
    page.wait_for_url(f"**{STORY}#c*")
    assert target(page)["id"].startswith("c")


def test_search_for_a_transcript_phrase_finds_its_passage(page, seeded_site):
    page.goto(seeded_site + "/")
    page.get_by_role("searchbox", name="Search").fill("Donbass will never fail you")
    page.get_by_role("button", name="Search").first.click()
    page.wait_for_url("**/search/?q=*")
    result = page.locator("li.result-passage a").first
    assert result.get_attribute("href").startswith(TRANSCRIPT + "#p")
    result.click()
    page.wait_for_url(f"**{TRANSCRIPT}#p*")
    page.wait_for_load_state()
    assert "Donbass will never fail you" in target(page)["text"]


def test_search_for_a_name_spelled_otherwise_says_which_name_it_matched(page, seeded_site):
    page.goto(seeded_site + "/")
    page.get_by_role("searchbox", name="Search").fill("Sergey Sobyanin")
    page.get_by_role("button", name="Search").first.click()
    page.wait_for_url("**/search/?q=*")
    said = page.locator(".search-readings li").first.inner_text()
    assert said == "“Sergey Sobyanin” as Sobyanin: a name of Sergei Sobyanin in the archive"
    first = page.locator("ol.results > li").first
    assert "Sobyanin" in first.locator("mark").all_inner_texts()
    first.locator("a").first.click()
    page.wait_for_load_state()
    # The result leads to a page that holds the name as the archive spells it.
    assert "Sobyanin" in page.locator("main").inner_text()
    results = Axe().run(page.goto(seeded_site + "/search/?q=Sergey+Sobyanin") and page)
    assert not results.violations_count, results.generate_report()


PAGE_TYPES = {
    "home": "/",
    "story list": "/stories/",
    "story": STORY,
    "transcript list": "/transcripts/",
    "transcript": TRANSCRIPT,
    "person list": "/people/",
    "person": "/people/leonid-pasechnik/",
    "event list": "/events/",
    "event": "/events/meeting-with-newly-elected-regional-heads-2023-09-28/",
    "source": "/sources/kremlin-telegram-channel/",
    "place": "/places/krasnoyarsk-territory/",
    "search": "/search/?q=Donbass",
    "search with errors": "/search/?q=Donbass&date_from=nope",
    # Stories matched in their headlines, a passage only in its speaker's title.
    "search, found in a headline and a speaker's title": "/search/?q=governors",
    # A name spelled otherwise than the archive does: the page says what it searched.
    "search, a name spelled otherwise": "/search/?q=Sergey+Sobyanin",
}


def test_every_page_type_has_no_accessibility_violation(page, seeded_site):
    axe = Axe()
    failures = {}
    for name, path in PAGE_TYPES.items():
        response = page.goto(seeded_site + path)
        assert response.status == 200, path
        results = axe.run(page)
        if results.violations_count:
            failures[name] = results.generate_report()
    assert not failures, "\n\n".join(f"{name}:\n{report}" for name, report in failures.items())


# The `page` fixture fails a test whose pages break the Content-Security-Policy.
def test_api_docs_render_under_the_policy(page, seeded_site):
    page.goto(seeded_site + "/api/v1/docs/")
    page.wait_for_selector(".opblock", timeout=15_000)  # Swagger UI ran and drew operations
    assert page.locator(".opblock").count() >= 10
    page.goto(seeded_site + "/api/v1/redoc/")
    page.wait_for_selector("[data-section-id]", timeout=15_000)  # ReDoc ran
