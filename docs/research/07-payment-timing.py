#!/usr/bin/env python3
"""Convention 7: payment timing (monthly in advance / in arrears / quarterly) - cash by FY vs accruals.
NO real paper printing cash-vs-accrual figures was found; rule source + worked example.
Rule source (PPP Online, contract management guidance for the Defra WIDP standard contract):
  "the Contractor has to issue the invoice on the first Business Day of the month following the month
  for which the services have been invoiced and the due date for payment is the last Business Day of
  the month following the month for which the services have been invoiced"
  https://ppponline.affinitext.com/public/book?id=3006&toc_id=321433
"""
from decimal import Decimal as D, ROUND_HALF_UP
from datetime import date
import calendar
p = lambda x: x.quantize(D("0.01"), rounding=ROUND_HALF_UP)

def add_months(y, m, k):
    m0 = m - 1 + k
    return y + m0 // 12, m0 % 12 + 1
def last_business_day(y, m):   # ignores bank holidays (a real engine needs the UK calendar)
    d = calendar.monthrange(y, m)[1]
    while date(y, m, d).weekday() >= 5:
        d -= 1
    return date(y, m, d)
def fy(d): return f"{d.year if d.month >= 4 else d.year - 1}/{str((d.year if d.month >= 4 else d.year - 1) + 1)[2:]}"

annual = D("120000"); monthly = annual / 12        # £10,000 a month, service Apr 2024 - Mar 2025
months = [add_months(2024, 4, k) for k in range(12)]
accrual, arrears, advance, quarterly = {}, {}, {}, {}
for (y, m) in months:
    accrual[fy(date(y, m, 1))] = accrual.get(fy(date(y, m, 1)), 0) + monthly
    pay = last_business_day(*add_months(y, m, 1))                 # WIDP-style: paid month following
    arrears[fy(pay)] = arrears.get(fy(pay), 0) + monthly
    adv = date(y, m, 1)                                           # in advance: paid on the 1st of the month served
    advance[fy(adv)] = advance.get(fy(adv), 0) + monthly
for q_end in [(2024, 6), (2024, 9), (2024, 12), (2025, 3)]:       # quarterly in arrears, 30 days after quarter end
    pay = date(*add_months(*q_end, 1), 1).replace(day=30) if q_end[1] != 12 else date(2025, 1, 30)
    quarterly[fy(pay)] = quarterly.get(fy(pay), 0) + monthly * 3
print("accruals (service period):", accrual)
print("cash, monthly in arrears (last business day of following month):", arrears)
print("cash, monthly in advance:", advance)
print("cash, quarterly in arrears (+30 days):", quarterly)
assert accrual == {"2024/25": D("120000")}
assert arrears == {"2024/25": D("110000"), "2025/26": D("10000")}      # March 2025 paid 30 April 2025
assert last_business_day(2025, 4) == date(2025, 4, 30)
assert advance == {"2024/25": D("120000")}
assert quarterly == {"2024/25": D("90000"), "2025/26": D("30000")}
# Year-end creditor (accrual) under arrears = £10,000 (March service unpaid at 31 March 2025)
assert accrual["2024/25"] - arrears["2024/25"] == D("10000")
print("OK")
