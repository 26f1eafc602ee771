"""Readers while the desk works: what a change costs the readers of everything else.

    python -m benchmarks.churn [--stories 300] [--duration 10] [--database-url URL]

Serves the project with gunicorn (2 sync workers) against PostgreSQL (the archive of
`make bench`, or --database-url), fragments and counts kept in Redis and no page cache,
and drives wrk over --stories published story pages in turn (the long tail a newsroom
serves): with a quiet desk, while a desk process saves a draft every second, and while
it saves a published story every second. Then the same with Varnish in front
(deploy/varnish/newsroom.vcl, its xkey module), newsroom naming each page's keys and
purging them on every change; and it checks through Varnish that an edit is seen at
once while an unrelated story stays cached. Prints a table and writes JSON.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from benchmarks.http import BASE_URL, PORT, PYTHON, REDIS_URL, ROOT, Server, settle, wrk
from benchmarks.varnish import in_front_of, varnishd

# The desk: one story saved every second, through the ORM as the admin's save does.
DESK = """
import time
from newsroom.coverage.models import Article
story = Article.objects.get(pk={pk})
end = time.time() + {seconds}
while time.time() < end:
    story.standfirst = (story.standfirst or "").rstrip(" .") + "."
    story.save()
    print("saved", flush=True)
    time.sleep(1)
"""


def paths_and_desk(url: str, stories: int) -> tuple[list[str], int, int]:
    """Return the story pages to read, a draft to save, and a published story to save
    (neither read); a draft copy of a story is made once when the archive has none."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        rows = db.execute(
            "SELECT id, slug FROM coverage_article WHERE status = 'published' ORDER BY id"
        ).fetchall()
        draft = db.execute(
            "SELECT id FROM coverage_article WHERE status = 'draft' ORDER BY id LIMIT 1"
        ).fetchone()
    if draft is None:
        out = django(
            url,
            "shell",
            "-c",
            "from newsroom.coverage.models import Article\n"
            "a = Article.objects.filter(status='published').order_by('-pk').first()\n"
            "a.pk = None; a.slug = 'desk-draft-for-churn'; a.status = 'draft'\n"
            "a.published_at = None; a._state.adding = True; a.save(); print(a.pk)",
        )
        draft = (int(out.split()[-1]),)
    read = [f"/stories/{slug}/" for _, slug in rows[:stories]]
    return read, draft[0], rows[-1][0]


def django(url: str, *args: str, env=None) -> str:
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        **(env or {}),
    }
    done = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        check=True,
        text=True,
        capture_output=True,
    )
    return done.stdout


@contextmanager
def desk(url: str, pk: int, seconds: int, env: dict):
    """Save story `pk` every second for `seconds`, in a process of its own."""
    process = subprocess.Popen(
        [PYTHON, "manage.py", "shell", "-c", DESK.format(pk=pk, seconds=seconds)],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
            "REDIS_URL": REDIS_URL,
            **env,
        },
        stdout=subprocess.PIPE,
        text=True,
    )
    process.stdout.readline()  # started (Django set up, which takes a core for a while) and saving
    try:
        yield
    finally:
        process.wait(timeout=seconds + 60)


def headers_of(url: str) -> tuple[dict, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return dict(response.headers), response.read().decode()


def check_through_varnish(front: str, url: str, edited: str, other: str, env: dict) -> dict:
    """Edit one story; return what Varnish answers for it and for an untouched one."""
    for path in (edited, other):
        headers_of(front + path)
    marker = f"Edited at {time.time():.0f}"
    edit = (
        "from newsroom.coverage.models import Article\n"
        f"a = Article.objects.get(slug={edited.split('/')[2]!r})\n"
        "print(repr(a.standfirst))\n"
        "a.standfirst = {}; a.save()"
    )
    said = django(
        url, "shell", "-c", edit.format(repr(marker)), env={"REDIS_URL": REDIS_URL, **env}
    )
    was = said.strip().splitlines()[-1]  # the shell says first what it imported
    edited_headers, body = headers_of(front + edited)
    other_headers, _ = headers_of(front + other)
    # The archive is put back as it was (the saved version counter moves on).
    django(url, "shell", "-c", edit.format(was), env={"REDIS_URL": REDIS_URL, **env})
    return {
        "edited story": edited_headers.get("X-Cache"),
        "edited text seen": marker in body,
        "untouched story": other_headers.get("X-Cache"),
    }


def main(argv=None) -> int:
    import redis

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=BASE_URL)
    parser.add_argument("--stories", type=int, default=300)
    parser.add_argument("--duration", type=int, default=10, help="Seconds per wrk run.")
    parser.add_argument("--json", default=str(ROOT / "benchmarks/results/churn.json"))
    args = parser.parse_args(argv)
    if not shutil.which("wrk") or varnishd() is None:
        sys.exit("wrk or varnishd is missing: apt-get install -y wrk varnish varnish-modules")
    url = args.database_url
    paths, draft, public = paths_and_desk(url, args.stories)
    seconds = args.duration + 3
    result = {"stories read": len(paths), "duration_s": args.duration, "workers": 2}
    front_env = {
        "NEWSROOM_SURROGATE_KEYS": "xkey",
        "NEWSROOM_PURGE": "varnish",
        "NEWSROOM_TASK_QUEUE": "immediate",  # the desk process purges as it saves
    }
    redis.Redis.from_url(REDIS_URL).flushdb()
    server = Server(url, cache=False, shared=True)
    with server:
        wrk(paths, connections=16, duration=args.duration)  # warm every story
        settle()
        rows = {"quiet desk": wrk(paths, connections=16, duration=args.duration)}
        settle()
        with desk(url, draft, seconds, {}):
            rows["a draft saved every second"] = wrk(paths, connections=16, duration=args.duration)
        settle()
        with desk(url, public, seconds, {}):
            rows["a published story saved every second"] = wrk(
                paths, connections=16, duration=args.duration
            )
        result["fragments kept"] = rows
    redis.Redis.from_url(REDIS_URL).flushdb()
    server = Server(url, cache=False, shared=True)
    server.env.update({"NEWSROOM_SURROGATE_KEYS": "xkey"})
    with server, in_front_of(PORT, storage="malloc,256m") as front:
        env = {**front_env, "NEWSROOM_PURGE_URLS": front + "/"}
        wrk(paths, connections=16, duration=args.duration, base=front)
        rows = {"quiet desk": wrk(paths, connections=16, duration=args.duration, base=front)}
        with desk(url, draft, seconds, env):
            rows["a draft saved every second"] = wrk(
                paths, connections=16, duration=args.duration, base=front
            )
        with desk(url, public, seconds, env):
            rows["a published story saved every second"] = wrk(
                paths, connections=16, duration=args.duration, base=front
            )
        result["varnish in front"] = rows
        result["through varnish"] = check_through_varnish(front, url, paths[0], paths[1], env)
    lines = ["| readers of N stories | fragments kept | × quiet | Varnish in front | × quiet |"]
    lines.append("| --- | ---: | ---: | ---: | ---: |")
    for name in result["fragments kept"]:
        kept, front = result["fragments kept"][name], result["varnish in front"][name]
        lines.append(
            f"| {name} | {kept['rps']:,.0f} | "
            f"{kept['rps'] / result['fragments kept']['quiet desk']['rps']:.2f} | "
            f"{front['rps']:,.0f} | "
            f"{front['rps'] / result['varnish in front']['quiet desk']['rps']:.2f} |"
        )
    result["table"] = "\n".join(lines)
    print(result["table"])
    print("through Varnish:", result["through varnish"])
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.json}")
    through = result["through varnish"]
    ok = through == {"edited story": "MISS", "edited text seen": True, "untouched story": "HIT"}
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
