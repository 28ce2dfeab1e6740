"""Load test: 10 concurrent users against wholeroute served by gunicorn on 127.0.0.1 (bounded in time).

    .venv/bin/python benchmarks/load.py [--seconds 60] [--users 10]

It prepares a seeded database of its own (SQLite in a temporary folder, or the PostgreSQL in DATABASE_URL),
starts gunicorn, runs locust headless, and prints p95 latencies and the ratios the reliability issue sets:
dashboard p95 against /healthz p95 (goal ≤ 5×), API p95 (goal < 1 s), errors (goal 0). Results are
written to the "Load" section of docs/benchmarks.md.
"""

import argparse
import csv
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.results import write_section  # noqa: E402

VENV = ROOT / ".venv" / "bin"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--workers", type=int, default=3)
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="wholeroute-load-"))
    env = {**os.environ, "WHOLEROUTE_VAR_DIR": str(work), "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1",
           "LOG_LEVEL": "WARNING"}
    subprocess.run([VENV / "python", "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([VENV / "wholeroute", "seed", "--demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([VENV / "python", "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    server = subprocess.Popen([VENV / "gunicorn", "wholeroute.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(options.workers),
                               "--access-logfile", "-", "--log-level", "warning"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL)
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)  # noqa: S310 (loopback only)
                break
            except OSError:
                time.sleep(0.5)
        prefix = work / "locust"
        subprocess.run([VENV / "locust", "-f", ROOT / "benchmarks" / "locustfile.py", "--headless",
                        "-u", str(options.users), "-r", str(options.users), "-t", f"{options.seconds}s",
                        "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary"],
                       cwd=ROOT, env=env, check=False)
        stats = {row["Name"]: row for row in csv.DictReader(open(f"{prefix}_stats.csv"))}
    finally:
        server.terminate()
        server.wait(timeout=20)

    def p95(name):
        return float(stats[name]["95%"])

    errors = int(stats["Aggregated"]["Failure Count"])
    requests = int(stats["Aggregated"]["Request Count"])
    ratio = p95("dashboard") / max(p95("/healthz"), 1.0)
    lines = [
        f"{options.users} users for {options.seconds} s, gunicorn with {options.workers} workers, "
        f"{'PostgreSQL' if os.environ.get('DATABASE_URL', '').startswith('postgres') else 'SQLite'}; "
        f"{requests} requests, {errors} errors.",
        "",
        "| request | count | p50 ms | p95 ms |",
        "|---|---:|---:|---:|",
    ]
    for name, row in stats.items():
        lines.append(f"| {name} | {row['Request Count']} | {row['50%']} | {row['95%']} |")
    lines += ["", f"- dashboard p95 / healthz p95 = **{ratio:.2f}×** (goal ≤ 5×)",
              f"- API p95 = **{p95('api'):.0f} ms** (goal < 1000 ms)", f"- errors = **{errors}** (goal 0)"]
    report = "\n".join(lines)
    print(report)
    write_section("Load", report, __file__)
    return 0 if errors == 0 else 1




if __name__ == "__main__":
    sys.exit(main())
