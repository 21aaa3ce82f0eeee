#!/usr/bin/env python3
"""Generates a large council's year of ledger lines for the monitoring benchmark.

Usage: gen_ledger.py LINES SEED OUTDIR

Writes into OUTDIR, deterministically for a seed:
  budget.csv    2,000 cost centres in 80 services and 8 directorates; one in ten profiled
                by month (p1 to p12)
  ledger.csv    LINES lines of P1 to P6 2022-23 in the generic profile:
                financial_year,period,cost_centre,account,reference,amount
                amounts from -£50.00 to £350.00 to the penny (one line in eight a credit),
                one in 97 written with a £ as some systems export it
  monitor.toml  the month-6 report: straight line by default, one cost centre in five by
                budget profile, RAG thresholds at each level, and the ledger's control
                total and line count, worked here in integer pennies

Integers only (pennies), no floats; the same seed always writes the same bytes.
"""
import os
import sys

HOLDERS = 2000
SERVICES = 80
DIRECTORATES = 8


class Lcg:
    """A 64-bit linear congruential generator (Knuth's MMIX constants): deterministic and
    the same in every Python."""

    def __init__(self, seed):
        self.state = (seed * 6364136223846793005 + 1442695040888963407) % 2**64

    def next(self, n):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) % 2**64
        return (self.state >> 33) % n


def pounds(pennies):
    sign = "-" if pennies < 0 else ""
    p = abs(pennies)
    return f"{sign}{p // 100}.{p % 100:02d}"


def grouped(pennies):
    """£1,234.56 as finance systems sometimes export it."""
    sign = "-" if pennies < 0 else ""
    p = abs(pennies)
    return f"{sign}£{p // 100:,}.{p % 100:02d}"


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    lines, seed, out = int(argv[1]), int(argv[2]), argv[3]
    os.makedirs(out, exist_ok=True)
    rng = Lcg(seed)
    codes = [f"CC{10000 + i}" for i in range(HOLDERS)]
    with open(os.path.join(out, "budget.csv"), "w", newline="") as f:
        f.write("cost_centre,name,service,directorate,budget," + ",".join(f"p{i}" for i in range(1, 13)) + "\n")
        for i, code in enumerate(codes):
            service = i % SERVICES
            directorate = service % DIRECTORATES
            # Whole thousands of pounds, about what the ledger spends in a year (£150 a line
            # on average, six months of lines).
            budget = (lines // HOLDERS * 300 // 1000 * 1000 + rng.next(50) * 1000) * 100
            profile = [""] * 12
            if i % 10 == 0:
                month = budget // 12
                profile = [pounds(month)] * 11 + [pounds(budget - 11 * month)]
            f.write(f"{code},Cost centre {i},Service {service:02d},Directorate {directorate},{pounds(budget)},{','.join(profile)}\n")
    total, count = 0, 0
    with open(os.path.join(out, "ledger.csv"), "w", newline="", buffering=1 << 20) as f:
        f.write("financial_year,period,cost_centre,account,reference,amount\n")
        buf = []
        for n in range(lines):
            code = codes[rng.next(HOLDERS)]
            period = 1 + n * 6 // lines
            amount = rng.next(40_001) - 5_000
            total += amount
            count += 1
            text = f"\"{grouped(amount)}\"" if n % 97 == 0 else pounds(amount)
            buf.append(f"2022-23,P{period:02d},{code},{5000 + rng.next(900)},J{n:08d},{text}\n")
            if len(buf) == 100_000:
                f.write("".join(buf))
                buf.clear()
        f.write("".join(buf))
    methods = ", ".join(f"{c} = \"budget-profile\"" for c in codes[::5])
    with open(os.path.join(out, "monitor.toml"), "w") as f:
        f.write(f"""title = "Benchmark: {lines:,} ledger lines"
year = "2022-23"
period = 6
budget = "budget.csv"

[ledger]
file = "ledger.csv"
control_total = "{pounds(total)}"
control_lines = {count}

[forecast]
default = "straight-line"
methods = {{ {methods} }}

[rag.cost_centre]
red = {{ percent = "5%", amount = "£100,000", whichever = "lower" }}
amber = {{ percent = "2%", amount = "£50,000", whichever = "lower" }}

[rag.service]
red = {{ percent = "5%", amount = "£250,000", whichever = "lower" }}

[rag.directorate]
red = {{ percent = "2%", amount = "£500,000", whichever = "lower" }}
amber = {{ percent = "1%", amount = "£250,000", whichever = "lower" }}

[rag.council]
red = {{ percent = "0.5%", amount = "£1,000,000", whichever = "lower" }}
""")


if __name__ == "__main__":
    main(sys.argv)
