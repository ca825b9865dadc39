"""Measure what `kill -9` during a burst of sending does: messages lost, sent twice, and
whether every second copy says « peut-être en double ». Loopback only, bounded loops.

    .venv/bin/python benchmarks/contact_kill_bench.py [--messages 1000] [--kills 20] [--seed 0]

The real parts: `cpts contact serve` in its own process, an aiosmtpd server in this one.
The queue is filled while the mail server is down, then the server comes up and the service
sends the whole queue in a burst; it is killed with SIGKILL at random moments of that burst
(--kills times) and restarted each time, until everything is delivered. The window measured
is, for each message delivered once, the time from the mail server having its data to the
service's « sent » mark on disk: a kill inside it means a second copy.
The Markdown report is printed and written to benchmarks/out/contact_kill.md.
"""

from __future__ import annotations

import argparse
import collections
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.contact_harness import (  # noqa: E402
    MailSink,
    ServiceProcess,
    doctor_request,
    service_env,
    submit,
)

from benchmarks.contact_bench import ORIGIN, SITE, name_of, percentile  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
DOUBT = "peut-être en double"


def commit_times(path: Path, count: int = 200) -> list[float]:
    """Milliseconds of one « sent » mark as the store writes it (WAL, synchronous=FULL)."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, sent_at REAL)")
    db.executemany("INSERT INTO t (id) VALUES (?)", [(i,) for i in range(count)])
    times = []
    for i in range(count):
        began = time.perf_counter()
        db.execute("UPDATE t SET sent_at = ? WHERE id = ?", (time.time(), i))
        times.append((time.perf_counter() - began) * 1000)
    db.close()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dir", type=Path, default=None,
                        help="where the queue lives (default: the system's temporary folder)")
    args = parser.parse_args(argv)
    chance = random.Random(args.seed)

    with tempfile.TemporaryDirectory(prefix="cpts-contact-kill-", dir=args.dir) as tmp:
        database = Path(tmp) / "messages.sqlite3"
        sink = MailSink()  # not started: the queue fills up
        env = service_env(database, sink.port, SITE, rate_limit=10_000_000,
                          max_pending=10_000_000, retry_min=0.05, retry_max=0.2)
        service = ServiceProcess(env).start()
        accepted = 0
        try:
            for index in range(args.messages):
                answer = submit(service.url, doctor_request(nom=name_of(index)), origin=ORIGIN)
                accepted += answer.status == 200
            sink.start()
            kills_in_burst = 0
            for _ in range(args.kills):
                time.sleep(chance.uniform(0.02, 0.3))
                with sqlite3.connect(database) as db:
                    pending = db.execute(
                        "SELECT COUNT(*) FROM messages WHERE sent_at IS NULL").fetchone()[0]
                if not pending:
                    break
                service.kill()
                kills_in_burst += 1
                service = ServiceProcess(env).start()
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                with sqlite3.connect(database) as db:
                    if not db.execute("SELECT COUNT(*) FROM messages "
                                      "WHERE sent_at IS NULL").fetchone()[0]:
                        break
                time.sleep(0.2)
            time.sleep(1.0)  # a late copy would arrive now
        finally:
            service.stop()
            sink.stop()
        with sqlite3.connect(database) as db:
            sent_at = dict(db.execute("SELECT message_id, sent_at FROM messages"))
        commit_ms = commit_times(Path(tmp) / "commit.sqlite3")

    clock = time.time() - time.monotonic()  # the sink's arrival times, as wall-clock times
    copies: dict[str, list[tuple[float, bool]]] = collections.defaultdict(list)
    for received in sink.received:
        message = received.message
        copies[str(message["Message-ID"])].append((received.at + clock,
                                                   DOUBT in str(message["Subject"])))
    twice = [mid for mid, seen in copies.items() if len(seen) > 1]
    flagged_later = sum(all(flag for _, flag in copies[mid][1:]) for mid in twice)
    flagged_first = sum(copies[mid][0][1] for mid in twice)
    false_alarms = sum(len(seen) == 1 and seen[0][1] for seen in copies.values())
    lost = len(set(sent_at) - set(copies))
    window_ms = [(sent_at[mid] - seen[0][0]) * 1000 for mid, seen in copies.items()
                 if len(seen) == 1 and sent_at.get(mid)]
    lines = [
        "# Contact service: kill -9 while sending",
        "",
        f"{platform.machine()}, Python {platform.python_version()}, loopback, seed {args.seed}; "
        f"{accepted} messages queued, then sent in a burst and killed (SIGKILL) "
        f"{kills_in_burst} times.",
        "",
        "| messages | kills | lost | sent twice | second copy marked | first copy marked "
        "| marked, sent once | 250 to mark p50 / p99 / max (ms) | + commit p50 / p99 (ms) |",
        "|---|---|---|---|---|---|---|---|---|",
        f"| {accepted} | {kills_in_burst} | {lost} | {len(twice)} | {flagged_later} / "
        f"{len(twice)} | {flagged_first} | {false_alarms} | "
        f"{statistics.median(window_ms):.2f} / {percentile(window_ms, .99):.1f} / "
        f"{max(window_ms):.1f} | {statistics.median(commit_ms):.2f} / "
        f"{percentile(commit_ms, .99):.1f} |",
        "",
        f"Queue on {database.parent.parent}. The duplicate window runs from the mail server "
        "having the message to the end of the « sent » commit: « 250 to mark » (the server's "
        "handler to the service recording the answer) plus one commit. A remote server that "
        "filters before answering adds its own answer time.",
        "",
        "« marked, sent once »: a copy marked « peut-être en double » although the server had "
        "not kept the first attempt (the kill fell after the handover mark, before the data "
        "reached the server): harmless, the CPTS finds no earlier copy.",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "contact_kill.md").write_text(report, encoding="utf-8")
    return 1 if lost or flagged_later != len(twice) else 0


if __name__ == "__main__":
    sys.exit(main())
