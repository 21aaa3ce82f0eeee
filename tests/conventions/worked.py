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

# 2. Rounding order (Staffordshire, each component rounded on its own) and pro rata basis.
for total, shares, printed in [("166.42", (34, 22, 8, 36), ("56.58", "36.61", "13.31", "59.91")),
                               ("187.56", (32, 26, 7, 35), ("60.02", "48.77", "13.13", "65.65"))]:
    parts = [(D(total) * k / 100).quantize(D("0.01"), rounding=ROUND_HALF_UP) for k in shares]
    print(total, shares, parts, "add to", sum(parts))
    assert parts == [D(x) for x in printed]
assert sum(D(x) for x in ("56.58", "36.61", "13.31", "59.91")) == D("166.41")
annual = D(120000)
assert annual * 18 / 12 == D(180000) and annual / 12 == D(10000)
y1 = [annual * 182 / 365, annual * 183 / 365]          # contract year 1 split 182 : 183 days
assert pennies(y1[0]) == 5_983_562 and pennies(y1[1]) == 6_016_438
assert pennies(annual * 182 / 365) == 5_983_562          # contract year 2: 182 of 365 days
assert 5_983_562 + 6_016_438 + 5_983_562 == 17_983_562
half = D("100.50")
assert half.quantize(D(1), rounding=ROUND_HALF_UP) * 2 == 202
assert (half * 2).quantize(D(1), rounding=ROUND_HALF_UP) == 201

# 3. Simple against compound uplift: £662,740 at 3% for five years.
base = D(662740)
compound = [pennies(base * D("1.03") ** k) for k in range(5)]
simple = [pennies(base * (1 + D("0.03") * k)) for k in range(5)]
print("compound", compound, sum(compound), "simple", simple, sum(simple))
assert compound == [66_274_000, 68_262_220, 70_310_087, 72_419_389, 74_591_971]
assert simple == [66_274_000, 68_262_220, 70_250_440, 72_238_660, 74_226_880]
assert sum(compound) == 351_857_667 and sum(simple) == 351_252_200

# 4. Totals over the term (Southwark £4,000,000 over 4 years; Barnsley £255,000 over 3).
assert D(4000000) * 12 / 48 == D(1000000) and D(4000000) * 6 / 48 == D(500000)
assert D(255000) * 12 / 36 == D(85000)
from datetime import date
assert (date(2020, 9, 30) - date(2016, 10, 1)).days + 1 == 1461
assert pennies(D(4000000) * 365 / 1461) == 99_931_554
assert (date(2022, 3, 31) - date(2019, 4, 1)).days + 1 == 1096
assert pennies(D(255000) * 366 / 1096) == 8_515_511

# 5. Index series: Cardiff's blend, Doncaster's September CPI and NLW step.
rlw = ((D("12.00") - D("10.90")) / D("10.90") * 100).quantize(D("0.1"), rounding=ROUND_HALF_UP)
blend = (D("0.40") * 3 + D("0.60") * rlw).quantize(D("0.01"), rounding=ROUND_HALF_UP)
nlw = ((D("11.44") - D("10.42")) / D("10.42") * 100).quantize(D("0.1"), rounding=ROUND_HALF_UP)
print("RLW", rlw, "blend", blend, "NLW", nlw)
assert (rlw, blend, nlw) == (D("10.1"), D("7.26"), D("9.8"))
assert pennies(D(1000000) * (1 + blend / 100)) == 107_260_000
assert pennies(D(1000000) * D("1.067")) == 106_700_000
assert pennies(D(1000000) * (1 + nlw / 100)) == 109_800_000

# 8. Green Book discounting: NHS Scotland NPV, optimism bias, extend against re-procure.
def factor(t):
    f = D(1)
    for y in range(1, t + 1):
        f /= D("1.035") if y <= 30 else D("1.03")
    return f
cash = [D(1000)] * 10 + [D(-500)]
npv = sum(c * factor(t) for t, c in enumerate(cash))
print("NPV", npv)
assert npv.quantize(D("0.01"), rounding=ROUND_HALF_UP) == D("8253.23")
assert [str(factor(t).quantize(D("0.0001"), rounding=ROUND_HALF_UP)) for t in (1, 9, 10)] == ["0.9662", "0.7337", "0.7089"]
assert sum(factor(t) for t in range(11)).quantize(D("0.000001"), rounding=ROUND_HALF_UP) == D("9.316605")
assert (D(-500) * factor(10)).quantize(D("0.01"), rounding=ROUND_HALF_UP) == D("-354.46")
assert D(100_000_000) * D("1.04") + D(7_000_000) == D(111_000_000)
assert D("0.30") * 51 + D("0.70") * 24 == D("32.1") and D(10_000_000) * D("1.321") == D(13_210_000)
def pv(c):
    total = sum(x * factor(i) for i, x in enumerate(c))
    annuity = sum(factor(i) for i in range(len(c)))
    q = lambda x: x.quantize(D("0.01"), rounding=ROUND_HALF_UP)
    return q(total), q(total / annuity)
extend = [(D(1000000) * D("1.03") ** k).quantize(D("0.01"), rounding=ROUND_HALF_UP) for k in range(5)]
reprocure = [(D(900000) * D("1.03") ** k).quantize(D("0.01"), rounding=ROUND_HALF_UP) for k in range(5)]
reprocure[0] += 150000
assert (sum(extend), sum(reprocure)) == (D("5309135.81"), D("4928222.23"))
assert pv(extend) == (D("4951923.64"), D("1059670.38"))
assert pv(reprocure) == (D("4606731.27"), D("985802.09"))
assert pv(extend)[0] - pv(reprocure)[0] == D("345192.37")

# 6. VAT: £250,000 net at 20%; a contract year from 1 October split 182 : 183 days.
vat = (D(250000) * D("0.20")).quantize(D("0.01"), rounding=ROUND_HALF_UP)
assert vat == 50000 and D(300000) / 6 == vat
assert pennies(D(300000) * 182 / 365) == 14_958_904
# the VAT's split: 24,931.5068... and 25,068.4931..., cut to 24,931.50 + 25,068.49, a penny
# short, to the larger remainder (0.68 of a penny): 24,931.51
assert D(50000) * 182 / 365 > D("24931.50") and D(14958904) / 100 - D("24931.51") == D("124657.53")

# 7. Payment timing: £10,000 a month for 2024-25.
months = [D(10000)] * 12
assert sum(months[:11]) == 110000 and sum(months[:9]) == 90000

# 10. Checks of rates, uplifts, net / VAT / gross and present values: each printed figure
# stands for the values that round to it (half a unit of its last digit either side), and a
# check agrees when the model's figure is among them.
def stands_for(printed, unit):
    return (D(printed) - D(unit) / 2, D(printed) + D(unit) / 2)
def agrees(figure, printed, unit):
    lo, hi = stands_for(printed, unit)
    return lo <= figure <= hi
def apart(figure, printed, unit):
    lo, hi = stands_for(printed, unit)
    return lo - figure if figure < lo else figure - hi
# Wolverhampton's printed rates are the model's rates paid exactly; £21.60 (the nearest 4p
# step, which the paper does not print) stands for 21.595 to 21.605, £0.035 from £21.64.
homecare = step_up(D("20.28") * D("1.066"), D("0.04"))
assert agrees(homecare, "21.64", "0.01") and not agrees(homecare, "21.60", "0.01")
assert apart(homecare, "21.60", "0.01") == D("0.035")
# The unrounded rate, £21.61848, would not agree with the printed £21.64 either.
assert not agrees(D("20.28") * D("1.066"), "21.64", "0.01")
# Uplifts: Cardiff's 7.26% and Doncaster's 6.7% agree; the printed NLW 9.7% (9.65 to 9.75)
# is 0.05 points from the 9.8% its levels give.
assert agrees(blend, "7.26", "0.01") and agrees(D("6.7"), "6.7", "0.1")
assert apart(blend, "7.25", "0.01") == D("0.005")
assert not agrees(nlw, "9.7", "0.1") and apart(nlw, "9.7", "0.1") == D("0.05")
# NHS Scotland's "Net Present Value 8,253": £8,253.23 is within 8,252.50 to 8,253.50; a
# printed 8,254 (the paper's rows added if rounded correctly) would be £0.27 away.
npv_p = npv.quantize(D("0.01"), rounding=ROUND_HALF_UP)
assert agrees(npv_p, "8253", "1") and not agrees(npv_p, "8254", "1")
assert apart(npv_p, "8254", "1") == D("0.27")
# Its equivalent annual cost: the present value over the annuity factor of years 0 to 10.
eac = (npv / sum(factor(t) for t in range(11))).quantize(D("0.01"), rounding=ROUND_HALF_UP)
print("EAC", eac)
assert eac == D("885.86")
# VAT worked example: VAT £50,000.00, gross £300,000.00, net £250,000.00; from October,
# 2024-25 gross £149,589.04, VAT £24,931.51, net £124,657.53. VAT of one sixth of
# £250,000 (£41,666.67, as if the amount were gross) is £8,333.33 from £50,000.00.
assert agrees(vat, "50000.00", "0.01") and agrees(D(250000) + vat, "300000.00", "0.01")
one_sixth = (D(250000) / 6).quantize(D("0.01"), rounding=ROUND_HALF_UP)
assert one_sixth == D("41666.67") and apart(vat, "41666.67", "0.01") == D("8333.325")

# 11. Papers found for issue 17's remaining conventions.
# Leadenham Parish Council, 25 November 2022: "£13,944.24 exVAT, £16,733.09 incl VAT", and
# "the PC can reclaim VAT". VAT at 20% on the net, to the penny: 2,788.848 -> 2,788.85.
lead_net = D("13944.24")
lead_vat = (lead_net * D("0.20")).quantize(D("0.01"), rounding=ROUND_HALF_UP)
print("Leadenham VAT", lead_net * D("0.20"), "->", lead_vat, "gross", lead_net + lead_vat)
assert lead_vat == D("2788.85") and lead_net + lead_vat == D("16733.09")
assert agrees(lead_net + lead_vat, "16733.09", "0.01")
# Read back from the gross, the VAT fraction gives the same pair: 16,733.09 / 6 = 2,788.848...
assert (D("16733.09") / 6).quantize(D("0.01"), rounding=ROUND_HALF_UP) == lead_vat
# NHSScotland (SGHD) option appraisal guidance, A4.11: £10,000 a year in years 1 to 20 at
# 3.5%, printed "the annuity factor for 20 years, which is 14.2339" and "The PV in this
# example is £142,339".
annuity20 = sum(factor(t) for t in range(1, 21))
table1 = sum(factor(t).quantize(D("0.0001"), rounding=ROUND_HALF_UP) for t in range(1, 21))
pv20 = (10000 * annuity20).quantize(D("0.01"), rounding=ROUND_HALF_UP)
print("annuity 1..20", annuity20, "Table 1 factors added", table1, "PV", pv20)
assert annuity20.quantize(D("0.0001")) == D("14.2124") and table1 == D("14.2124")
assert pv20 == D("142124.03") and apart(pv20, "142339", "1") == D("214.47")
# Its second example, "£704 ( = £75 x 11.5281 x 0.8135)": £75 in years 7 to 21 is £702.71.
assert (75 * sum(factor(t) for t in range(7, 22))).quantize(D("0.01"), rounding=ROUND_HALF_UP) == D("702.71")
assert sum(factor(t) for t in range(1, 16)).quantize(D("0.0001")) == D("11.5174")
# Outturn's equivalent annual cost of that scenario divides by the factors of every year shown,
# year 0 (no cash) included: 142,124.033... / 15.212403... = 9,342.64.
assert (10000 * annuity20 / sum(factor(t) for t in range(21))).quantize(D("0.01"), rounding=ROUND_HALF_UP) == D("9342.64")
# 12. Pro rata by months (Penistone Area Council, Barnsley MBC): "a further £70,000 in order
# to extend all three of the services for a further year"; six months "at a cost of £35,000"
# (January to June 2021), "a further £35,000" for the next six (July to December 2021); "a 3
# month extension was proposed at a cost of £17,500"; then "a 5 month extension at a pro rata
# cost" (January to May 2022, not printed).
pen = D(70000)
by_months = [pennies(pen * k / 12) for k in (12, 6, 6, 3, 5)]
print("Penistone by months", by_months)
assert by_months == [7_000_000, 3_500_000, 3_500_000, 1_750_000, 2_916_667]
# By days: the contract year from 1 January 2021 has 365 days; January to June is 181 of
# them, July to December 184 (together the whole £70,000); January to May 2022 is 151 of the
# 365 days from 1 January 2022. The year from 1 January 2020 (366 days) is whole: £70,000.
assert 31 + 28 + 31 + 30 + 31 + 30 == 181 and 31 + 31 + 30 + 31 + 30 + 31 == 184
assert 31 + 28 + 31 + 30 + 31 == 151
by_days = [pennies(pen * d / 365) for d in (181, 184, 151)]
print("Penistone by days", by_days)
assert by_days == [3_471_233, 3_528_767, 2_895_890]
assert by_days[0] + by_days[1] == 7_000_000
assert D(35000) - D(by_days[0]) / 100 == D("287.67") == D(by_days[1]) / 100 - D(35000)
# The year 2021-22 by months: April to June (3), July to December (6), January to March (3)
# twelfths, the whole £70,000; 2022-23: April and May, 2/12 = £11,666.67.
assert pennies(pen * 2 / 12) == 1_166_667
# The printed £35,000 stands for £34,500 to £35,500 at its printed precision, which the
# by-days £34,712.33 meets too: hence the scenario checks it exactly.
assert agrees(D("34712.33"), "35000", "1000")
# 13. Papers found for issue 17's remaining conventions (second search).
# Simple uplift: Illinois Municipal Retirement Fund, "3% of your original pension amount" each
# 1 January on $500.00 a month from 2015: printed 2016 $515.00 ... 2020 $575.00.
imrf = [D("500.00") * (1 + D("0.03") * k) for k in range(6)]
imrf_compound = [(D("500.00") * D("1.03") ** k).quantize(D("0.01"), rounding=ROUND_HALF_UP) for k in range(6)]
print("IMRF simple", imrf, "compound", imrf_compound)
assert imrf == [D(x) for x in ("500.00", "515.00", "530.00", "545.00", "560.00", "575.00")]
assert imrf_compound[1:] == [D(x) for x in ("515.00", "530.45", "546.36", "562.75", "579.64")]
assert D("500.00") * D("0.03") == D("15.00") and all(b - a == 15 for a, b in zip(imrf, imrf[1:]))
# A year is twelve monthly payments: the line's annual value 12 x 500.00, uplifted simply.
assert [12 * m for m in imrf] == [6000, 6180, 6360, 6540, 6720, 6900]
assert pennies(6000 * (1 + D("0.03") * 2) / 12) == 53_000  # each month of 2017, pro rata by months
# Equivalent annual cost from year 1: NHS (Scotland) VfM guidance A4.9/A4.10 at 3.5%.
def annuity_from_1(n):
    return sum(factor(t) for t in range(1, n + 1))
a7, a10 = annuity_from_1(7), annuity_from_1(10)
assert abs(a7 - (1 - D("1.035") ** -7) / D("0.035")) < D("1e-40")  # the closed form
assert a7.quantize(D("0.000001"), rounding=ROUND_HALF_UP) == D("6.114544")
assert a10.quantize(D("0.000001"), rounding=ROUND_HALF_UP) == D("8.316605")
q = lambda x: x.quantize(D("0.01"), rounding=ROUND_HALF_UP)
eac_x, eac_y = q(2000 / a7), q(2500 / a10)
print("boiler EAC X", 2000 / a7, "Y", 2500 / a10)
assert (eac_x, eac_y) == (D("327.09"), D("300.60"))
# Printed "= 327" and "= 301": each agrees at the pound printed.
assert agrees(eac_x, "327", "1") and agrees(eac_y, "301", "1")
# The EAC factors: 7 years 0.163544... (printed 0.1635); 10 years 0.120241... (printed 0.1203).
assert (1 / a7).quantize(D("0.0001"), rounding=ROUND_HALF_UP) == D("0.1635")
assert (1 / a10).quantize(D("0.0001"), rounding=ROUND_HALF_UP) == D("0.1202")
assert D(2500) * D("0.1203") == D("300.75") and agrees(D("300.75"), "301", "1")
# Over the years shown, year 0 included (Outturn's default), X would be 2,000 / 7.114544...
assert q(2000 / (1 + a7)) == D("281.11")
assert eac_x - eac_y == D("26.49")
# A4.9: £100 over 10 years is 12.02414... -> £12.02; printed £12.03 and £12.032.
eac100 = 100 / a10
print("EAC of 100 over 10 years", eac100)
assert q(eac100) == D("12.02")
assert apart(q(eac100), "12.03", "0.01") == D("0.005")
assert apart(q(eac100), "12.032", "0.001") == D("0.0115")
assert (D("12.0315") - eac100).quantize(D("0.0001"), rounding=ROUND_HALF_UP) == D("0.0074")
assert q(D("12.03") * a10) == D("100.05") and D(100) * D("0.1203") == D("12.03")
# Option appraisal by NPC, A4.6 (£k): A 100 + 35 a year in years 1-4, B 75 + 47 a year.
a4 = sum(factor(t) for t in range(1, 5))
npc_a, npc_b = 100000 + 35000 * a4, 75000 + 47000 * a4
print("A4.6 NPC A", npc_a, "B", npc_b)
assert (q(npc_a), q(npc_b)) == (D("228557.77"), D("247634.72"))
assert agrees(q(npc_a), "228600", "100") and apart(q(npc_b), "247700", "100") == D("15.28")
# The printed rows, each to £0.1k, are right; B's printed 247.7 is those rows added.
tenth = lambda x: x.quantize(D("0.1"), rounding=ROUND_HALF_UP)
rows_a = [tenth(35 * factor(t)) for t in range(1, 5)]
rows_b = [tenth(47 * factor(t)) for t in range(1, 5)]
assert rows_a == [D(x) for x in ("33.8", "32.7", "31.6", "30.5")] and 100 + sum(rows_a) == D("228.6")
assert rows_b == [D(x) for x in ("45.4", "43.9", "42.4", "41.0")] and 75 + sum(rows_b) == D("247.7")
assert tenth(npc_b / 1000) == D("247.6")
assert [q(35000 * factor(t)) for t in range(1, 5)] == [D(x) for x in ("33816.43", "32672.87", "31567.99", "30500.48")]
assert q(npc_b) - q(npc_a) == D("19076.95")
# Their equivalent annual costs over the years shown, 0 to 4 (the default): 228,557.77 /
# 4.673079... and 247,634.72 / 4.673079....
assert (q(npc_a / (1 + a4)), q(npc_b / (1 + a4))) == (D("48909.46"), D("52991.77"))
# VAT not recoverable: ACRE, "a £200,000 refurbishment project incurs an extra £40,000 in
# non-reclaimable VAT": VAT 20% of the net, and the hall bears the gross.
acre_vat = (D(200000) * D("0.20")).quantize(D("0.01"), rounding=ROUND_HALF_UP)
assert acre_vat == D("40000.00") and D(200000) + acre_vat == D("240000.00")

# 14. Papers found for issue 17's remaining conventions (third search).
# Simple uplift from a UK public body: the landfill tax escalator (Finance Act 2009, 2010 and
# 2012 Explanatory Notes): "from £40 per tonne to £48 per tonne ... on or after 1 April 2010",
# "continue to increase by £8 per tonne on 1 April each year from 2011 to 2013", "a further £8
# per tonne in 2014-15", "not fall below £80 per tonne from 2014-15".
base, step = D(40), D(8)
rate = step / base
assert rate == D("0.2")
simple_rates = [base * (1 + rate * k) for k in range(6)]  # 2009-10 to 2014-15
compound_rates = [base * (1 + rate) ** k for k in range(6)]
print("landfill tax simple", simple_rates, "compound", compound_rates)
assert simple_rates == [D(x) for x in (40, 48, 56, 64, 72, 80)]
assert all(b - a == step for a, b in zip(simple_rates, simple_rates[1:]))
assert simple_rates[1] == D(48) and simple_rates[5] == D(80)  # the printed £48 and £80
assert compound_rates[2] == D("57.60") and compound_rates[5] == D("99.5328")
# From 2008-09's £32 (Budget 2007) the same £8 is 25% of the base, and gives £40 and £48 too.
assert [D(32) * (1 + D("0.25") * k) for k in (1, 2, 6)] == [D(40), D(48), D(80)]
# On the scenario's assumed 1,000 tonnes a year: each year's tax, in pennies.
tonnes = 1000
assert [pennies(tonnes * r) for r in simple_rates] == [4_000_000, 4_800_000, 5_600_000,
                                                       6_400_000, 7_200_000, 8_000_000]
assert sum(pennies(tonnes * r) for r in simple_rates) == 36_000_000
assert [pennies(tonnes * r) for r in compound_rates] == [4_000_000, 4_800_000, 5_760_000,
                                                         6_912_000, 8_294_400, 9_953_280]
# Compounded, each check from 2011-12 is off by: 1,600.00, 5,120.00, 10,944.00, 19,532.80.
assert [tonnes * (c - s) for s, c in zip(simple_rates[2:], compound_rates[2:])] == \
    [D("1600"), D("5120"), D("10944"), D("19532.80")]
# 15. Papers found for issue 17's remaining conventions (third search).
# Discount factors past year 30: the Scottish Capital Investment Manual's Option Appraisal
# Guide, Annex A4, Table 1 ("DISCOUNT FACTORS @ 3.5% P.A."), whose factors past year 30 are
# the Green Book's declining schedule (2.8.4), chained across each step.
scim = {30: "0.3563", 40: "0.2651", 50: "0.1973", 60: "0.1468", 75: "0.0942", 80: "0.0833",
        90: "0.0651", 100: "0.0508", 125: "0.0274", 150: "0.0167", 200: "0.0062",
        250: "0.0029", 300: "0.0014", 350: "0.0009", 400: "0.0005", 500: "0.0002"}
def declining(t):
    for last, rate in ((30, "3.5"), (75, "3.0"), (125, "2.5"), (200, "2.0"), (300, "1.5")):
        if t <= last:
            return D(rate)
    return D(1)
chained = [D(1)]
for t in range(1, 501):
    chained.append(chained[-1] / (1 + declining(t) / 100))
four = lambda x: x.quantize(D("0.0001"), rounding=ROUND_HALF_UP)
print("SCIM Table 1 past year 30", [(t, four(chained[t])) for t in scim])
assert all(four(chained[t]) == D(p) for t, p in scim.items())
# At 3.5% throughout (what the heading says) they would not be: year 40 0.2526, 100 0.0321.
assert four(1 / D("1.035") ** 40) == D("0.2526") and four(1 / D("1.035") ** 100) == D("0.0321")
# Year 31 steps from year 30 at 3.0% (not printed): 0.3459, not 1/1.035^31 = 0.3442.
assert four(chained[31]) == D("0.3459") and four(1 / D("1.035") ** 31) == D("0.3442")
# The scenario discounts £10,000 in each printed year 30 to 250 (year 0 1900-01); the
# discounted column is £10,000 x the factor, to the penny.
scim_rows = {t: q(10000 * chained[t]) for t in (30, 40, 50, 60, 75, 80, 90, 100, 125, 150, 200, 250)}
print("SCIM £10,000 discounted", scim_rows)
assert [str(v) for v in scim_rows.values()] == ["3562.78", "2651.05", "1972.63", "1467.82",
    "942.14", "832.71", "650.51", "508.18", "274.11", "167.08", "62.07", "29.49"]
assert q(10000 * sum(chained[t] for t in scim_rows)) == D("13120.57")
assert sum(chained[t] for t in scim_rows).quantize(D("0.000001"), rounding=ROUND_HALF_UP) == D("1.312057")
# Real terms from a deflator series, in a later year's prices: HM Treasury's GDP deflator
# annex (data of 27 March 2013), money GDP (£m) in 2011-12 prices, the series from 2006-07.
hmt = [("2006-07", "89.254", 1350438, 1513028), ("2007-08", "91.478", 1432887, 1566373),
       ("2008-09", "93.975", 1422290, 1513477), ("2009-10", "95.389", 1415654, 1484085),
       ("2010-11", "97.978", 1480569, 1511124), ("2011-12", "100.000", 1524550, 1524550),
       ("2012-13", "101.300", 1546000, 1526160), ("2013-14", "103.630", 1595000, 1539131)]
hmt_real = [D(cash) * 1000000 * 100 / D(level) for _, level, cash, _ in hmt]
print("HMT real terms, 2011-12 prices", [q(r) for r in hmt_real])
assert [str(q(r)) for r in hmt_real] == ["1513027987541.17", "1566373335665.41",
    "1513476988560.79", "1484085167052.80", "1511123925779.26", "1524550000000.00",
    "1526159921026.65", "1539129595676.93"]
to_m = lambda x: (x / 1000000).quantize(D(1), rounding=ROUND_HALF_UP)
# To the £m every printed real figure but 2013-14's: 1,539,129.60 -> 1,539,130, printed
# 1,539,131 (1,539,130.5 to 1,539,131.5), £0.90m apart.
assert [to_m(r) for r in hmt_real[:7]] == [D(row[3]) for row in hmt[:7]]
assert to_m(hmt_real[7]) == D(1539130)
assert (D("1539130.5") - hmt_real[7] / 1000000).quantize(D("0.0001"), rounding=ROUND_HALF_UP) == D("0.9043")
# The printed 1,539,131 implies a deflator of 103.62988... to 103.62995..., which the paper
# prints as 103.630: it divided by the unrounded level.
lo, hi = D(1595000) * 100 / D("1539131.5"), D(1595000) * 100 / D("1539130.5")
assert lo.quantize(D("0.001"), rounding=ROUND_HALF_UP) == hi.quantize(D("0.001"), rounding=ROUND_HALF_UP) == D("103.630")
# Their sum (not printed), the present value at 0%; and the printed rates of inflation.
assert q(sum(hmt_real)) == D("12177926921303.01")
assert sum(D(c) for _, _, c, _ in hmt) * 1000000 == D("11767388000000")
change = lambda a, b: (D(b) - D(a)) / D(a) * 100
assert change("95.389", "97.978").quantize(D("0.000001"), rounding=ROUND_HALF_UP) == D("2.714149")
assert change("89.254", "100.000").quantize(D("0.000001"), rounding=ROUND_HALF_UP) == D("12.039797")
assert agrees(change("95.389", "97.978"), "2.71", "0.01") and agrees(change("89.254", "100"), "12.04", "0.01")
print("OK")
