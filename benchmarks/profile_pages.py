"""Profile uncached pages in process: where a request's time goes.

    DATABASE_URL=postgres://…/newsroom_bench python -m benchmarks.profile_pages \
        [--requests 200] [--top 25] [story transcript person "api articles" …]

Drives the same paths as `make bench` (benchmarks.probe) through Django's test client
with the page cache off, once under cProfile, and prints for each endpoint the time per
request, the queries per request and the functions that took the most time of their
own (tottime) and in all (cumtime). Rendered fragments and list counts are kept in
this process's memory as production keeps them in Redis; `--nothing-kept` renders and
counts on every request, as for the first reader after a change.
"""

import argparse
import cProfile
import io
import os
import pstats
import random
import time

WARM_UP = 5


def profile(client, path: str, requests: int, top: int) -> str:
    """Return a report of `requests` GETs of `path`: time, queries and the top functions."""
    from django.db import connection

    for _ in range(WARM_UP):  # imports, template loading, first connection
        assert client.get(path, HTTP_ACCEPT="application/json").status_code == 200, path
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        client.get(path, HTTP_ACCEPT="application/json")
    started = time.perf_counter()
    for _ in range(requests):
        client.get(path, HTTP_ACCEPT="application/json")
    plain = (time.perf_counter() - started) / requests
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(path, HTTP_ACCEPT="application/json")
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    out.write(f"{path}: {plain * 1000:.2f} ms a request unprofiled, {len(queries)} queries\n")
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumtime").print_stats(top)
    return out.getvalue()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="endpoints to profile (default: all pages)")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--nothing-kept", action="store_true", help="render and count every time")
    args = parser.parse_args(argv)
    # Settings are read when Django starts: say first how this process serves.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ["NEWSROOM_PAGE_CACHE"] = "false"
    os.environ["NEWSROOM_SHARED_CACHE"] = "false" if args.nothing_kept else "true"
    os.environ.pop("REDIS_URL", None)  # one process: its memory is the shared cache
    from django.test import Client

    from benchmarks.probe import endpoints  # sets Django up

    paths = endpoints(random.Random(20230928))
    names = args.names or ["story", "transcript", "person", "api articles"]
    client = Client()
    for name in names:
        print(f"=== {name}")
        print(profile(client, paths[name][0], args.requests, args.top))


if __name__ == "__main__":
    main()
