"""The review screen, revision history with word differences, and withdrawal in admin."""

import pytest
from django.urls import reverse
from reversion.models import Version

from newsroom.coverage.admin.review import group_by_sentence
from newsroom.coverage.diffing import word_diff, word_diff_html
from newsroom.coverage.models import Citation, CitationStatus, PublicationStatus
from tests.admin_forms import change_form_data
from tests.factories import ArticleFactory, CitationFactory, SegmentFactory, TranscriptFactory

pytestmark = pytest.mark.django_db

BODY = (
    "Putin held a meeting with new governors. He congratulated them on their election.\n\n"
    "The Donetsk council elected Denis Pushilin."
)


def review_url(article):
    return reverse("admin:coverage_article_review", args=[article.pk])


def versions_url(obj):
    return reverse(f"admin:coverage_{obj._meta.model_name}_versions", args=[obj.pk])


@pytest.fixture
def suggested():
    article = ArticleFactory(body=BODY, status=PublicationStatus.DRAFT)
    segments = SegmentFactory.create_batch(3)
    return article, [
        CitationFactory(
            article=article,
            segment=segments[0],
            quote="He congratulated them on their election.",
            status=CitationStatus.SUGGESTED,
            score=0.2,
        ),
        CitationFactory(
            article=article,
            segment=segments[1],
            quote="congratulated them",  # words inside the same sentence
            status=CitationStatus.SUGGESTED,
            score=0.1,
        ),
        CitationFactory(
            article=article,
            segment=segments[2],
            quote="The Donetsk council elected Denis Pushilin.",
            status=CitationStatus.SUGGESTED,
            score=0.05,
        ),
    ]


class TestReviewScreen:
    def test_suggestions_are_grouped_by_the_sentence_holding_their_words(self, suggested):
        article, citations = suggested
        groups = group_by_sentence(article.body, citations)
        assert [g.sentence for g in groups] == [
            "He congratulated them on their election.",
            "The Donetsk council elected Denis Pushilin.",
        ]
        assert [len(g.citations) for g in groups] == [2, 1]

    def test_a_quote_no_longer_in_the_story_gets_a_group_after_the_story(self, suggested):
        article, citations = suggested
        citations[0].quote = "Words since edited away."
        groups = group_by_sentence(article.body, citations)
        assert groups[-1].sentence == "Words since edited away."

    def test_page_shows_sentence_beside_passage_escaped(self, client, editor, suggested):
        article, citations = suggested
        segment = citations[0].segment
        segment.text = "<b>Vladimir Putin:</b> Congratulations."
        segment.save()
        client.force_login(editor)
        html = client.get(review_url(article)).content.decode()
        assert html.count('class="review-group"') == 2
        assert "&lt;b&gt;Vladimir Putin:&lt;/b&gt;" in html and "<b>Vladimir" not in html
        assert html.count('value="confirm:') == 3 and 'value="confirm-all"' in html

    def test_one_click_confirms_one_with_the_relation_chosen(self, client, editor, suggested):
        article, citations = suggested
        client.force_login(editor)
        response = client.post(
            review_url(article),
            {"decision": f"confirm:{citations[1].pk}", f"relation-{citations[1].pk}": "quote"},
        )
        assert response.status_code == 302
        statuses = dict(Citation.objects.values_list("pk", "status"))
        assert statuses == {
            citations[0].pk: "suggested",
            citations[1].pk: "confirmed",
            citations[2].pk: "suggested",
        }
        assert Citation.objects.get(pk=citations[1].pk).relation == "quote"

    def test_reject_one(self, client, editor, suggested):
        article, citations = suggested
        client.force_login(editor)
        client.post(review_url(article), {"decision": f"reject:{citations[2].pk}"})
        assert Citation.objects.get(pk=citations[2].pk).status == CitationStatus.REJECTED

    def test_confirm_all_shown_confirms_only_those_shown(self, client, editor, suggested):
        article, citations = suggested
        later = CitationFactory(article=article, status=CitationStatus.SUGGESTED, quote="Putin")
        client.force_login(editor)
        shown = [str(c.pk) for c in citations]
        client.post(review_url(article), {"decision": "confirm-all", "shown": shown})
        confirmed = set(Citation.objects.filter(status="confirmed").values_list("pk", flat=True))
        assert confirmed == {c.pk for c in citations}
        assert Citation.objects.get(pk=later.pk).status == CitationStatus.SUGGESTED

    def test_a_reporter_reads_but_cannot_decide(self, client, reporter, suggested):
        article, citations = suggested
        client.force_login(reporter)
        page = client.get(review_url(article)).content.decode()
        assert 'value="confirm:' not in page
        response = client.post(review_url(article), {"decision": f"confirm:{citations[0].pk}"})
        assert response.status_code == 403
        assert not Citation.objects.filter(status="confirmed").exists()

    def test_suggest_citations_button_leads_to_the_review_screen(self, client, editor):
        article = ArticleFactory(status=PublicationStatus.DRAFT)
        client.force_login(editor)
        page = client.get(reverse("admin:coverage_article_change", args=[article.pk]))
        response = client.post(
            reverse("admin:coverage_article_change", args=[article.pk]),
            change_form_data(page, _workflow="suggest"),
        )
        assert response.status_code == 302 and response["Location"] == review_url(article)

    def test_queries_do_not_grow_with_suggestions(
        self, client, editor, suggested, django_assert_max_num_queries
    ):
        article, _ = suggested
        client.force_login(editor)
        client.get(review_url(article))  # warm the session and permissions
        # 16: the page, the suggestions, the quote checks, the checks before publishing
        # (the undecided suggestions), the tags the story's text points to and the
        # suggestions job still running, if any.
        with django_assert_max_num_queries(16) as few:
            client.get(review_url(article))
        CitationFactory.create_batch(
            20, article=article, status=CitationStatus.SUGGESTED, quote="Putin"
        )
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(review_url(article))


class TestWordDiff:
    def test_pieces_give_both_texts_back(self):
        old, new = "The council elected Pushilin.", "The People's council re-elected Pushilin."
        pieces = word_diff(old, new)
        assert "".join(t for op, t in pieces if op != "+") == old
        assert "".join(t for op, t in pieces if op != "-") == new
        assert ("-", "elected") in pieces and ("+", "re-elected") in pieces

    def test_html_is_escaped(self):
        html = word_diff_html("a <b>", "a <i>")
        assert html == "a <del>&lt;b&gt;</del><ins>&lt;i&gt;</ins>"


class TestVersions:
    def test_each_admin_save_keeps_a_version_and_compare_shows_words(self, client, editor):
        article = ArticleFactory(status=PublicationStatus.DRAFT, body="Putin met governors.")
        client.force_login(editor)
        url = reverse("admin:coverage_article_change", args=[article.pk])
        for body in ["Putin met the new governors.", "Putin met the newly elected governors."]:
            page = client.get(url)
            assert client.post(url, change_form_data(page, body=body)).status_code == 302
        assert Version.objects.get_for_object(article).count() == 2
        html = client.get(versions_url(article)).content.decode()
        assert "<del>new</del>" in html and "<ins>newly elected</ins>" in html

    def test_api_saves_keep_versions_with_their_author(self, editor):
        from tests.test_editorial_faces import ApiFace

        article = ArticleFactory(status=PublicationStatus.DRAFT)
        assert ApiFace(None, editor).edit(article, headline="From the API")
        version = Version.objects.get_for_object(article).get()
        assert version.revision.user == editor
        assert version.field_dict["headline"] == "From the API"
        assert "search_vector" not in version.serialized_data  # derived by the database

    def test_restore_brings_back_the_words_not_the_status(self, client, editor):
        article = ArticleFactory(status=PublicationStatus.DRAFT, headline="First")
        client.force_login(editor)
        url = reverse("admin:coverage_article_change", args=[article.pk])
        for headline in ["Second", "Third"]:
            client.post(url, change_form_data(client.get(url), headline=headline))
        article.refresh_from_db()
        article.status = PublicationStatus.PUBLISHED
        article.save()
        oldest = Version.objects.get_for_object(article).order_by("pk").first()
        assert oldest.field_dict["headline"] == "Second"
        response = client.post(versions_url(article), {"restore": oldest.pk})
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.headline == "Second" and article.status == PublicationStatus.PUBLISHED
        assert Version.objects.get_for_object(article).count() == 3

    def test_restore_refuses_a_version_of_another_object(self, client, editor):
        article, other = ArticleFactory(), ArticleFactory()
        client.force_login(editor)
        url = reverse("admin:coverage_article_change", args=[other.pk])
        client.post(url, change_form_data(client.get(url), headline="Other"))
        foreign = Version.objects.get_for_object(other).get()
        assert client.post(versions_url(article), {"restore": foreign.pk}).status_code == 403

    def test_transcript_versions_page_opens(self, client, editor):
        transcript = TranscriptFactory(status=PublicationStatus.DRAFT)
        client.force_login(editor)
        url = reverse("admin:coverage_transcript_change", args=[transcript.pk])
        client.post(url, change_form_data(client.get(url), summary="A new summary."))
        html = client.get(versions_url(transcript)).content.decode()
        assert "Saved versions" in html and "editor" in html


class TestWithdrawalInAdmin:
    def test_the_button_asks_for_a_reason_first(self, client, editor):
        article = ArticleFactory()
        client.force_login(editor)
        url = reverse("admin:coverage_article_change", args=[article.pk])
        response = client.post(url, change_form_data(client.get(url), _workflow="withdraw"))
        assert response["Location"] == reverse("admin:coverage_article_withdraw", args=[article.pk])
        article.refresh_from_db()
        assert article.status == PublicationStatus.PUBLISHED  # nothing withdrawn yet
        page = client.get(response["Location"]).content.decode()
        assert "Why it is withdrawn" in page and "410 Gone" in page

    def test_bulk_withdrawal_asks_once_and_withdraws_all(self, client, editor):
        articles = ArticleFactory.create_batch(2)
        client.force_login(editor)
        url = reverse("admin:coverage_article_changelist")
        ids = [str(a.pk) for a in articles]
        asked = client.post(url, {"action": "withdraw_selected", "_selected_action": ids})
        assert asked.status_code == 200 and "Why it is withdrawn" in asked.content.decode()
        client.post(
            url, {"action": "withdraw_selected", "_selected_action": ids, "reason": "Duplicates."}
        )
        assert {a.withdrawal_reason for a in type(articles[0]).objects.all()} == {"Duplicates."}

    def test_a_withdrawn_transcript_answers_410_without_its_paragraphs(self, client, editor):
        segment = SegmentFactory(text="Words that were withdrawn.")
        transcript = segment.transcript
        client.force_login(editor)
        client.post(
            reverse("admin:coverage_transcript_withdraw", args=[transcript.pk]),
            {"reason": "Published against the wrong event."},
        )
        client.logout()
        page = client.get(transcript.get_absolute_url())
        assert page.status_code == 410
        html = page.content.decode()
        assert "wrong event" in html and "Words that were withdrawn" not in html

    def test_a_never_published_withdrawn_item_is_a_plain_404(self, client):
        article = ArticleFactory(status=PublicationStatus.WITHDRAWN)
        type(article).objects.filter(pk=article.pk).update(published_at=None)
        assert client.get(article.get_absolute_url()).status_code == 404


def test_paragraph_diff_folds_unchanged_paragraphs():
    from newsroom.coverage.diffing import paragraph_diff_html

    old = "One.\n\nTwo.\n\nThree <x>.\n\nFour."
    new = "One.\n\nTwo.\n\nThree <y>.\n\nFour."
    html = paragraph_diff_html(old, new)
    assert html.count("unchanged paragraph") == 2  # before and after the change
    assert "… 2 unchanged paragraphs …" in html and "… 1 unchanged paragraph …" in html
    assert "<del>&lt;x&gt;.</del><ins>&lt;y&gt;.</ins>" in html
    assert "One." not in html
