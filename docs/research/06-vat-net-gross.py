#!/usr/bin/env python3
"""Convention 6: VAT net vs gross at 20%. NO real paper printing a net and gross pair was found in the
stored corpora; worked example of the rule only (standard rate 20%, VAT fraction 1/6).
Rule text source (contract drafting, PFI standard form, PPP Online):
  "All amounts due under this Contract are exclusive of VAT." ... "the amount shall include any VAT in
  respect of that amount only to the extent that such VAT is not recoverable as input tax"
  https://ppponline.affinitext.com/public/book?id=3005&toc_id=321131
"""
from decimal import Decimal as D, ROUND_HALF_UP
p = lambda x: x.quantize(D("0.01"), rounding=ROUND_HALF_UP)
RATE = D("0.20")
def gross_from_net(net):   return net + p(net * RATE)
def vat_in_gross(gross):   return p(gross / 6)             # VAT fraction 1/6 at 20%
def net_from_gross(gross): return gross - vat_in_gross(gross)

assert gross_from_net(D("1000.00")) == D("1200.00")
assert vat_in_gross(D("1200.00")) == D("200.00")
# Round trip gross -> net -> gross can drift by 1p (smallest case: £1.05)
for g in (D("100.01"), D("1.05")):
    n = net_from_gross(g)
    print("gross", g, "VAT", vat_in_gross(g), "net", n, "-> net x 1.2 =", gross_from_net(n))
assert net_from_gross(D("1.05")) == D("0.87") and gross_from_net(D("0.87")) == D("1.04")   # 1p drift
# Line-level vs invoice-level VAT
lines = [D("0.99")] * 10
line_level = sum(gross_from_net(x) for x in lines)      # 0.99 -> VAT 0.20 each (0.198) -> 11.90
invoice_level = gross_from_net(sum(lines))               # 9.90 -> VAT 1.98 -> 11.88
print("10 lines of £0.99: VAT per line ->", line_level, "; VAT on invoice total ->", invoice_level)
assert line_level == D("11.90") and invoice_level == D("11.88")
# Budget treatment: a council recovers VAT on most purchases (s33 VATA 1994), so the budget cost is NET;
# where VAT is irrecoverable (e.g. exempt-business use beyond the partial exemption limit) the cost is GROSS.
net = D("250000.00")
print("Contract £250,000 net: recoverable -> cost", net, "; irrecoverable -> cost", gross_from_net(net))
assert gross_from_net(net) == D("300000.00")
print("OK")
