#!/usr/bin/env python3
"""Independent reference for `outturn monitor`: the same report, worked in plain Python.

Usage:
  ref_monitor.py CONFIG.toml [--previous SAVED.csv] > report.csv

Prints the report as `outturn monitor CONFIG --format csv --layout wide` does, so the two
can be compared byte for byte (`diff`). Written from the rules in docs/monitoring.md, not
from the Rust code: decimal.Decimal throughout, no floats; slow on purpose, it is the
definition of the figures, not a competitor.

Covers what the bundled example and the benchmark use: the generic ledger profile (columns
cost_centre, period, amount, and financial_year if present), budgets with or without
monthly profiles, virements, commitments and their three rules, last year's ledger, the
four forecast methods, adjustments, savings plans, RAG thresholds, both variance signs, and
contracts from scenarios whose lines state an annual value (no uplift) and whose savings
name a line (`extends` is followed for [[lines]] and [[savings]] by name).
"""
import calendar
import csv
import sys
import tomllib
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, getcontext
from pathlib import Path

getcontext().prec = 100
PENNY = Decimal("0.01")
ZERO = Decimal("0.00")


def money(text):
    """An amount as written in a config or CSV: `£1,234.56`, `-£15,000`, `1234.56`."""
    t = str(text).strip().replace("£", "").replace(",", "")
    neg = t.startswith("-")
    d = Decimal(t.lstrip("-+"))
    assert d == d.quantize(PENNY), f"not exact to the penny: {text}"
    return -d if neg else d


def percent(text):
    return Decimal(text.strip().rstrip("%"))


def half_up(d):
    return d.quantize(PENNY, rounding=ROUND_HALF_UP)


def split(whole, weights):
    """Largest remainder: pieces rounded toward zero, spare pennies to the largest
    remainders, the earlier piece first on a tie."""
    total = sum(weights)
    if total == 0:
        return [ZERO for _ in weights]
    exact = [whole * w / total for w in weights]
    pieces = [e.quantize(PENNY, rounding=ROUND_DOWN) for e in exact]
    left = int((whole - sum(pieces)) / PENNY)
    step = PENNY if left >= 0 else -PENNY
    order = sorted(range(len(exact)), key=lambda i: (-abs(exact[i] - pieces[i]), i))
    for i in order[:abs(left)]:
        pieces[i] += step
    return pieces


def even(whole, n):
    return split(whole, [1] * n)


def add_months(d, n):
    m0 = d.month - 1 + n
    y, m = d.year + m0 // 12, m0 % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


# --- the year and its periods -------------------------------------------------------------

class Year:
    def __init__(self, label):
        self.label = label
        self.start = date(int(label[:4]), 4, 1)
        self.end = date(int(label[:4]) + 1, 3, 31)

    def period_of(self, d):
        """P1 is April."""
        return (d.year - self.start.year) * 12 + d.month - 4 + 1

    def month_start(self, p):
        return add_months(self.start, p - 1)

    def period_end(self, p):
        return add_months(self.start, p) - timedelta(days=1)


# --- contracts ---------------------------------------------------------------------------

def load_scenario(path):
    with open(path, "rb") as f:
        s = tomllib.load(f)
    if "extends" in s:
        base = load_scenario(path.parent / s["extends"])
        for table in ("contracts", "lines", "savings"):
            by_name = {e["name"]: dict(e) for e in base.get(table, [])}
            for e in s.get(table, []):
                by_name.setdefault(e["name"], {}).update(e)
            base[table] = list(by_name.values())
        return base
    return s


def month_pieces(amount, start, end, year):
    """`amount` for the days start..end (inclusive) split by the days in each month of the
    report's year (days outside it are weighed but dropped)."""
    months, d = [], start
    while d <= end:
        nxt = add_months(date(d.year, d.month, 1), 1)
        last = min(nxt - timedelta(days=1), end)
        months.append((d, (last - d).days + 1))
        d = nxt
    pieces = split(amount, [days for _, days in months])
    out = defaultdict(lambda: ZERO)
    for (d, _), piece in zip(months, pieces):
        if year.start <= d <= year.end:
            out[year.period_of(d)] += piece
    return out


def fy_parts(start, end):
    """start..end cut at each 1 April: (part start, part end)."""
    parts, d = [], start
    while d <= end:
        fy_end = date(d.year if d.month >= 4 else d.year - 1, 4, 1)
        fy_end = date(fy_end.year + 1, 3, 31)
        last = min(fy_end, end)
        parts.append((d, last))
        d = last + timedelta(days=1)
    return parts


def line_months(line, contract, year):
    """A line's cost by period of the year: each contract year costed (annual × days ÷ a
    full year's days, rounded half away), split by days across financial years, then each
    financial year's piece split by days across its months."""
    start = date.fromisoformat(str(contract["start"]))
    end = date.fromisoformat(str(contract["end"]))
    annual = money(line["annual"])
    out = defaultdict(lambda: ZERO)
    k = 0
    while add_months(start, 12 * k) <= end:
        a = add_months(start, 12 * k)
        full_next = add_months(start, 12 * (k + 1))
        last = min(full_next - timedelta(days=1), end)
        cost = half_up(annual * ((last - a).days + 1) / (full_next - a).days)
        parts = fy_parts(a, last)
        for (ps, pe), piece in zip(parts, split(cost, [(pe - ps).days + 1 for ps, pe in parts])):
            for p, m in month_pieces(piece, ps, pe, year).items():
                out[p] += m
        k += 1
    return out


def saving_months(saving, line, contract, year):
    """A saving on one line: its amount for the report's year, negative, spread by days over
    the line's contract days in the year, by month."""
    if int(saving["from"][:4]) > year.start.year:
        return {}
    start = max(date.fromisoformat(str(contract["start"])), year.start)
    end = min(date.fromisoformat(str(contract["end"])), year.end)
    return month_pieces(-money(saving["per_year"]), start, end, year)


def contract_months(source, config_dir, year):
    """(cost centre, kind) -> {period: amount} for one scenario and its map."""
    s = load_scenario(config_dir / source["scenario"])
    contracts = {c["name"]: c for c in s["contracts"]}
    lines = {l["name"]: l for l in s["lines"]}

    def holder(budget, kind):
        for m in source["map"]:
            if m["budget"] == budget and m.get("kind") == kind:
                return m["cost_centre"]
        for m in source["map"]:
            if m["budget"] == budget and "kind" not in m:
                return m["cost_centre"]
        raise SystemExit(f"budget {budget} is not mapped")

    out = defaultdict(lambda: defaultdict(lambda: ZERO))
    for l in s["lines"]:
        assert "uplift" not in l and "annual" in l, "the reference costs annual values only"
        cc = holder(l["budget"], l["kind"])
        for p, m in line_months(l, contracts[l["contract"]], year).items():
            out[(cc, "cost")][p] += m
    for sv in s.get("savings", []):
        l = lines[sv["line"]]
        cc = holder(l["budget"], "saving")
        for p, m in saving_months(sv, l, contracts[l["contract"]], year).items():
            out[(cc, "saving")][p] += m
    return out


# --- inputs ------------------------------------------------------------------------------

def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def ledger_totals(path, year_label):
    totals = defaultdict(lambda: [ZERO] * 13)
    for r in read_csv(path):
        if "financial_year" in r:
            assert r["financial_year"] == year_label
        p = int(r["period"].lstrip("Pp"))
        totals[r["cost_centre"]][p - 1] += money(r["amount"])
    return totals


def rag(overspend, budget, rule):
    if rule is None:
        return ""

    def reached(t):
        share = abs(budget) * percent(t["percent"]) / 100 if "percent" in t else None
        amount = money(t["amount"]) if "amount" in t else None
        if share is not None and amount is not None:
            limit = min(share, amount) if t["whichever"] == "lower" else max(share, amount)
        else:
            limit = share if share is not None else amount
        return overspend > 0 and overspend >= limit

    if reached(rule["red"]):
        return "red"
    if "amber" in rule and reached(rule["amber"]):
        return "amber"
    return "green"


CAUSES = ["new actuals", "contract changes", "volume", "price", "savings slippage",
          "adjustments", "budget changes", "commitments"]
CAUSE_OF = {"contract": "contract changes", "contract-saving": "savings slippage",
            "straight-line": "new actuals", "last-year": "new actuals",
            "budget-profile": "budget changes", "savings-slippage": "savings slippage",
            "adjustment:one-off": "adjustments", "adjustment:volume": "volume",
            "adjustment:price": "price"}
METHOD_NAMES = {"straight-line": "straight line", "last-year": "last year's profile",
                "budget-profile": "budget profile", "contracts-only": "contracts only"}


def holder_year(h, cfg, year, m, ledger, last_year, contracts, commitments, virements):
    """One cost centre: budget, profile and forecast components by period."""
    cc = h["cost_centre"]
    original = money(h["budget"])
    prof = [money(h[f"p{i}"]) for i in range(1, 13)] if h.get("p1", "").strip() else even(original, 12)
    vir = ZERO
    for v in virements:
        if v["cost_centre"] == cc and date.fromisoformat(v["date"]) <= year.period_end(m):
            first = year.period_of(date.fromisoformat(v["date"]))
            for i, piece in enumerate(even(money(v["amount"]), 13 - first)):
                prof[first - 1 + i] += piece
            vir += money(v["amount"])
    parts = defaultdict(lambda: [ZERO] * 13)
    parts["actual"] = list(ledger.get(cc, [ZERO] * 13))
    has_contracts = (cc, "cost") in contracts or (cc, "saving") in contracts
    explained = ZERO
    if has_contracts:
        for kind, name in (("cost", "contract"), ("saving", "contract-saving")):
            months = contracts.get((cc, kind), {})
            for p in range(1, 13):
                if p > m:
                    parts[name][p - 1] += months.get(p, ZERO)
                else:
                    explained += months.get(p, ZERO)
    stated = cfg.get("forecast", {}).get("methods", {})
    method = stated.get(cc, "contracts-only" if has_contracts else cfg.get("forecast", {}).get("default", "straight-line"))
    base = sum(parts["actual"]) - explained
    remaining = 12 - m
    if method == "straight-line":
        amounts = even(half_up(base * remaining / m), remaining)
    elif method == "last-year":
        ly = last_year.get(cc, [ZERO] * 13)[:12]
        total = half_up(base * sum(ly[m:]) / sum(ly[:m]))
        amounts = split(total, [abs(int(x / PENNY)) for x in ly[m:]])
    elif method == "budget-profile":
        amounts = prof[m:]
    else:
        amounts = []
    for i, a in enumerate(amounts):
        parts[method][m + i] += a
    adds_slippage = has_contracts or method == "budget-profile"
    if adds_slippage:
        for s in cfg.get("savings", []):
            if s["cost_centre"] == cc:
                for i, a in enumerate(even(money(s["planned"]) - money(s["forecast"]), remaining)):
                    parts["savings-slippage"][m + i] += a
    for a in cfg.get("adjustments", []):
        if a["cost_centre"] == cc:
            name = "adjustment:" + a["cause"]
            if "period" in a:
                parts[name][a["period"] - 1] += money(a["amount"])
            else:
                for i, piece in enumerate(even(money(a["amount"]), remaining)):
                    parts[name][m + i] += piece
    rule = cfg.get("commitments", {}).get("counted", "no")
    open_orders = sum((money(c["amount"]) for c in commitments if c["cost_centre"] == cc), ZERO)
    counted = open_orders if rule == "yes" or (rule == "where-no-contract" and not has_contracts) else ZERO
    return {"original": original, "virements": vir, "latest": original + vir,
            "parts": parts, "commitments": open_orders, "counted": counted,
            "method": METHOD_NAMES[method]}


def movement(now, saved, m):
    """Previous outturn, previous budget and the movement by cause (docs/monitoring.md)."""
    causes = {c: ZERO for c in CAUSES}
    prev_outturn = saved["commitments"]
    names = set(now["parts"]) | set(saved["parts"])
    for name in names:
        now_total = sum(now["parts"].get(name, [ZERO] * 13))
        then = saved["parts"].get(name, [ZERO] * 13)
        prev_outturn += sum(then)
        if name == "actual":
            causes["new actuals"] += now_total - sum(then)
            continue
        to_come = sum(then[m:12])
        causes["new actuals"] -= sum(then) - to_come
        causes[CAUSE_OF[name]] += now_total - to_come
    causes["commitments"] += now["counted"] - saved["commitments"]
    return prev_outturn, saved["latest"], causes


def read_saved(path):
    saved = defaultdict(lambda: {"latest": ZERO, "commitments": ZERO, "parts": defaultdict(lambda: [ZERO] * 13)})
    for r in read_csv(path):
        s = saved[r["cost_centre"]]
        if r["component"] == "budget":
            s["latest"] += money(r["amount"])
        elif r["component"] == "commitments":
            s["commitments"] += money(r["amount"])
        else:
            s["parts"][r["component"]][int(r["period"][1:]) - 1] += money(r["amount"])
    return saved


def main(argv):
    if len(argv) not in (2, 4) or (len(argv) == 4 and argv[2] != "--previous"):
        sys.exit(__doc__)
    config_path = Path(argv[1])
    with open(config_path, "rb") as f:
        cfg = tomllib.load(f)
    d = config_path.parent
    year, m = Year(cfg["year"]), cfg["period"]
    budget = read_csv(d / cfg["budget"])
    virements = read_csv(d / cfg["virements"]) if "virements" in cfg else []
    ledger = ledger_totals(d / cfg["ledger"]["file"], cfg["year"])
    assert set(ledger) <= {h["cost_centre"] for h in budget}, "a ledger line's cost centre is not in the budget"
    last_year = ledger_totals(d / cfg["last_year"]["file"], f"{year.start.year - 1}-{year.start.year % 100:02d}") if "last_year" in cfg else {}
    commitments = read_csv(d / cfg["commitments"]["file"]) if "commitments" in cfg else []
    contracts = {}
    for source in cfg.get("contracts", []):
        for key, months in contract_months(source, d, year).items():
            contracts.setdefault(key, defaultdict(lambda: ZERO))
            for p, a in months.items():
                contracts[key][p] += a
    saved = read_saved(argv[3]) if len(argv) == 4 else None
    sign = -1 if cfg.get("variance_sign") == "underspend-positive" else 1
    rules = cfg.get("rag", {})

    def row(level, directorate, service, code, name, method, f, prev):
        outturn = f["actual"] + f["forecast"] + f["counted"]
        variance = sign * (outturn - f["latest"])
        pct = ""
        if f["latest"] != 0:
            p = (variance * 100 / abs(f["latest"])).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            pct = str(Decimal("0.0") if p == 0 else p)
        out = [level, directorate, service, code, name, method] + [
            f"{f[k]:.2f}" for k in ("original", "virements", "latest", "actual", "commitments", "counted", "forecast")
        ] + [f"{outturn:.2f}", f"{variance:.2f}", pct, rag(outturn - f["latest"], f["latest"], rules.get(level.replace(" ", "_")))]
        if prev is not None:
            p_out, p_latest, causes = prev
            out += [f"{p_out:.2f}", f"{sign * (p_out - p_latest):.2f}", f"{outturn - p_out:.2f}"]
            out += [f"{causes[c]:.2f}" for c in CAUSES]
        return out

    def figures(y):
        return {"original": y["original"], "virements": y["virements"], "latest": y["latest"],
                "actual": sum(y["parts"]["actual"]), "commitments": y["commitments"], "counted": y["counted"],
                "forecast": sum(sum(v) for k, v in y["parts"].items() if k != "actual")}

    def add(a, b):
        return {k: a.get(k, ZERO) + b[k] for k in b}

    def add_prev(a, b):
        if b is None:
            return a
        if a is None:
            return b
        return (a[0] + b[0], a[1] + b[1], {c: a[2][c] + b[2][c] for c in CAUSES})

    out = csv.writer(sys.stdout, lineterminator="\n")
    header = ["level", "directorate", "service", "cost_centre", "name", "forecast_method",
              "original_budget", "virements", "latest_budget", "actual", "commitments",
              "commitments_counted", "forecast", "outturn", "variance", "variance_percent", "rag"]
    if saved is not None:
        header += ["previous_outturn", "previous_variance", "movement"] + ["movement_" + c.replace(" ", "_") for c in CAUSES]
    out.writerow(header)
    empty = {"latest": ZERO, "commitments": ZERO, "parts": {}}
    council, council_prev = {}, None
    directorates = list(dict.fromkeys(h["directorate"] for h in budget))
    for dname in directorates:
        dsum, dprev = {}, None
        for sname in dict.fromkeys(h["service"] for h in budget if h["directorate"] == dname):
            ssum, sprev = {}, None
            for h in (h for h in budget if h["service"] == sname):
                y = holder_year(h, cfg, year, m, ledger, last_year, contracts, commitments, virements)
                f = figures(y)
                prev = movement(y, saved.get(h["cost_centre"], empty), m) if saved is not None else None
                out.writerow(row("cost centre", dname, sname, h["cost_centre"], h["name"], y["method"], f, prev))
                ssum, sprev = add(ssum, f), add_prev(sprev, prev)
            out.writerow(row("service", dname, sname, "", "", "", ssum, sprev))
            dsum, dprev = add(dsum, ssum), add_prev(dprev, sprev)
        out.writerow(row("directorate", dname, "", "", "", "", dsum, dprev))
        council, council_prev = add(council, dsum), add_prev(council_prev, dprev)
    out.writerow(row("council", "", "", "", "", "", council, council_prev))


if __name__ == "__main__":
    main(sys.argv)
