"""The search figures beside the PostgreSQL run: SQLite at 100,000 passages, and relevance.

Called by benchmarks.http. The SQLite archive (the gold archive first, then a synthetic
one, as for PostgreSQL) is made once under benchmarks/results/ and reused.
"""

import json
import re
from urllib.parse import urlencode

from benchmarks.http import ROOT, Server, fetch_all, run_django, wrk

SQLITE_PATH = ROOT / "benchmarks/results/search.sqlite3"
KEYWORDS = ROOT / "tests/gold/search.json"  # keyword queries: every answer in the top 3
READERS = ROOT / "tests/gold/search_readers.json"  # questions, names, synonyms, numbers
RELEVANCE = re.compile(r"^top 1: (\d+)/(\d+); top 3: (\d+)/\d+$", re.MULTILINE)
# A part's line: "held-out: top 1 15, top 3 15, top 10 17 of 21".
PART = re.compile(
    r"^(tuned|held-out): top 1 (\d+), top 3 (\d+), top 10 (\d+) of (\d+)$", re.MULTILINE
)


def relevance_queries() -> list[str]:
    """Return every query of the relevance sets, keywords' then readers', once each."""
    cases = [case for path in (KEYWORDS, READERS) for case in json.loads(path.read_text())["cases"]]
    return list(dict.fromkeys(case["query"] for case in cases))


def relevance_paths() -> list[str]:
    """Return the search page's address of every relevance query."""
    return [f"/search/?{urlencode({'q': query})}" for query in relevance_queries()]


def ensure_sqlite(stories: int, transcripts: int, segments: int) -> str:
    """Return the SQLite archive's URL, generating it first if it is not there."""
    url = f"sqlite:///{SQLITE_PATH}"
    if not SQLITE_PATH.exists():
        SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
        partial = SQLITE_PATH.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        building = f"sqlite:///{partial}"
        print(f"{SQLITE_PATH.name}: generating the archive (once)", flush=True)
        run_django(building, "manage.py", "migrate", "--noinput", "-v", "0")
        run_django(building, "-m", "benchmarks.gold_archive")
        run_django(
            building,
            "manage.py",
            "generate_corpus",
            f"--stories={stories}",
            f"--transcripts={transcripts}",
            f"--segments-per-transcript={segments}",
            "--no-index",
            "-v",
            "0",
        )
        partial.rename(SQLITE_PATH)
    run_django(url, "manage.py", "migrate", "--noinput", "-v", "0")
    # As the worker's sweep does on a running site: the statistics search ranks by
    # (nothing to do once they are built).
    run_django(url, "manage.py", "build_linking_index", "-v", "0")
    return url


def measure_sqlite(paths: list[str], *, duration: int, segments: int) -> dict:
    """Drive the search `paths` against SQLite, uncached: latency, then throughput."""
    url = ensure_sqlite(segments // 10, segments // 1000, 1000)
    count = run_django(
        url,
        "manage.py",
        "shell",
        "-v",
        "0",
        "-c",
        "from newsroom.coverage.models import Segment; print(Segment.objects.count())",
        capture=True,
    )
    with Server(url, cache=False, shared=False):
        fetch_all(paths)
        latency = wrk(paths, connections=1, duration=duration)
        throughput = wrk(paths, connections=16, duration=duration)
    return {"segments": int(count.strip().splitlines()[-1]), **latency, "rps": throughput["rps"]}


def timed_queries(url: str) -> dict:
    """Time every query of the relevance sets and the archive's common words, in process."""
    out = run_django(url, "-m", "benchmarks.search_queries", capture=True)
    return json.loads(out.strip().splitlines()[-1])


def relevance(url: str, *extra: str) -> dict:
    """Run the relevance sets on the archive at `url` (its gold archive already loaded):
    the keyword queries (search.json) and the readers' queries (search_readers.json),
    whose tuned and held-out parts are reported apart."""
    keywords = run_django(
        url, "manage.py", "evaluate_search", "--cases", str(KEYWORDS), *extra, capture=True
    )
    first, total, top3 = (int(n) for n in RELEVANCE.search(keywords).groups())
    readers = run_django(
        url, "manage.py", "evaluate_search", "--cases", str(READERS), *extra, capture=True
    )
    parts = {
        part: dict(zip(("top1", "top3", "top10", "cases"), map(int, figures), strict=True))
        for part, *figures in PART.findall(readers)
    }
    return {
        "cases": total,
        "top1": first,
        "top3": top3,
        "parts": parts,
        "report": keywords + readers,
    }
