#!/usr/bin/env python3
"""Convention 5: inflation indices with a lag, NLW/RLW steps, and a weighted (blended) uplift.

Printed figures reproduced:
  * Cardiff Council 2024/25: 7.26% = 3% CPI on 40% of contract cost + 10.1% RLW on 60%;
    RLW 10.1% = (12.00 - 10.90)/10.90  (https://cardiff.moderngov.co.uk/ieDecisionDetails.aspx?ID=2131)
  * NLW step percentages: 9.50->10.42 "9.7 per cent"; 11.44->12.21 "£0.77", "6.7" (gov.uk press release)
  * Doncaster 2024/25 prints NLW "increasing by 9.7% to £11.44": recomputed 9.79% -> 9.8% (flag)
  * Middlesbrough-style "6.73% NLW uplift" = (12.21-11.44)/11.44 to 2dp
"""
from decimal import Decimal as D, ROUND_HALF_UP, ROUND_DOWN

def pct(new, old, dp):
    q = D(1).scaleb(-dp)
    return ((D(new) - D(old)) / D(old) * 100).quantize(q, rounding=ROUND_HALF_UP)

# --- Index values (verified in sources, see conventions.md) ---
CPI_SEPT = {2022: D("10.1"), 2023: D("6.7"), 2024: D("1.7")}   # ONS, 12-month rate to September
NLW = {2022: D("9.50"), 2023: D("10.42"), 2024: D("11.44"), 2025: D("12.21")}  # from 1 April
RLW = {"2022/23": D("10.90"), "2023/24": D("12.00")}           # Real Living Wage (UK outside London)

# Lag rule: uplift for financial year starting April Y uses CPI for September Y-1.
def cpi_for_fy(fy_start_year):
    return CPI_SEPT[fy_start_year - 1]
assert cpi_for_fy(2024) == D("6.7")   # Doncaster: "CPI 12-month rate was 6.7% in September 2023" for 2024/25
assert cpi_for_fy(2025) == D("1.7")
assert cpi_for_fy(2023) == D("10.1")

# --- NLW step percentages ---
p23 = pct(NLW[2023], NLW[2022], 1); print("NLW 2023:", NLW[2022], "->", NLW[2023], "=", p23, "% (printed 9.7)")
assert p23 == D("9.7")
p24_exact = (NLW[2024] - NLW[2023]) / NLW[2023] * 100
p24 = pct(NLW[2024], NLW[2023], 1)
p24_trunc = p24_exact.quantize(D("0.1"), rounding=ROUND_DOWN)
print("NLW 2024:", NLW[2023], "->", NLW[2024], "exact", p24_exact.quantize(D("0.0001")), "half-up 1dp", p24,
      "truncated", p24_trunc, "(Doncaster prints 9.7%)")
assert p24 == D("9.8") and p24_trunc == D("9.7")   # Doncaster's 9.7% only matches truncation
p25 = pct(NLW[2025], NLW[2024], 1); inc25 = NLW[2025] - NLW[2024]
print("NLW 2025:", NLW[2024], "->", NLW[2025], "= +", inc25, "=", p25, "% (printed £0.77, 6.7)")
assert inc25 == D("0.77") and p25 == D("6.7")
p25_2dp = pct(NLW[2025], NLW[2024], 2)
print("NLW 2025 to 2dp:", p25_2dp, "% (printed '6.73% NLW uplift')")
assert p25_2dp == D("6.73")

# --- Cardiff blended uplift 2024/25 ---
rlw_pct = pct(RLW["2023/24"], RLW["2022/23"], 1)
print("RLW:", RLW["2022/23"], "->", RLW["2023/24"], "=", rlw_pct, "% (printed 10.1%)")
assert rlw_pct == D("10.1")
w_cpi, w_staff, cpi_assumed = D("0.40"), D("0.60"), D("3")
blend = w_cpi * cpi_assumed + w_staff * rlw_pct
print("Blend: 0.40 x 3 + 0.60 x 10.1 =", blend, "% (printed 7.26%)")
assert blend == D("7.26")
# rounding-order check: blend from the unrounded RLW % then rounded to 2dp gives the same answer here
rlw_exact = (RLW["2023/24"] - RLW["2022/23"]) / RLW["2022/23"] * 100
blend_exact = (w_cpi * cpi_assumed + w_staff * rlw_exact).quantize(D("0.01"), rounding=ROUND_HALF_UP)
print("Blend from unrounded RLW", rlw_exact.quantize(D("0.000001")), "->", blend_exact)
assert blend_exact == D("7.26")

# Illustrative 70/30 NLW/CPI blend for 2025/26 (weights from the brief; not a printed figure)
b7030 = (D("0.70") * pct(NLW[2025], NLW[2024], 2) + D("0.30") * cpi_for_fy(2025))
print("Illustration 70% NLW(6.73) + 30% CPI Sept-2024(1.7) =", b7030, "%")
assert b7030 == D("5.221")
print("OK")
