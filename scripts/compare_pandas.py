#!/usr/bin/env python3
"""Runs `outturn portfolio` and the vectorised pandas peer (pandas_peer.py) on the same
register, whole process each, and prints the median times and the ratio.

Usage: compare_pandas.py REGISTER.csv [--runs 3] [--outturn target/release/outturn]
                         [--reference]

Make a register with ../shared/bench/gen_register.py N 1 REGISTER.csv, and build Outturn with
`cargo build --release` first. Each tool runs --runs times in turn; the table gives the
median wall-clock time, the median CPU time (user + system, all threads), and the largest
peak resident memory. With --reference, Outturn's output is also compared byte for byte with
../shared/bench/ref_decimal.py's (slow: minutes for a million rows). The pandas peer's
output is compared with Outturn's and any rows that differ are counted: it works in floats.

Needs pandas: python3 -m pip install pandas
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEER = ROOT / "scripts" / "pandas_peer.py"
REFERENCE = ROOT.parent / "shared" / "bench" / "ref_decimal.py"


# GNU time, where there is one, reports the child's own peak memory: a child of this
# script starts as a copy of it, and Linux counts that copy in the child's peak.
GNU_TIME = Path("/usr/bin/time")


def run(command):
    """Wall seconds, CPU seconds and peak resident MB of one whole process."""
    wrapped = [GNU_TIME, "-f", "%M"] + command if GNU_TIME.exists() else command
    started = time.perf_counter()
    process = subprocess.Popen(wrapped, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    err = process.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(map(str, command))}\n{err}")
    peak_kib = int(err.split()[-1]) if GNU_TIME.exists() else usage.ru_maxrss
    return wall, usage.ru_utime + usage.ru_stime, peak_kib / 1024


def measure(command, runs):
    results = [run(command) for _ in range(runs)]
    return (statistics.median(r[0] for r in results),
            statistics.median(r[1] for r in results),
            max(r[2] for r in results))


def differing_rows(a, b):
    rows_a, rows_b = a.read_text().splitlines(), b.read_text().splitlines()
    return sum(x != y for x, y in zip(rows_a, rows_b)) + abs(len(rows_a) - len(rows_b))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("register", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--outturn", type=Path, default=ROOT / "target" / "release" / "outturn")
    parser.add_argument("--reference", action="store_true",
                        help="also compare Outturn's output with ref_decimal.py's")
    args = parser.parse_args()
    # Asked in another process: pandas imported here would count in the children's memory.
    if subprocess.run([sys.executable, "-c", "import pandas"],
                      stderr=subprocess.DEVNULL).returncode != 0:
        sys.exit("pandas is not installed: python3 -m pip install pandas")
    if not args.outturn.exists():
        sys.exit(f"{args.outturn} is not there: build it with cargo build --release")
    rows = sum(1 for _ in args.register.open("rb")) - 1
    with tempfile.TemporaryDirectory() as tmp:
        ours, theirs = Path(tmp, "outturn.csv"), Path(tmp, "pandas.csv")
        outturn = [args.outturn, "portfolio", args.register, "--group", "directorate",
                   "--format", "csv", "-o", ours]
        peer = [sys.executable, PEER, args.register, theirs]
        timed = {"outturn": measure(outturn, args.runs), "pandas": measure(peer, args.runs)}
        print(f"{rows:,} contracts, median of {args.runs} runs, whole process")
        print("| tool | wall | CPU | peak memory |")
        print("| --- | --- | --- | --- |")
        for tool, (wall, cpu, peak) in timed.items():
            print(f"| {tool} | {wall:.3f} s | {cpu:.3f} s | {peak:.0f} MB |")
        ratio = timed["pandas"][0] / timed["outturn"][0]
        cpu_ratio = timed["pandas"][1] / timed["outturn"][1]
        print(f"pandas / outturn: {ratio:.1f}x wall, {cpu_ratio:.1f}x CPU")
        print(f"pandas rows differing from Outturn's: {differing_rows(ours, theirs)}")
        if args.reference:
            expected = Path(tmp, "reference.csv")
            subprocess.run([sys.executable, REFERENCE, args.register, expected], check=True)
            same = ours.read_bytes() == expected.read_bytes()
            print("Outturn's output is " + ("byte-identical to" if same else "DIFFERENT from")
                  + " ref_decimal.py's")
            if not same:
                sys.exit(1)


if __name__ == "__main__":
    main()
