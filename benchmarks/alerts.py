"""Benchmark readers' alerts: 10,000 confirmed alerts against a 1,000-paragraph transcript.

    python -m benchmarks.alerts [--alerts 10000] [--paragraphs 1000] [--runs 5] [--json PATH]

The database is BENCH_DATABASE_URL (default: a scratch SQLite file; a PostgreSQL
database named there is dropped and created anew). Of the alerts, 30% follow one of
200 speakers and 70% a phrase of two or three words: half taken from the transcript's
own paragraphs (they match), half made up. Timed: matching every alert against the
transcript (`alert_matching.match_transcript`, the worker's task when a transcript is
published), and composing the mails of the immediate alerts it found (sent to Django's
in-memory backend, so the SMTP server's speed is not measured).
"""

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

from benchmarks.linking import ROOT, prepare_database

SPEAKERS = 200


def build(corpus, *, alerts: int, paragraphs: int):
    from django.utils import timezone

    from newsroom.coverage.models import (
        Alert,
        Person,
        PublicationStatus,
        Segment,
        Source,
        Transcript,
    )

    source = Source.objects.create(name="Benchmark", slug="benchmark")
    people = Person.objects.bulk_create(
        Person(name=f"Speaker {n}", slug=f"speaker-{n}", sort_name=f"Speaker {n}")
        for n in range(SPEAKERS)
    )
    transcript = Transcript.objects.create(
        title="Benchmark meeting", slug="benchmark-meeting", source=source, date=dt.date(2024, 1, 1)
    )
    texts = [corpus.paragraph() for _ in range(paragraphs)]
    Segment.objects.bulk_create(
        (
            Segment(
                transcript=transcript,
                position=i,
                key=i,
                speaker=corpus.random.choice(people),
                text=text,
            )
            for i, text in enumerate(texts, start=1)
        ),
        batch_size=2000,
    )
    # Published without a save, so no task is queued while the alerts are not there yet.
    Transcript.objects.filter(pk=transcript.pk).update(
        status=PublicationStatus.PUBLISHED, published_at=timezone.now()
    )
    now = timezone.now()
    rows = []
    for n in range(alerts):
        email = f"reader{n % (alerts // 2 or 1)}@example.org"
        common = {"email": email, "confirmed_at": now, "frequency": "immediate"}
        if n % 10 < 3:
            rows.append(Alert(kind="person", person=corpus.random.choice(people), **common))
        elif n % 2:
            words = corpus.random.choice(texts).split()
            start = corpus.random.randrange(max(1, len(words) - 3))
            rows.append(Alert(kind="phrase", phrase=" ".join(words[start : start + 3]), **common))
        else:
            rows.append(Alert(kind="phrase", phrase=corpus.sentence(2), **common))
    Alert.objects.bulk_create(rows, batch_size=2000)
    return Transcript.objects.get(pk=transcript.pk)


def measure(transcript, runs: int) -> dict:
    from django.core import mail

    from newsroom.coverage.models import AlertMatch
    from newsroom.coverage.syndication import alert_mail, alert_matching

    matching, sending, found, mails = [], [], 0, 0
    for _ in range(runs):
        AlertMatch.objects.all().delete()
        mail.outbox = []
        start = time.perf_counter()
        alert_matching.match_transcript(transcript)
        matching.append(time.perf_counter() - start)
        found = AlertMatch.objects.count()
        start = time.perf_counter()
        mails = alert_mail.send_found(daily=False)
        sending.append(time.perf_counter() - start)
    return {
        "match_median_s": round(statistics.median(matching), 4),
        "match_max_s": round(max(matching), 4),
        "matches": found,
        "mail_median_s": round(statistics.median(sending), 4),
        "mails": mails,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, default=10_000)
    parser.add_argument("--paragraphs", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20230928)
    parser.add_argument("--json", help="Also write the results to this file.")
    args = parser.parse_args(argv)

    url = prepare_database()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.synthetic import Text

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0)
    transcript = build(
        Text(random.Random(args.seed)), alerts=args.alerts, paragraphs=args.paragraphs
    )
    result = {
        "database": connection.vendor,
        "alerts": args.alerts,
        "paragraphs": args.paragraphs,
        **measure(transcript, args.runs),
    }
    print(json.dumps(result, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    if url.startswith("sqlite"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
