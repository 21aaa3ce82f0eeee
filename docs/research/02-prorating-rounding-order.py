#!/usr/bin/env python3
"""Convention 2: pro-rating basis (months vs days) and rounding order.

Printed figures reproduced:
  A. Staffordshire County Council foster carers' handbook, "Fostering Allowances": each weekly
     allowance split by % into food/clothing/transport/personal, each component rounded to the
     penny. https://www.fosterwithstaffordshire.co.uk/foster-carers-handbook/financial/fostering-allowances.aspx
     Shows: components rounded separately need not add to the printed total (0-1 and 11-15 bands),
     and one printed component (5-10, 35% -> £67.52) matches no rounding rule.
  B. Tilt Elevate (UK lettings software vendor manual, NOT public sector) daily pro-rata:
     1000 x 12 / 365 = £32.88 (rounded), x 12 days = £394.56, x 19 days = £624.72.
     https://support.tiltelevate.com/hc/en-us/articles/211535229-How-rent-is-pro-rated-for-partial-periods
Worked (not printed): 18 months by months vs by days, and round-each-year vs round-once.
"""
from decimal import Decimal as D, ROUND_HALF_UP
from datetime import date
p = lambda x: x.quantize(D("0.01"), rounding=ROUND_HALF_UP)
pound = lambda x: x.quantize(D("1"), rounding=ROUND_HALF_UP)

# --- A. Staffordshire allowance split ---
bands = {  # total, [(pct, printed)]
    "0-1":   ("166.42", [(34, "56.58"), (22, "36.61"), (8, "13.31"), (36, "59.91")]),
    "2-4":   ("170.20", [(34, "57.87"), (22, "37.44"), (8, "13.62"), (36, "61.27")]),
    "5-10":  ("187.56", [(32, "60.02"), (26, "48.77"), (7, "13.13"), (35, "67.52")]),
    "11-15": ("223.82", [(32, "71.62"), (26, "58.19"), (11, "24.62"), (31, "69.38")]),
    "16+":   ("249.93", [(30, "74.98"), (26, "64.98"), (9, "22.49"), (35, "87.48")]),
}
for band, (total, parts) in bands.items():
    total = D(total)
    comps = [p(total * pct / 100) for pct, _ in parts]
    printed = [D(x) for _, x in parts]
    print(f"{band:6s} total {total} components {comps} sum {sum(comps)}  printed {printed} sum {sum(printed)}")
    for (pct, _), c, pr in zip(parts, comps, printed):
        if not (band == "5-10" and pct == 35):
            assert c == pr, (band, pct, c, pr)
assert sum(p(D("166.42") * k / 100) for k in (34, 22, 8, 36)) == D("166.41")   # 1p short of total
assert sum(p(D("223.82") * k / 100) for k in (32, 26, 11, 31)) == D("223.81")  # 1p short of total
assert p(D("187.56") * 35 / 100) == D("65.65") and D("187.56") - D("60.02") - D("48.77") - D("13.13") == D("65.64")
# printed 67.52 for 5-10/35% matches neither 65.65 (rounded) nor 65.64 (balancing figure): flag it.

# Largest-remainder apportionment (one way to make components foot to the total):
def apportion(total, pcts):
    raw = [total * D(k) / 100 for k in pcts]
    floors = [x.quantize(D("0.01"), rounding="ROUND_FLOOR") for x in raw]
    short = int(((total - sum(floors)) * 100).to_integral_value())
    order = sorted(range(len(raw)), key=lambda i: raw[i] - floors[i], reverse=True)
    for i in order[:short]:
        floors[i] += D("0.01")
    return floors
print("0-1 largest remainder:", apportion(D("166.42"), (34, 22, 8, 36)))
assert sum(apportion(D("166.42"), (34, 22, 8, 36))) == D("166.42")

# --- B. vendor daily pro-rata, daily rate rounded first ---
daily = p(D(1000) * 12 / 365)
assert daily == D("32.88") and daily * 12 == D("394.56") and daily * 19 == D("624.72")
unrounded12 = p(D(1000) * 12 / 365 * 12)
print("Daily rate", daily, "x12 =", daily * 12, "(unrounded-rate route:", unrounded12, ")")
assert unrounded12 == D("394.52")   # rounding the daily rate first costs/gains 4p

# --- Worked: 18-month contract at £120,000 a year, 1 Oct 2024 - 31 Mar 2026 ---
annual = D(120000)
by_months = annual * 18 / 12
start, end = date(2024, 10, 1), date(2026, 3, 31)
# by days, each FY's days / days in that FY (2024/25 has 365 days; 2025/26 has 365)
fy1_days = (date(2025, 3, 31) - start).days + 1     # 182
fy2_days = (end - date(2025, 4, 1)).days + 1         # 365
by_days_fy = annual * fy1_days / 365 + annual * fy2_days / 365
print("18 months by months:", by_months, " by days:", p(by_days_fy), f"({fy1_days}+{fy2_days} days)")
assert by_months == D(180000) and p(by_days_fy) == D("179835.62")
# Leap-year edge: 1 Oct 2023 - 31 Mar 2024 is 183 days in a 366-day FY (2023/24 includes 29 Feb 2024)
assert (date(2024, 3, 31) - date(2023, 10, 1)).days + 1 == 183
assert p(annual * 183 / 366) == D("60000.00")   # exactly half under actual/actual
assert p(annual * 183 / 365) == D("60164.38")   # actual/365 fixed gives more than half

# Round each FY to £ then add, vs add then round
fy1, fy2 = annual * fy1_days / 365, annual * fy2_days / 365
each = pound(fy1) + pound(fy2); once = pound(fy1 + fy2)
print("FY1", p(fy1), "FY2", p(fy2), " round-each-then-add", each, " add-then-round", once)
assert each == D(179836) and once == D(179836)
# A case where the order matters: three periods of £100/3
thirds = [D(100) / 3] * 3
assert sum(pound(x) for x in thirds) == D(99) and pound(sum(thirds)) == D(100)
print("OK")
