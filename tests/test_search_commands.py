"""evaluate_search and create_ranking_index, on whichever database the suite runs."""

import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from newsroom.coverage.models import Segment
from newsroom.coverage.search import postgres
from newsroom.coverage.search.relevance import CASES, READERS

pytestmark = pytest.mark.django_db


def test_evaluate_search_ranks_the_gold_archive_and_leaves_nothing_behind():
    out = io.StringIO()
    call_command("evaluate_search", "--load", "--cases", str(CASES), stdout=out)
    report = out.getvalue()
    assert f"({connection.vendor})" in report
    cases = len(json.loads(CASES.read_text())["cases"])
    assert f"top 3: {cases}/{cases}" in report
    assert "erdogan-moscow-2020-03-05 ¶6" in report
    assert not Segment.objects.exists()  # rolled back


def test_evaluate_search_reports_the_tuned_and_held_out_parts_apart():
    out = io.StringIO()
    call_command("evaluate_search", "--load", stdout=out)
    report = out.getvalue()
    readers = json.loads(READERS.read_text())["cases"]
    held_out = sum(case["part"] == "held-out" for case in readers)
    assert held_out >= 10
    assert re.search(rf"^held-out: top 1 \d+, top 3 \d+, top 10 \d+ of {held_out}$", report, re.M)
    tuned = len(readers) - held_out + len(json.loads(CASES.read_text())["cases"])
    assert re.search(rf"^tuned: top 1 \d+, top 3 \d+, top 10 \d+ of {tuned}$", report, re.M)
    assert re.search(r"^held-out, question: ", report, re.M)


def test_evaluate_search_compares_first_pages_with_another_run(tmp_path):
    """Another database's run, written with --first-pages, read with --compare-with."""
    pages = tmp_path / "pages.json"
    call_command("evaluate_search", "--load", "--cases", str(CASES), "--first-pages", str(pages))
    other = json.loads(pages.read_text())
    reordered, replaced = [q for q, page in other.items() if len(page) >= 2][:2]
    other[reordered][-2:] = other[reordered][:-3:-1]  # the last two swapped
    other[replaced][0] = "another answer"
    pages.write_text(json.dumps(other))
    out = io.StringIO()
    call_command(
        "evaluate_search", "--load", "--cases", str(CASES), "--compare-with", str(pages), stdout=out
    )
    report, n = out.getvalue(), len(other)
    assert f"same first result: {n - 1}/{n}; same first page: {n - 2}/{n}" in report
    assert f"first page differs: {reordered}" in report
    assert f"first page differs: {replaced}" in report


@pytest.mark.skipif(connection.vendor != "postgresql", reason="RUM is PostgreSQL's")
def test_evaluate_search_can_rank_as_without_rum_for_that_run_only():
    out = io.StringIO()
    call_command("evaluate_search", "--load", "--bounded", stdout=out)
    assert "top 3:" in out.getvalue()
    assert postgres.has_ranking_index is not None and postgres.has_ranking_index.__name__ == (
        "has_ranking_index"
    )


def test_create_ranking_index_says_what_it_did():
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="Only PostgreSQL"):
            call_command("create_ranking_index")
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        available = cursor.fetchone() is not None
    if not available:
        with pytest.raises(CommandError, match="not installed"):
            call_command("create_ranking_index")
        return
    out = io.StringIO()
    call_command("create_ranking_index", stdout=out)
    assert "whole archive" in out.getvalue()
    assert postgres.has_ranking_index(Segment)
