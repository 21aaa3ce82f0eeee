#!/usr/bin/env python3
"""Convention 4: a contract total over its term, and spreading it across financial years.

Printed figures reproduced:
  A. LB Southwark, Gateway 1 (16/05/2016): Contract A £1.85m/yr + Contract B £1.53m/yr, 4 years + 2-year
     extension, "making a total estimated value of £20.3m".
     https://moderngov.southwark.gov.uk/mgDecisionDetails.aspx?IId=50009681&Opt=1
  B. LB Southwark, Gateway 2 garages (29/07/2016): £1,000,000 per annum x 4 years = £4,000,000;
     + £100,000 contingency = "£4,100,00" (sic; printed with a missing zero).
     https://moderngov.southwark.gov.uk/mgDecisionDetails.aspx?IId=50008255&Opt=1
  C. Barnsley MBC Area Council: £85,000 a year, 2 years + 1 year extension = £255,000 over three years.
     https://barnsleymbc.moderngov.co.uk/mgAi.aspx?ID=12127
Worked (not printed): spreading source A's total across FYs from a July 2017 start, by months and by days.
"""
from decimal import Decimal as D, ROUND_HALF_UP
from datetime import date, timedelta
p = lambda x: x.quantize(D("0.01"), rounding=ROUND_HALF_UP)

total_a = (D("1.85") + D("1.53")) * (4 + 2)
print("Southwark A: (1.85 + 1.53) x 6 =", total_a, "£m -> printed £20.3m")
assert total_a == D("20.28") and total_a.quantize(D("0.1"), rounding=ROUND_HALF_UP) == D("20.3")
total_b = D(1_000_000) * 4
assert total_b == D(4_000_000) and total_b + 100_000 == D(4_100_000)
assert D(85_000) * 3 == D(255_000)
print("Southwark B:", total_b, "+ 100,000 =", total_b + 100_000, "(printed '£4,100,00' - typo)")

# --- spreading a 6-year annual-value contract starting 1 July 2017 across FYs ---
annual = (D("1.85") + D("1.53")) * 1_000_000        # £3.38m a year
start = date(2017, 7, 1); end = date(2023, 6, 30)   # 72 months
def fy_of(d):  # FY label by start year: 1 Apr Y .. 31 Mar Y+1
    return d.year if d.month >= 4 else d.year - 1
# (a) by months: each month = annual/12
by_month = {}
d = start
while d <= end:
    by_month[fy_of(d)] = by_month.get(fy_of(d), D(0)) + annual / 12
    d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
# (b) by days, total spread evenly over the days of the term
total = annual * 6
ndays = (end - start).days + 1
by_day = {}
d = start
while d <= end:
    by_day[fy_of(d)] = by_day.get(fy_of(d), D(0)) + total / ndays
    d += timedelta(days=1)
print("term days:", ndays)
for fy in sorted(by_month):
    print(f"FY {fy}/{str(fy+1)[2:]}: by months {p(by_month[fy]):>14}   by days {p(by_day[fy]):>14}")
assert p(by_month[2017]) == D("2535000.00")      # 9 months = 0.75 x 3.38m
assert p(sum(by_month.values())) == p(total) == D("20280000.00")
assert ndays == 2191                               # includes 29 Feb 2020
assert p(sum(by_day.values())) == D("20280000.00")
print("by days FY2017/18 (274 of 2191 days):", p(total * 274 / ndays))
assert p(by_day[2017]) == p(total * 274 / ndays) == D("2536157.01")
print("OK")
