"""Time the admin pages of a 1,000-paragraph transcript, and its save, on DATABASE_URL.

Run with `make bench-admin` (or `python -m benchmarks.admin_pages`): it adds one
transcript of --paragraphs paragraphs to whatever the database holds (the
`make bench` archive, or the local SQLite site), signs in with Django's test client
and prints the median of --runs timings for each page, then removes what it added.
"""

import argparse
import os
import statistics
import sys
import time


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from newsroom.coverage.models import Segment, Source, Transcript
    from tests.admin_forms import change_form_data

    setup_test_environment()  # lets the client see response.context
    source, _ = Source.objects.get_or_create(slug="bench-source", defaults={"name": "Bench"})
    transcript = Transcript.objects.create(
        title="Benchmark: annual news conference",
        slug=f"bench-admin-{time.time_ns()}",
        source=source,
        date="2024-12-19",
    )
    Segment.objects.bulk_create(
        Segment(transcript=transcript, position=n, text=answer(n))
        for n in range(1, args.paragraphs + 1)
    )
    user = User.objects.create_superuser(f"bench-{time.time_ns()}", password="x")
    client = Client()
    client.force_login(user)
    change = reverse("admin:coverage_transcript_change", args=[transcript.pk])
    paragraphs = reverse("admin:coverage_segment_changelist")
    pages = {
        "transcript change form": change,
        "paragraph list, page 1": f"{paragraphs}?transcript__id__exact={transcript.pk}",
        "paragraph list, page 10": f"{paragraphs}?transcript__id__exact={transcript.pk}&p=10",
        "versions": reverse("admin:coverage_transcript_versions", args=[transcript.pk]),
        "transcript list": reverse("admin:coverage_transcript_changelist"),
    }
    rows = []
    try:
        for name, url in pages.items():
            rows.append(
                (name, *timed(client, "get", url, args.runs, CaptureQueriesContext, connection))
            )

        def save():
            form = client.get(change)
            return client.post(change, change_form_data(form, summary=f"Run {time.time_ns()}"))

        rows.append(("transcript form saved (GET + POST)", *timed_call(save, args.runs)))
    finally:
        Transcript.objects.filter(pk=transcript.pk).delete()
        user.delete()
    print(f"{args.paragraphs} paragraphs, {connection.vendor}, median of {args.runs}")
    print("| page | median ms | max ms | queries |")
    print("| --- | ---: | ---: | ---: |")
    for name, median, worst, queries in rows:
        print(f"| {name} | {median:.0f} | {worst:.0f} | {queries} |")
    return 0


def answer(n: int) -> str:
    """A paragraph of a news conference answer, different for each n (as real ones are)."""
    return (
        f"On the {n}th question: the regional budget grew by {n % 17 + 2} percent this year, "
        f"and {n % 9 + 3} new schools and {n % 4 + 1} hospitals opened. We will keep this "
        f"pace, and the programme for {2024 + n % 6} has been agreed with the government."
    )


def timed(client, method, url, runs, capture, connection):
    getattr(client, method)(url)  # warm
    times, queries = [], 0
    for _ in range(runs):
        with capture(connection) as captured:
            start = time.perf_counter()
            response = getattr(client, method)(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return statistics.median(times), max(times), queries


def timed_call(call, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 302, response.status_code
    return statistics.median(times), max(times), "—"


if __name__ == "__main__":
    sys.exit(main())
