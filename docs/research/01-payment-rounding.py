#!/usr/bin/env python3
"""Convention 1: payment-system rounding of uplifted rates (City of Wolverhampton Council).

Rule reproduced: new_rate = CEILING(old_rate * (1 + pct/100), to a multiple of 4p) for hourly
rates ("hourly rates ... divisible by 4"); weekly care-home rates must be divisible by 7p.
Sources:
  https://opengovernment.network/decisions/133845  (Cabinet, 19 Feb 2025, Fee Review 2025-2026)
  https://wolverhampton.moderngov.co.uk/mgAi.aspx?ID=128703 (Cabinet (Resources) Panel, Fee Review 2022/2023)
"""
from decimal import Decimal as D, ROUND_CEILING, ROUND_HALF_UP, ROUND_FLOOR


def round_to_step(x: D, step: D, mode) -> D:
    """Round x to a multiple of `step` using decimal rounding mode `mode`.
    Works in units of the step so ties/direction are exact (no binary floats)."""
    return (x / step).quantize(D(1), rounding=mode) * step


STEP_HOURLY = D("0.04")   # "hourly rates by 4" -> multiples of 4p
STEP_WEEKLY = D("0.07")   # "rates for care homes need to be divisible by 7" -> multiples of 7p

# (label, current rate, % increase as printed, printed proposed rate)
rows_2025 = [  # Table 1 - Proposed Care Fees for 2025/2026
    ("Homecare",                    "20.28", "6.60", "21.64"),
    ("Reablement",                  "21.68", "6.60", "23.12"),
    ("Home Based Respite",          "19.36", "6.60", "20.64"),
    ("DP Agency Rate",              "19.36", "6.60", "20.64"),
    ("DP Employed PA",              "14.08", "9.91", "15.48"),
    ("DP Self-Employed PA",         "17.24", "9.33", "18.88"),
]
rows_2022 = [  # Care and Support Provider Fee Review 2022/2023
    ("Home Care",                   "15.84", "6.3", "16.84"),
    ("Rapid response/reablement",   "17.44", "3.2", "18.00"),
    ("Home Based Respite",          "15.12", "6.3", "16.08"),
    ("DP Agency rate",              "15.12", "6.3", "16.08"),
    ("DP PA Employed",              "10.76", "6.3", "11.44"),
]

for year, rows in (("2025/26", rows_2025), ("2022/23", rows_2022)):
    print(f"== {year} ==")
    for label, cur, pct, printed in rows:
        cur, pct, printed = D(cur), D(pct), D(printed)
        raw = cur * (1 + pct / 100)
        up4 = round_to_step(raw, STEP_HOURLY, ROUND_CEILING)
        near4 = round_to_step(raw, STEP_HOURLY, ROUND_HALF_UP)
        near1 = raw.quantize(D("0.01"), rounding=ROUND_HALF_UP)
        print(f"{label:28s} {cur} x (1+{pct}%) = {raw}  ceil4p={up4} nearest4p={near4} nearest1p={near1} printed={printed}")
        assert up4 == printed, (label, up4, printed)
        assert (up4 * 100) % 4 == 0

# Discriminating cases: nearest-4p and nearest-penny FAIL for these, so the rule is "round UP".
assert round_to_step(D("20.28") * D("1.066"), STEP_HOURLY, ROUND_HALF_UP) == D("21.60")  # != 21.64
assert round_to_step(D("17.24") * D("1.0933"), STEP_HOURLY, ROUND_HALF_UP) == D("18.84")  # != 18.88

# Annual cost built from the ROUNDED rate (illustrative, not a printed figure):
hours_per_week = D("1000")
weeks = D("52")
annual = (D("21.64") * hours_per_week * weeks).quantize(D("0.01"))
annual_unrounded_rate = (D("20.28") * D("1.066") * hours_per_week * weeks).quantize(D("0.01"))
print("Illustration: 1,000 h/week x 52 weeks at rounded 21.64 =", annual,
      "vs unrounded rate", annual_unrounded_rate, "difference", annual - annual_unrounded_rate)
assert annual == D("1125280.00")

# Weekly (7p) illustration of the care-home rule: 7p step == 1p per day.
wk = round_to_step(D("700.00") * D("1.066"), STEP_WEEKLY, ROUND_CEILING)
print("Illustration: weekly 700.00 x 1.066 = 746.20 -> ceil to 7p:", wk, "= per day", wk / 7)
assert wk == D("746.20") and (wk * 100) % 7 == 0
print("OK: all printed Wolverhampton rates reproduced by ceil-to-4p")
