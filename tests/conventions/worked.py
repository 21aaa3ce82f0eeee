#!/usr/bin/env python3
"""Every figure tests/it/conventions.rs asserts, worked independently with Python's decimal.

Run `python3 tests/conventions/worked.py`: it prints the working and ends with OK. The
printed figures from papers are also reproduced in docs/research/0N-*.py with their sources.
"""
from decimal import Decimal as D, ROUND_CEILING, ROUND_HALF_UP, getcontext

getcontext().prec = 60


def step_up(x, step):
    return (x / step).quantize(D(1), rounding=ROUND_CEILING) * step


def pennies(x):
    return int((x * 100).quantize(D(1), rounding=ROUND_HALF_UP))


# 1. Rate rounding (Wolverhampton 2025-26): rates paid and annual cost at 52,000 hours.
HOURS = D(100) * 10 * 52
for stated, uplift, printed in [("20.28", "6.60", "21.64"), ("21.68", "6.60", "23.12"),
                                ("19.36", "6.60", "20.64"), ("14.08", "9.91", "15.48"),
                                ("17.24", "9.33", "18.88")]:
    exact = D(stated) * (1 + D(uplift) / 100)
    paid = step_up(exact, D("0.04"))
    print(f"{stated} x (1 + {uplift}%) = {exact} -> {paid}")
    assert paid == D(printed)
assert pennies(HOURS * D("20.28")) == 105_456_000
assert pennies(HOURS * D("21.64")) == 112_528_000
assert pennies(HOURS * D("18.88")) == 98_176_000
assert pennies(HOURS * D("20.28") * D("1.066")) == 112_416_096  # unrounded rate, for contrast
print("OK")
