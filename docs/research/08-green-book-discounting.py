#!/usr/bin/env python3
"""Convention 8: HM Treasury Green Book discounting (declining STPR), optimism bias, EAC.

Printed figures reproduced:
  A. NHS (Scotland) value-for-money guidance, Annex A "Discounted Cash Flow Example" (Table 2):
     factors 1.000, 0.9662 ... 0.7089; discounted rows 1,000 966 ... 734 (355); NPV 8,253.
     https://ppponline.affinitext.com/public/book?id=1663&toc_id=503681
  B. HM Treasury Supplementary Green Book Guidance: Optimism Bias (Mott MacDonald) worked examples:
     combined building capex OB 32.1% (30% x 51 + 70% x 24); works duration 14.5%;
     (100% - 92%) x 51 = 4%; £100m x 1.04 = £104m; + £7m = £111m.
     https://ppponline.affinitext.com/public/book?id=1343&toc_id=444268 and ...&toc_id=444265
  C. Green Book Table 6.1 schedule: 0-30 3.5%, 31-75 3.0%, 76-125 2.5%, 126-200 2.0%, 201-300 1.5%, 301+ 1.0%.
"""
from decimal import Decimal as D, ROUND_HALF_UP, getcontext
getcontext().prec = 50

SCHEDULE = [(30, D("0.035")), (75, D("0.030")), (125, D("0.025")), (200, D("0.020")), (300, D("0.015"))]
TAIL = D("0.010")

def rate_for_year(t: int) -> D:
    """Rate used to step from year t-1 to year t (years 1..30 at 3.5%, 31..75 at 3.0%, ...)."""
    for last, r in SCHEDULE:
        if t <= last:
            return r
    return TAIL

def factor(t: int) -> D:
    """Chained Green Book discount factor; year 0 = 1 (undiscounted)."""
    f = D(1)
    for y in range(1, t + 1):
        f /= (1 + rate_for_year(y))
    return f

q4 = lambda x: x.quantize(D("0.0001"), rounding=ROUND_HALF_UP)
q0 = lambda x: x.quantize(D("1"), rounding=ROUND_HALF_UP)

# --- Factor test values ---
expected = {0: "1.0000", 1: "0.9662", 2: "0.9335", 3: "0.9019", 4: "0.8714", 5: "0.8420", 6: "0.8135",
            7: "0.7860", 8: "0.7594", 9: "0.7337", 10: "0.7089"}   # printed in source A
for t, v in expected.items():
    assert q4(factor(t)) == D(v), (t, q4(factor(t)), v)
computed = {t: q4(factor(t)) for t in (1, 10, 30, 31, 50, 75, 76, 100, 125)}
print("Chained factors (4dp):", computed)
assert computed[30] == D("0.3563")
assert computed[31] == D("0.3459")                     # = f(30)/1.03
assert q4(factor(30) / D("1.03")) == D("0.3459")
assert computed[50] == D("0.1973")
# Edge: year 31 must NOT be 1/1.035^31 (=0.3442) nor 1/1.03^31 (=0.4000)
assert q4(1 / D("1.035") ** 31) == D("0.3442") and q4(1 / D("1.03") ** 31) == D("0.4000")

# --- Source A: NPV example ---
cash = [D(1000)] * 10 + [D(-500)]
rows_printed = [1000, 966, 934, 902, 871, 842, 814, 786, 759, 734, -355]
rows_unrounded = [c * factor(t) for t, c in enumerate(cash)]
rows_4dpfactor = [c * q4(factor(t)) for t, c in enumerate(cash)]
rows_rounded = [q0(x) for x in rows_4dpfactor]
print("Rows (cash x 4dp factor, rounded):", [int(x) for x in rows_rounded])
print("Rows printed:                     ", rows_printed)
for t in range(10):
    assert rows_rounded[t] == rows_printed[t]
# Year 10: -500 x 0.7089 = -354.45 -> -354 (half-up), unrounded -354.4595 -> -354; printed (355).
assert rows_rounded[10] == D(-354) and q0(rows_unrounded[10]) == D(-354)
npv_unrounded = sum(rows_unrounded)
npv_4dp = sum(rows_4dpfactor)
sum_of_printed_rows = sum(rows_printed)
print("NPV unrounded:", npv_unrounded.quantize(D("0.0001")), "-> ", q0(npv_unrounded))
print("NPV with 4dp factors:", npv_4dp, "-> ", q0(npv_4dp))
print("Sum of printed rows:", sum_of_printed_rows, " Sum of correctly rounded rows:", sum(rows_rounded))
assert q0(npv_unrounded) == D(8253) and q0(npv_4dp) == D(8253) and sum_of_printed_rows == 8253
assert sum(rows_rounded) == 8254   # rounding rows first and then adding would print 8,254

# --- Source B: optimism bias ---
combined_capex = D("0.30") * 51 + D("0.70") * 24
combined_dur = D("0.30") * 39 + D("0.70") * 4
print("Combined building OB capex:", combined_capex, "% (printed 32.1); works duration:", combined_dur, "% (printed 14.5)")
assert combined_capex == D("32.1") and combined_dur == D("14.5")
resultant = (D(100) - D(92)) / 100 * 51
print("Resultant OB:", resultant, "% -> printed 4 %")
assert resultant == D("4.08") and q0(resultant) == D(4)
npc = D(100) * (D(100) + D(4)) / D(100)
assert npc == D(104) and npc + 7 == D(111)
print("NPC capex £m:", npc, "+ £7m risk management =", npc + 7)

# --- EAC (worked example, not a printed figure) ---
# Equivalent annual cost = PV / sum of factors over years paid. Here: PV of £10m at year 0, annuity in years 1..10.
annuity_1_10 = sum(factor(t) for t in range(1, 11))
eac = (D(10_000_000) / annuity_1_10).quantize(D("0.01"), rounding=ROUND_HALF_UP)
print("Annuity factor yrs 1-10:", annuity_1_10.quantize(D("0.000001")), " EAC of £10m:", eac)
assert annuity_1_10.quantize(D("0.0001")) == D("8.3166")
assert eac == D("1202413.68")
print("OK")
