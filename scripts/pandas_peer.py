#!/usr/bin/env python3
"""A vectorised pandas peer of `outturn portfolio`: the register workload of
../shared/bench/README.md, written as a pandas user would, to compare speed with.

Usage: pandas_peer.py REGISTER.csv OUT.csv

Every step is a whole-column operation (no Python loop over rows): contract years are
exploded with numpy.repeat, dates are year/month/day columns, the compounded uplift and
pro-rata are float64 (as pandas would), then rounded to whole pennies, and from there the
split across financial years and the totals are int64 pennies. Floats can put a penny on
the wrong side of a half, so the output is checked against the reference, not assumed; it
is a speed peer, not a second oracle.

Needs pandas (`python3 -m pip install pandas`).
"""
import sys

try:
    import numpy as np
    import pandas as pd
except ImportError:
    sys.exit("pandas_peer.py needs pandas: python3 -m pip install pandas")


def days_in_month(year, month):
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    base = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[month - 1]
    return base + ((month == 2) & leap)


def day_number(year, month, day):
    """Days since 1970-01-01 of year/month/day columns."""
    months = (year - 1970) * 12 + (month - 1)
    return months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64) + day - 1


def plus_months(year, month, day, n):
    """The same day n months later, clamped to the month's end, as day numbers."""
    m0 = month - 1 + n
    y, m = year + m0 // 12, m0 % 12 + 1
    return day_number(y, m, np.minimum(day, days_in_month(y, m)))


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    reg = pd.read_csv(
        argv[1],
        usecols=["directorate", "start", "term_years", "extension_months",
                 "annual_value", "uplift_pct"],
        dtype={"directorate": "category"},
    )
    start = reg["start"].str
    y0 = start.slice(0, 4).astype(np.int64).to_numpy()
    m0 = start.slice(5, 7).astype(np.int64).to_numpy()
    d0 = start.slice(8, 10).astype(np.int64).to_numpy()
    months = (reg["term_years"] * 12 + reg["extension_months"]).to_numpy()
    end = plus_months(y0, m0, d0, months)

    # One row per contract year.
    n_years = (months + 11) // 12
    row = np.repeat(np.arange(len(reg)), n_years)
    first = np.repeat(np.cumsum(n_years) - n_years, n_years)
    k = np.arange(len(row)) - first
    y, m, d = y0[row] + k, m0[row], d0[row]
    ann = day_number(y, m, np.minimum(d, days_in_month(y, m)))
    nxt = plus_months(y0[row], m0[row], d0[row], 12 * (k + 1))
    days = np.minimum(nxt, end[row]) - ann
    full = nxt - ann
    growth = 1 + reg["uplift_pct"].to_numpy()[row] / 100
    cost = reg["annual_value"].to_numpy()[row] * 100 * growth ** k * days / full
    pennies = np.floor(cost + 0.5).astype(np.int64)

    # Split by days across the UK financial year boundary (1 April): largest remainder.
    ann_month = m
    fy = np.where(ann_month >= 4, y, y - 1)
    boundary = day_number(fy + 1, np.full_like(fy, 4), np.ones_like(fy))
    first_days = np.minimum(boundary - ann, days)
    share, rem = np.divmod(pennies * first_days, days)
    first_piece = share + ((rem != 0) & (rem >= days - rem))
    second_piece = pennies - first_piece

    pieces = pd.DataFrame({
        "directorate": np.concatenate([reg["directorate"].to_numpy()[row]] * 2),
        "fy": np.concatenate([fy, fy + 1]),
        "pennies": np.concatenate([first_piece, second_piece]),
        "days": np.concatenate([first_days, days - first_days]),
    })
    pieces = pieces[pieces["days"] > 0]
    totals = pieces.groupby(["directorate", "fy"], observed=True)["pennies"].sum().reset_index()
    totals = totals.sort_values(["directorate", "fy"])
    out = pd.DataFrame({
        "directorate": totals["directorate"].astype(str),
        "financial_year": totals["fy"].astype(str) + "-"
        + ((totals["fy"] + 1) % 100).astype(str).str.zfill(2),
        "amount": (totals["pennies"] // 100).astype(str) + "."
        + (totals["pennies"] % 100).astype(str).str.zfill(2),
    })
    out.to_csv(argv[2], index=False, lineterminator="\n")


if __name__ == "__main__":
    main(sys.argv)
