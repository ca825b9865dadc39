"""Measure the contact service: sustained submissions per second with zero loss, and the
latency from the sender's « merci » to the mail server. Loopback only, bounded loops.

    .venv/bin/python benchmarks/contact_bench.py [--clients 1 8] [--seconds 8] [--max 20000]

The real parts: `cpts contact serve` in its own process (uvicorn, SQLite with fsync), an
aiosmtpd server in this process, and HTTP clients on keep-alive connections in threads.
Each phase sends for --seconds (at most --max submissions), then waits until every accepted
message has reached the mail server and checks that none is missing or duplicated.
The Markdown report is printed and written to benchmarks/out/contact.md.
"""

from __future__ import annotations

import argparse
import http.client
import platform
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
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

OUT = ROOT / "benchmarks" / "out"
SITE = "https://cpts-bench.example/"
ORIGIN = "https://cpts-bench.example"
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def name_of(index: int) -> str:
    """A surname made of letters only (the form refuses digits in names)."""
    word = ""
    for _ in range(5):
        index, rest = divmod(index, 26)
        word = LETTERS[rest] + word
    return "Banc " + word.capitalize()


@dataclass
class Phase:
    clients: int
    accepted: dict[str, float] = field(default_factory=dict)  # name -> monotonic answer time
    response_ms: list[float] = field(default_factory=list)
    refused: int = 0
    elapsed: float = 0.0


def load(service: ServiceProcess, clients: int, seconds: float, limit: int, start: int,
         pause: float = 0.0) -> Phase:
    phase = Phase(clients)
    lock = threading.Lock()
    counter = iter(range(start, start + limit))
    deadline = time.monotonic() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", service.port, timeout=30)
        try:
            while time.monotonic() < deadline:
                with lock:
                    index = next(counter, None)
                if index is None:
                    return
                name = name_of(index)
                sent = time.monotonic()
                answer = submit(service.url, doctor_request(nom=name), origin=ORIGIN,
                                connection=conn)
                now = time.monotonic()
                with lock:
                    if answer.status == 200:
                        phase.accepted[name] = now
                        phase.response_ms.append((now - sent) * 1000)
                    else:
                        phase.refused += 1
                if pause:
                    time.sleep(pause)
        finally:
            conn.close()

    began = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    phase.elapsed = time.monotonic() - began
    return phase


def check_delivery(sink: MailSink, phase: Phase, before: int, timeout: float) -> dict[str, float]:
    """Wait for every accepted message; return name -> arrival time. Fails on loss or duplicate."""
    sink.wait_for(before + len(phase.accepted), timeout)
    time.sleep(0.5)  # a duplicate would arrive now
    arrived: dict[str, float] = {}
    duplicates = 0
    for received in sink.received[before:]:
        name = str(received.message["Subject"]).rsplit("— Amélie ", 1)[1]
        duplicates += name in arrived
        arrived[name] = received.at
    missing = set(phase.accepted) - set(arrived)
    if missing or duplicates or len(arrived) != len(phase.accepted):
        raise SystemExit(f"LOSS OR DUPLICATE: {len(missing)} missing, {duplicates} duplicated")
    return arrived


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--max", type=int, default=20_000, help="submissions per phase at most")
    args = parser.parse_args(argv)

    rows = []
    with tempfile.TemporaryDirectory(prefix="cpts-contact-bench-") as tmp, MailSink() as sink:
        env = service_env(Path(tmp) / "messages.sqlite3", sink.port, SITE,
                          rate_limit=10_000_000, max_pending=10_000_000)
        service = ServiceProcess(env).start()
        try:
            start = 0
            # Light load first: one message every 100 ms, the latency a person's message sees.
            light = load(service, 1, 3.0, 30, start, pause=0.1)
            arrived = check_delivery(sink, light, 0, 30)
            start += 30
            mail_ms = [(arrived[n] - t) * 1000 for n, t in light.accepted.items()]
            rows.append(("1 (1 toutes les 100 ms)", light, mail_ms, 0.0))
            for clients in args.clients:
                before = len(sink.received)
                phase = load(service, clients, args.seconds, args.max, start)
                start += args.max
                load_end = time.monotonic()
                arrived = check_delivery(sink, phase, before, 120)
                drained = max(arrived.values()) - load_end
                mail_ms = [(arrived[n] - t) * 1000 for n, t in phase.accepted.items()]
                rows.append((str(clients), phase, mail_ms, max(0.0, drained)))
        finally:
            service.stop()

    lines = [
        "# Contact service benchmark",
        "",
        f"{platform.machine()}, {platform.python_version()}, loopback; service = `cpts contact "
        "serve` (1 process, SQLite WAL + fsync per message), SMTP = aiosmtpd.",
        "",
        "| clients | accepted | refused | accepted/s | delivered/s | answer p50 / p95 (ms) | "
        "to mail server p50 / p95 / max (ms) | queue drained after load (s) | loss / dup |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for label, phase, mail_ms, drained in rows:
        rate = len(phase.accepted) / phase.elapsed
        delivered = len(phase.accepted) / (phase.elapsed + drained)
        lines.append(
            f"| {label} | {len(phase.accepted)} | {phase.refused} | {rate:.0f} | {delivered:.0f} | "
            f"{statistics.median(phase.response_ms):.1f} / {percentile(phase.response_ms, .95):.1f}"
            f" | {statistics.median(mail_ms):.0f} / {percentile(mail_ms, .95):.0f} / "
            f"{max(mail_ms):.0f} | {drained:.1f} | 0 / 0 |")
    report = "\n".join(lines) + "\n"
    print(report)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "contact.md").write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
