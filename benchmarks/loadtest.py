"""Load and fault test: mixed traffic at 64 connections, then the same with faults.

    python -m benchmarks.loadtest [--duration 60] [--connections 64] [--no-faults]

Serves the project with gunicorn (4 sync workers) on PostgreSQL and Redis, as in
production, over a scratch database holding the seed and a synthetic archive. First
run: `duration` seconds of traffic over the main pages and the API, which must give no
error and no answer other than 2xx. Second run: the same traffic while PostgreSQL is
restarted (at 1/6 of the run) and Redis is stopped (at 1/2) and started again (at 3/4).
The site must serve every page while Redis is down and answer no error once
PostgreSQL is back. Prints the figures of each phase; exits non-zero on a failure.

It restarts the machine's PostgreSQL and Redis: run it where nothing else needs them.
"""

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from benchmarks.http import PORT, ROOT, Server, fetch_all, run_django

DATABASE_URL = os.environ.get(
    "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_load"
)
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/14")
# How the machine starts Redis (see DEVELOPERS.md): no persistence, loopback only.
REDIS_START = [
    "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
    "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
    "--logfile", "/var/log/redis/ci.log",
]  # fmt: skip


def prepare() -> None:
    import psycopg

    base, name = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    run_django(DATABASE_URL, "manage.py", "migrate", "--noinput", "-v", "0")
    run_django(DATABASE_URL, "manage.py", "load_seed")
    run_django(
        DATABASE_URL,
        "manage.py",
        "generate_corpus",
        "--stories=2000",
        "--transcripts=20",
        "--segments-per-transcript=200",
        "-v",
        "0",
    )
    run_django(DATABASE_URL, "manage.py", "collectstatic", "--noinput", "-v", "0")


def traffic() -> list[str]:
    """Return the mix of paths readers and API clients ask for."""
    import psycopg

    with psycopg.connect(DATABASE_URL) as db:

        def slugs(table, n, where="status = 'published' AND published_at <= now()"):
            rows = db.execute(f"SELECT slug FROM {table} WHERE {where} ORDER BY id LIMIT {n}")
            return [slug for (slug,) in rows]

        stories = slugs("coverage_article", 40)
        transcripts = slugs("coverage_transcript", 6)
        people = slugs("coverage_person", 6, "true")
        events = slugs("coverage_event", 4, "true")
    paths = ["/", "/stories/", "/stories/?page=3", "/transcripts/", "/people/", "/events/"]
    paths += [f"/stories/{s}/" for s in stories]
    paths += [f"/transcripts/{s}/" for s in transcripts]
    paths += [f"/people/{s}/" for s in people] + [f"/events/{s}/" for s in events]
    paths += ["/search/?q=regions", "/search/?q=elections+governor", "/feeds/stories/rss/"]
    paths += ["/sitemap.xml", "/api/v1/articles/", "/api/v1/citations/", "/api/v1/people/"]
    paths += [f"/api/v1/articles/{s}/" for s in stories[:10]]
    paths += [f"/api/v1/segments/?transcript={s}" for s in transcripts[:3]]
    return paths


def wrk(paths, *, connections: int, duration: int) -> tuple[dict, Counter]:
    done = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout=15s",
            "-s",
            str(ROOT / "benchmarks/report.lua"),
            f"http://127.0.0.1:{PORT}/",
        ],
        env={**os.environ, "WRK_PATHS": "|".join(paths), "WRK_BUCKETS": "1"},
        check=True,
        text=True,
        capture_output=True,
    )
    summary, buckets = {}, Counter()
    for line in done.stdout.splitlines():
        if line.startswith("WRK_JSON "):
            summary = json.loads(line.removeprefix("WRK_JSON "))
        elif line.startswith("WRK_STATUS "):
            key, n = line.split()[1:]
            second, status = key.split(":")
            buckets[(int(second), int(status))] += int(n)
    return summary, buckets


def tally(buckets: Counter, start: float, end: float) -> dict:
    """Count answers by status between two wall-clock times (whole seconds)."""
    chosen = Counter()
    for (second, status), n in buckets.items():
        if start <= second < end:
            chosen[status] += n
    total = sum(chosen.values())
    return {
        "answers": total,
        "non_2xx": sum(n for status, n in chosen.items() if not 200 <= status < 300),
        "statuses": dict(sorted(chosen.items())),
    }


def pg_cluster() -> str:
    return sorted(os.listdir("/etc/postgresql"))[-1]


def wait_for(command: list[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while subprocess.run(command, capture_output=True).returncode != 0:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{' '.join(command)} did not succeed in {timeout} s")
        time.sleep(0.2)


def faults(duration: int, events: dict) -> None:
    """Restart PostgreSQL, stop Redis and start it again, noting when each happened."""
    time.sleep(duration / 6)
    events["pg_restart"] = time.time()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", pg_cluster(), "main", "restart"],
        check=True,
    )
    wait_for(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"])
    events["pg_ready"] = time.time()
    time.sleep(max(0.0, duration / 2 - (time.time() - events["start"])))
    events["redis_stop"] = time.time()
    subprocess.run(["redis-cli", "-p", "6379", "shutdown", "nosave"], capture_output=True)
    time.sleep(max(0.0, duration * 3 / 4 - (time.time() - events["start"])))
    subprocess.run(REDIS_START, check=True)
    wait_for(["redis-cli", "-p", "6379", "ping"])
    events["redis_back"] = time.time()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--no-faults", action="store_false", dest="faults")
    parser.add_argument("--json", default=str(ROOT / "benchmarks/results/loadtest.json"))
    args = parser.parse_args(argv)

    prepare()
    paths = traffic()
    result = {"paths": len(paths), "connections": args.connections, "duration_s": args.duration}
    failures = []
    with Server(DATABASE_URL, cache=True, redis_url=REDIS_URL, workers=4):
        fetch_all(paths)
        summary, buckets = wrk(paths, connections=args.connections, duration=args.duration)
        clean = tally(buckets, 0, float("inf"))
        result["clean"] = {**summary, **clean}
        print(f"clean run: {summary['requests']:,} requests, {clean['statuses']}", flush=True)
        if summary["socket_errors"] or clean["non_2xx"]:
            failures.append("the clean run had errors or non-2xx answers")
        if args.faults:
            events = {"start": time.time()}
            chaos = threading.Thread(target=faults, args=(args.duration, events))
            chaos.start()
            summary, buckets = wrk(paths, connections=args.connections, duration=args.duration)
            chaos.join()
            # A second of grace either side: buckets are whole wall-clock seconds.
            at = {name: int(when) for name, when in events.items()}
            phases = {
                "before the faults": (0, at["pg_restart"]),
                "PostgreSQL restarting": (at["pg_restart"], at["pg_ready"] + 1),
                "after PostgreSQL is back": (at["pg_ready"] + 1, at["redis_stop"]),
                "Redis stopped": (at["redis_stop"], at["redis_back"] + 1),
                "after Redis is back": (at["redis_back"] + 1, float("inf")),
            }
            result["faults"] = {
                "summary": summary,
                "pg_down_s": round(events["pg_ready"] - events["pg_restart"], 1),
                "redis_down_s": round(events["redis_back"] - events["redis_stop"], 1),
                "phases": {name: tally(buckets, *span) for name, span in phases.items()},
            }
            for name, figures in result["faults"]["phases"].items():
                print(f"  {name}: {figures['answers']:,} answers, {figures['statuses']}")
                if name != "PostgreSQL restarting" and figures["non_2xx"]:
                    failures.append(f"{figures['non_2xx']} non-2xx answers {name}")
            if summary["socket_errors"]:
                failures.append(f"{summary['socket_errors']} socket errors in the fault run")
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    print("\n".join(["FAILED:", *failures]) if failures else "load test passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
