#!/usr/bin/env python3
"""Convention 3: simple vs compound annual uplift. NO real paper with printed figures was found;
worked example only. Rule wording sources (no figures): Teignbridge DC Full Council 27/02/2024
"Let a contract at a fixed price of £662,740 ... Include an annual CPI ... increase at the
anniversary each year" (https://democracy.teignbridge.gov.uk/ieIssueDetails.aspx?IId=13961&PlanId=0&Opt=3).
The worked example uses that fixed price with an assumed 3% a year (not Teignbridge's actual CPI)."""
from decimal import Decimal as D, ROUND_HALF_UP
p = lambda x: x.quantize(D("0.01"), rounding=ROUND_HALF_UP)
base, u, years = D("662740"), D("0.03"), 5
compound = [p(base * (1 + u) ** n) for n in range(years)]          # year n price = base x 1.03^n
simple = [p(base * (1 + u * n)) for n in range(years)]             # year n price = base x (1 + 0.03n)
chained_rounded = [base]
for n in range(1, years):                                          # re-priced each anniversary, rounded each time
    chained_rounded.append(p(chained_rounded[-1] * (1 + u)))
for n in range(years):
    print(f"year {n+1}: compound {compound[n]:>12}  simple {simple[n]:>12}  chained-rounded {chained_rounded[n]:>12}")
print("totals: compound", sum(compound), " simple", sum(simple), " chained", sum(chained_rounded))
assert compound[1] == simple[1] == D("682622.20")                  # identical in year 2
assert compound[4] == D("745919.71") and simple[4] == D("742268.80")
assert sum(compound) == D("3518576.67") and sum(simple) == D("3512522.00")
assert chained_rounded[3] == D("724193.90") and compound[3] == D("724193.89")  # 1p drift from rounding each year
assert sum(chained_rounded) == D("3518576.69")
# Cumulative % printed as "Year 3 x%": compound 1.03^2-1 = 6.09%, simple 6.00%
assert ((1 + u) ** 2 - 1) * 100 == D("6.0900")
print("OK")
