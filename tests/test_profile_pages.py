"""The page profiler (benchmarks/profile_pages.py) reports time, queries and functions."""

import pytest

from benchmarks.profile_pages import profile
from tests.factories import CitationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("shared", "queries"), [(True, 1), (False, 3)])
def test_report_names_the_page_its_queries_and_where_time_went(client, settings, shared, queries):
    settings.SHARED_CACHE = shared  # kept: one query; rendered afresh: three
    url = CitationFactory().article.get_absolute_url()
    report = profile(client, url, requests=2, top=40)
    first = report.splitlines()[0]
    assert first.startswith(f"{url}: ") and first.endswith(
        f"ms a request unprofiled, {queries} queries"
    )
    assert report.count("Ordered by: internal time") == report.count("Ordered by: cumulative") == 1
    assert "stories.py" in report and "(story_detail)" in report  # the view, by total time
