#!/usr/bin/env python3
"""Generate the sample input/ folder of roit-report: a network of five units, three grant years.

    python3 tools/gen_sample.py           write input/*.csv, input/report.ini, input/README.md
    python3 tools/gen_sample.py --check   exit 1 when the files in input/ differ from what
                                          this script generates (nothing is written)

The data are invented but shaped like real exports: the Met Online Investigation Team, funded
by a Home Office grant of £250,000 a year for 2018/19, 2019/20 (PCD 510) and 2020/21 (PCD 815),
with a bid of £275,000 for 2021/22, and four regional teams after it (OTHER_UNITS), each drawn
from a random stream of its own so the Met's rows stay as they were. Spend runs to March 2021.

Only the Python standard library is used and the random seed is fixed, so the output is
byte-for-byte the same on every run. The generated files are committed: the program and its
tests never need Python. After generating, the script reads its own CSV files back (with
the csv module and the contract's money grammar), recomputes the reference figures from
them and checks them against its own totals; those figures go to stdout and README.md so a
person can cross-check the program's reports.
"""

import argparse
import calendar
import csv
import datetime
import io
import os
import random
import re
import sys
from fractions import Fraction

SEED = 20200630
UNIT = "Met Online Investigation Team"
SLUG = "met-online-investigation-team"
YEARS = [2018, 2019, 2020]          # financial years, by the year they start
AWARD_PENCE = 250_000_00
REQUEST_PENCE = 275_000_00
CHECK_MONTH = (2020, 6)             # the month whose figures the README spells out
AMBER_PCT, RED_PCT, MATERIALITY = 5, 10, 1000

HERE = os.path.dirname(os.path.abspath(__file__))
INPUT = os.path.join(os.path.dirname(HERE), "input")


# ---------------------------------------------------------------------------------------
# Small helpers: financial years, months, money text, CSV lines.

def fy_name(fy):
    """2020 -> '2020/21'."""
    return "%d/%02d" % (fy, (fy + 1) % 100)


def fy_months(fy):
    """The twelve (year, month) of a financial year, April first."""
    return [(fy, m) for m in range(4, 13)] + [(fy + 1, m) for m in range(1, 4)]


def fy_of(year, month):
    return year if month >= 4 else year - 1


def period_of(year, month):
    return (month + 8) % 12 + 1


def month_text(ym):
    return "%04d-%02d" % ym


def pounds_commas(pence):
    """Non-negative pence -> '12,500.00'."""
    return "{:,}.{:02d}".format(pence // 100, pence % 100)


def money(pence, negative_style="-"):
    """Pence -> '£12,500.00'; negatives as '-£12.00' or '(£12.00)'."""
    if pence >= 0:
        return "£" + pounds_commas(pence)
    if negative_style == "(":
        return "(£" + pounds_commas(-pence) + ")"
    return "-£" + pounds_commas(-pence)


def whole_pounds(pence):
    """Pence -> whole pounds, rounded half away from zero (as the reports show them)."""
    sign = -1 if pence < 0 else 1
    return sign * ((abs(pence) + 50) // 100)


def show_pounds(pence):
    """Pence -> '£12,345' or '-£1,200', as the reports print money."""
    p = whole_pounds(pence)
    return ("-" if p < 0 else "") + "£{:,}".format(abs(p))


def show_pct(num, den):
    """num/den*100 to one decimal place, half away from zero; 'n/a' when den is 0."""
    if den == 0:
        return "n/a"
    f = Fraction(num * 100, den)
    sign = "-" if f < 0 else ""
    tenths = (abs(f) * 10 + Fraction(1, 2)).__floor__()
    return "%s%d.%d%%" % (sign, tenths // 10, tenths % 10)


def csv_field(text, force=False):
    text = str(text)
    if force or any(c in text for c in ',"\r\n') or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_line(fields, force=()):
    return ",".join(csv_field(f, i in force) for i, f in enumerate(fields)) + "\n"


def exp_neg(x):
    """e**-x with + * / only (exactly rounded everywhere), so no libm difference can
    change the generated files from one machine to another."""
    term, total = 1.0, 1.0
    for k in range(1, 40):
        term = term * x / k
        total += term
    return 1.0 / total


def noise(rng, sd):
    """A bell-shaped deviate of about the given spread, from uniforms only (no libm)."""
    return (rng.random() + rng.random() + rng.random() - 1.5) * 2 * sd


def banded(rng, bands):
    """An integer from one of the (weight, lowest, highest) bands: a long-tailed spread."""
    _, lo, hi = rng.choices(bands, [w for w, _, _ in bands])[0]
    return rng.randint(lo, hi)


def poisson(rng, lam):
    """Knuth's method: deterministic given the generator."""
    limit, k, p = exp_neg(lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def days_of(ym, weekdays_only):
    n = calendar.monthrange(*ym)[1]
    days = [datetime.date(ym[0], ym[1], d) for d in range(1, n + 1)]
    return [d for d in days if d.weekday() < 5] if weekdays_only else days


# ---------------------------------------------------------------------------------------
# The spend profile (budget.csv).

CATEGORIES = [
    "Staff overtime",
    "Covert online infrastructure",
    "Digital forensics licences",
    "Training",
    "Travel & subsistence",
    "Equipment",
]

# Annual budget per category in pounds; every year sums to the award.
ANNUAL = {
    2018: [112_000, 44_000, 38_000, 22_000, 16_000, 18_000],
    2019: [110_000, 46_000, 40_000, 20_000, 15_000, 19_000],
    2020: [108_000, 48_000, 42_000, 18_000, 14_000, 20_000],
}

# Monthly phasing weights, April to March.
PHASING = {
    "Staff overtime":               [9, 9, 10, 8, 6, 8, 9, 9, 6, 8, 9, 9],
    "Covert online infrastructure": [12, 6, 6, 12, 6, 6, 12, 6, 6, 12, 6, 10],
    "Digital forensics licences":   [85, 0, 0, 0, 0, 0, 15, 0, 0, 0, 0, 0],
    "Training":                     [0, 5, 20, 5, 0, 15, 10, 20, 5, 0, 15, 5],
    "Travel & subsistence":         [8, 9, 10, 8, 6, 9, 10, 9, 6, 8, 9, 8],
    "Equipment":                    [20, 15, 10, 0, 0, 0, 0, 0, 0, 20, 15, 20],
}


def build_profile():
    """{(fy, category): [12 amounts in pence]}, each month rounded to £50, the remainder
    in the last month with a weight, so each category meets its annual budget exactly."""
    profile = {}
    for fy in YEARS:
        assert sum(ANNUAL[fy]) * 100 == AWARD_PENCE, fy
        for cat, annual in zip(CATEGORIES, ANNUAL[fy]):
            w = PHASING[cat]
            months = [(annual * x // sum(w) + 25) // 50 * 50 * 100 for x in w]
            last = max(i for i, x in enumerate(w) if x)
            months[last] += annual * 100 - sum(months)
            assert months[last] > 0
            profile[(fy, cat)] = months
        total = sum(sum(profile[(fy, c)]) for c in CATEGORIES)
        if total != AWARD_PENCE:
            sys.exit("gen_sample: the %s profile sums to %s, not the award" % (fy_name(fy), money(total)))
    return profile


# ---------------------------------------------------------------------------------------
# Actual spend (spend.csv).

# How far each category runs from its profile, by year: the whole year's lean.
BIAS = {
    2018: {"Staff overtime": -0.04, "Covert online infrastructure": -0.07, "Digital forensics licences": 0.0,
           "Training": -0.10, "Travel & subsistence": -0.05, "Equipment": 0.05},
    2019: {"Staff overtime": 0.03, "Covert online infrastructure": 0.0, "Digital forensics licences": 0.02,
           "Training": -0.03, "Travel & subsistence": -0.02, "Equipment": -0.02},
    2020: {"Staff overtime": 0.08, "Covert online infrastructure": 0.05, "Digital forensics licences": 0.03,
           "Training": -0.15, "Travel & subsistence": -0.40, "Equipment": -0.10},
}
NOISE = {"Staff overtime": 0.05, "Covert online infrastructure": 0.04, "Digital forensics licences": 0.0,
         "Training": 0.15, "Travel & subsistence": 0.12, "Equipment": 0.15}

# Months whose multiplier of profile is set by hand (no noise): the story of the sample.
# 2018/19 starts slowly (posts still being filled); March 2020 and 2020/21 Q1 are Covid-19:
# overtime up (+12% YTD by June), online infrastructure up, home-working equipment bought
# early, travel and training down.
OVERRIDE = {
    (2018, 4, "Staff overtime"): 0.82, (2018, 5, "Staff overtime"): 0.86, (2018, 6, "Staff overtime"): 0.90,
    (2020, 3, "Travel & subsistence"): 0.35, (2020, 3, "Training"): 0.25,
    (2020, 4, "Staff overtime"): 1.10, (2020, 5, "Staff overtime"): 1.12, (2020, 6, "Staff overtime"): 1.14,
    (2020, 4, "Covert online infrastructure"): 1.08, (2020, 5, "Covert online infrastructure"): 1.12,
    (2020, 6, "Covert online infrastructure"): 1.10,
    (2020, 4, "Training"): 0.0, (2020, 5, "Training"): 0.60, (2020, 6, "Training"): 0.90,
    (2020, 4, "Travel & subsistence"): 0.35, (2020, 5, "Travel & subsistence"): 0.45,
    (2020, 6, "Travel & subsistence"): 0.60,
    (2020, 4, "Equipment"): 1.60, (2020, 5, "Equipment"): 1.40, (2020, 6, "Equipment"): 1.30,
}

OPERATIONS = {
    2018: ["Op KESTREL", "Op HALYARD", "Op FENWICK", "Op BRACKEN"],
    2019: ["Op KESTREL", "Op SEXTANT", "Op LANTERN", "Op CORMORANT", "Op MERIDIAN"],
    2020: ["Op SEXTANT", "Op GANTRY", "Op TOLLGATE", "Op PARAPET", "Op CORMORANT"],
}

OVERTIME_KINDS = [
    "rest day worked", "extended tour", "on-call recall", "warrant execution",
    "evidential review, covert online material", "undercover online deployment",
    "interview and charge file", "search and arrest phase",
]
# (rank, hourly overtime rate in pounds): time and a third / time and a half rates.
OVERTIME_RATES = [("PC", 28.40), ("DC", 30.15), ("DC", 33.20), ("DS", 38.90), ("DS", 41.75),
                  ("PS staff", 22.60), ("PS staff", 24.10)]

INFRA_ITEMS = [
    ("Amazon Web Services EMEA SARL", "Cloud hosting - covert research environment", 0.36),
    ("Cwmni Diogelwch Llŷn Cyf", "Managed attribution service - non-attributable browsing, monthly", 0.24),
    ("Virgin Media Business Ltd", "Non-attributable leased line - monthly rental", 0.16),
    ("Vodafone Ltd", "Covert SIMs and mobile data - 24 connections", 0.14),
    ("Cloudflare Ltd", "DNS and proxy services - test domains", 0.10),
]
INFRA_QUARTERLY = ("Hadley Secure Systems Ltd", "Persona management platform - quarter in advance")

LICENCES = [  # April invoices, as shares of the April profile
    ("Cellebrite UK Ltd", "UFED 4PC and Physical Analyzer - annual renewal, 5 seats", 0.47),
    ("Magnet Forensics Inc", "AXIOM and AXIOM Cyber - annual licence renewal", 0.37),
    ("Maltego Technologies GmbH", "Maltego Pro - annual subscription, 8 users", 0.16),
]
# Renewal invoices that came late and were paid in May: timing variances (April 2018 is
# RED at P1 because of it, April 2020 AMBER).
LATE_LICENCE = {(2018, "Cellebrite UK Ltd"): datetime.date(2018, 5, 9),
                (2020, "Maltego Technologies GmbH"): datetime.date(2020, 5, 12)}
LICENCE_OCTOBER = ("Chainalysis Inc", "Reactor - cryptocurrency tracing, annual licence")

TRAINING_ITEMS = [
    ("College of Policing Ltd", "Internet Investigator course (IIC) - 2 delegates"),
    ("SANS Institute", "FOR578 Cyber Threat Intelligence - 1 delegate"),
    ("QA Ltd", "Python for investigators - 3 delegates"),
    ("Cellebrite UK Ltd", "CCO/CCPA certification - 2 delegates"),
    ("Magnet Forensics Inc", "AX200 AXIOM examinations - 1 delegate"),
    ("QA Ltd", "Dark web and cryptocurrency investigation - 2 delegates"),
]

TRAVEL_ITEMS = [  # (supplier, description, lowest, highest pounds)
    ("Trainline.com Ltd", "Rail travel - {op} enquiries", 18, 160),
    ("Avanti West Coast", "Rail travel - London to Manchester, {op}", 45, 190),
    ("Premier Inn Hotels Ltd", "Accommodation - {op}, 1 night", 62, 115),
    ("Travelodge Hotels Ltd", "Accommodation - {op}, 1 night", 48, 95),
    ("MPS Expenses", "Subsistence claim - {op}", 6, 38),
    ("MPS Expenses", "Mileage claim - {op}", 9, 75),
    ("Corporate Travel Management (UK) Ltd", "Travel booking fee - {op}", 12, 30),
]

EQUIPMENT_ITEMS = [
    ("Dell Corporation Ltd", "Precision laptops for covert online work, x2"),
    ("Société Générale Equipment UK", "Lease - forensic imaging workstations, quarterly rental"),
    ("Insight Direct (UK) Ltd", "Encrypted USB drives and hardware write blockers"),
    ("Scan Computers International Ltd", "NAS storage for digital evidence, 48TB"),
    ("Insight Direct (UK) Ltd", "Standalone internet terminals and monitors"),
]
EQUIPMENT_SMALL = [
    ("Scan Computers International Ltd", "Replacement cables and adaptors"),
    ("Insight Direct (UK) Ltd", "Replacement write-blocker power supply"),
    ("Dell Corporation Ltd", "Laptop docking station"),
]

# A handful of refunds, credit notes and journals: (date, category, pence, supplier,
# description, reference, negative style). They come on top of the planned spend.
NEGATIVES = [
    ((2018, 11, 14), "Staff overtime", -312_50, "MPS Payroll",
     "Journal - overtime charged in error to grant (Op CARDINAL, force funded)", "JNL 18/0411", "-"),
    ((2019, 1, 16), "Travel & subsistence", -35_60, "MPS Expenses",
     "Journal - duplicate subsistence claim reversed", "JNL 18/0587", "-"),
    ((2019, 5, 22), "Equipment", -1_249_00, "Dell Corporation Ltd",
     "Credit note - laptop returned faulty", "CN-7734102", "("),
    ((2019, 8, 7), "Covert online infrastructure", -240_00, "Virgin Media Business Ltd",
     "SLA rebate - leased line outage 12/07/2019", "CR 55810", "-"),
    ((2020, 3, 24), "Travel & subsistence", -120_00, "Trainline.com Ltd",
     "Refund - rail travel cancelled (Covid-19)", "TL-R-830114", "("),
    ((2020, 3, 27), "Travel & subsistence", -86_40, "Premier Inn Hotels Ltd",
     "Refund - booking cancelled (Covid-19)", "PI-REF-20411", "("),
    ((2020, 4, 9), "Training", -1_495_00, "QA Ltd",
     "Refund - course cancelled, Covid-19 restrictions", "QA-CN-118204", "("),
    ((2020, 11, 18), "Digital forensics licences", -1_850_00, "Cellebrite UK Ltd",
     "Credit - licence seats reduced from 6 to 5", "CN-UK-20-0917", "-"),
    ((2021, 2, 10), "Equipment", -64_99, "Scan Computers International Ltd",
     "Credit note - adaptor returned", "SCN-CR-41187", "("),
]

COST_CENTRE = {"Staff overtime": "OIT01", "Travel & subsistence": "OIT01", "Training": "OIT01",
               "Covert online infrastructure": "OIT02", "Digital forensics licences": "OIT02",
               "Equipment": "OIT02"}


def split_by_weights(rng, total, weights, jitter=0.2):
    """Positive pence summing to total, roughly in proportion to weights."""
    w = [x * (1 + rng.uniform(-jitter, jitter)) for x in weights]
    parts = [int(total * x / sum(w)) for x in w]
    parts[0] += total - sum(parts)
    return parts


def fill(rng, target, draw, min_last):
    """Amounts drawn until the target is nearly met; the last amount makes it exact."""
    amounts, remaining = [], target
    while remaining >= min_last:
        a = draw()
        if remaining - a < min_last:
            break
        amounts.append(a)
        remaining -= a
    if remaining > 0:
        amounts.append(remaining)
    return amounts


class Spend:
    def __init__(self):
        self.rows = []      # (date, category, pence, supplier, description, reference, style)
        self.seq = {}

    def ref(self, prefix, ym):
        key = (prefix, ym[0])
        self.seq[key] = self.seq.get(key, 0) + 1
        return "%s-%d-%05d" % (prefix, ym[0], self.seq[key] + 1000)

    def add(self, date, cat, pence, supplier, description, reference, style="-"):
        self.rows.append((date, cat, pence, supplier, description, reference, style))


def build_spend(rng, profile):
    sp = Spend()
    for fy in YEARS:
        ops = OPERATIONS[fy]
        for p, ym in enumerate(fy_months(fy)):
            for cat in CATEGORIES:
                planned = profile[(fy, cat)][p]
                key = (ym[0], ym[1], cat)
                if key in OVERRIDE:
                    mult = OVERRIDE[key]
                else:
                    mult = 1 + BIAS[fy][cat] + max(-0.3, min(0.3, noise(rng, NOISE[cat])))
                target = int(round(planned * mult))
                spend_month(rng, sp, fy, p, ym, cat, planned, target, ops)
    for (y, m, d), cat, pence, supplier, desc, ref, style in NEGATIVES:
        sp.add(datetime.date(y, m, d), cat, pence, supplier, desc, ref, style)
    # A ledger export lists payments by date; same-day rows keep the order they were made.
    sp.rows.sort(key=lambda r: r[0])
    return sp.rows


def spend_month(rng, sp, fy, p, ym, cat, planned, target, ops):
    weekdays, alldays = days_of(ym, True), days_of(ym, False)

    if cat == "Staff overtime":
        def claim():
            rank, rate = rng.choice(OVERTIME_RATES)
            hours = rng.choice([2, 2, 3, 3, 3, 4, 4, 5, 5, 6, 7, 8, 10]) + rng.choice([0, 0.25, 0.5, 0.75])
            return int(round(hours * rate * 100))
        for amount in fill(rng, target, claim, 40_00):
            what = rng.choice(OVERTIME_KINDS)
            sp.add(rng.choice(alldays), cat, amount, "MPS Payroll",
                   "Overtime - %s - %s" % (rng.choice(ops), what), sp.ref("OT", ym))

    elif cat == "Covert online infrastructure":
        items = list(INFRA_ITEMS)
        weights = [w for _, _, w in items]
        if PHASING[cat][p] > 6:     # a quarter's persona platform is paid in advance
            items.append(INFRA_QUARTERLY + (0,))
            weights.append(sum(weights))
        for (supplier, desc, _), amount in zip(items, split_by_weights(rng, target, weights, 0.1)):
            sp.add(rng.choice(weekdays), cat, amount, supplier, desc, sp.ref("INV", ym))

    elif cat == "Digital forensics licences":
        if ym[1] == 4:
            for supplier, desc, share in LICENCES:
                amount = int(round(target * share))
                day = LATE_LICENCE.get((fy, supplier), rng.choice(weekdays[:10]))
                sp.add(day, cat, amount, supplier, desc, sp.ref("INV", ym))
        elif target:
            sp.add(rng.choice(weekdays), cat, target, LICENCE_OCTOBER[0], LICENCE_OCTOBER[1], sp.ref("INV", ym))

    elif cat == "Training":
        if target == 0 and rng.random() < 0.25 and (fy, ym[1]) != (2020, 4):
            target = rng.choice([95_00, 150_00, 240_00])   # a webinar outside the plan
        if target:
            n = 1 if target < 1500_00 else rng.choice([1, 2, 3])
            for amount, (supplier, desc) in zip(split_by_weights(rng, target, [1] * n),
                                                rng.sample(TRAINING_ITEMS, n)):
                sp.add(rng.choice(weekdays), cat, amount, supplier, desc, sp.ref("PO", ym))

    elif cat == "Travel & subsistence":
        def trip():
            trip.item = rng.choice(TRAVEL_ITEMS)
            return int(rng.uniform(trip.item[2], trip.item[3]) * 100)
        for amount in fill(rng, target, trip, 15_00):
            supplier, desc, _, _ = rng.choice(TRAVEL_ITEMS) if amount < 15_00 else trip.item
            day = rng.choice(weekdays)
            sp.add(day, cat, amount, supplier, desc.format(op=rng.choice(ops)),
                   sp.ref("EXP" if supplier == "MPS Expenses" else "TRV", ym))

    elif cat == "Equipment":
        if target == 0 and rng.random() < 0.4:
            supplier, desc = rng.choice(EQUIPMENT_SMALL)
            sp.add(rng.choice(weekdays), cat, rng.randint(40_00, 380_00), supplier, desc, sp.ref("PO", ym))
        elif target:
            n = rng.choice([1, 2, 2, 3, 4])
            for amount, (supplier, desc) in zip(split_by_weights(rng, target, [1] * n, 0.5),
                                                rng.sample(EQUIPMENT_ITEMS, n)):
                sp.add(rng.choice(weekdays), cat, amount, supplier, desc, sp.ref("PO", ym))


# ---------------------------------------------------------------------------------------
# Outcomes (outcomes.csv) and targets (targets.csv).

MEASURES = ["networks_targeted", "networks_disrupted", "arrests", "charges", "class_a_seizures",
            "class_a_kg", "firearms_seized", "cash_seized", "online_takedowns", "individuals_identified"]

TARGETS = {
    2018: {"networks_disrupted": 20, "arrests": 40, "charges": 30, "firearms_seized": 6,
           "cash_seized": 100000, "class_a_kg": 5},
    2019: {"networks_disrupted": 22, "arrests": 44, "charges": 32, "firearms_seized": 6,
           "cash_seized": 110000, "class_a_kg": 6},
    2020: {"networks_disrupted": 24, "arrests": 48, "charges": 36, "firearms_seized": 8,
           "cash_seized": 120000, "class_a_kg": 6},
}

RATE = {  # monthly means by year
    2018: {"arrests": 3.4, "charges": 2.5, "class_a_seizures": 1.1, "firearms_seized": 0.55,
           "cash_events": 1.1, "online_takedowns": 7, "individuals_identified": 11},
    2019: {"arrests": 3.8, "charges": 2.8, "class_a_seizures": 1.3, "firearms_seized": 0.6,
           "cash_events": 1.2, "online_takedowns": 8, "individuals_identified": 12},
    2020: {"arrests": 4.1, "charges": 3.0, "class_a_seizures": 1.3, "firearms_seized": 0.75,
           "cash_events": 1.3, "online_takedowns": 12, "individuals_identified": 14},
}

# 2020/21 Q1 set by hand so that June 2020 shows every outcome RAG:
# (networks_targeted, disruption levels, arrests, charges, class A kg per seizure,
#  firearms, cash per seizure in pence, takedowns, individuals identified)
OUTCOME_PLAN = {
    (2020, 4): (4, ["major", "minor"], [2, 1], [2], ["0.350"], 1, [6_240_00], 11, 14),
    (2020, 5): (5, ["moderate", "Moderate", "minor"], [3, 1], [1, 1], ["0.620", "0.080"], 0,
                [2_160_50, 8_950_00], 14, 16),
    (2020, 6): (4, ["Major", "moderate"], [1, 2, 1], [3], ["0.350"], 1, [6_999_50], 12, 13),
}

OUTCOME_NOTES = {
    "networks_disrupted": ["Dark-web vendor shop closed, operators arrested",
                           "County line run through encrypted messaging, dismantled",
                           "Supply network disrupted, upstream contact identified",
                           "Marketplace vendor accounts seized, parcels intercepted",
                           "Crypto cash-out route closed; wallets frozen"],
    "arrests": ["Warrants executed at dawn", "Arrested on arrival at Stansted",
                "Arrest following controlled delivery", "Arrested at home address, devices seized"],
    "charges": ["Charged, PWITS Class A", "Charged, conspiracy to supply", "Charged, money laundering",
                "Charged, possession of a prohibited firearm"],
    "class_a_seizures": ["Cocaine, parcel intercepted", "Heroin and crack cocaine, search warrant",
                         "MDMA and cocaine, vehicle stop"],
    "firearms_seized": ["Converted blank-firing pistol", "Self-loading pistol and ammunition",
                        "Sawn-off shotgun recovered in search"],
    "cash_seized": ["Cash found in search, POCA s.294", "Cash seized at address, POCA",
                    "Cash in vehicle, detained under POCA"],
}


# Size of one seizure: Class A in grams, cash in pounds.
KG_BANDS = [(30, 20, 100), (35, 100, 400), (25, 400, 1000), (10, 1000, 2000)]
CASH_BANDS = [(40, 500, 3000), (35, 3000, 9000), (20, 9000, 20000), (5, 20000, 35000)]


def build_outcomes(rng):
    rows = []   # (date, measure, value text, level, reference, notes)
    for fy in YEARS:
        ops, rate = OPERATIONS[fy], RATE[fy]
        for ym in fy_months(fy):
            end = datetime.date(ym[0], ym[1], calendar.monthrange(*ym)[1])
            days = days_of(ym, False)
            plan = OUTCOME_PLAN.get(ym)
            if plan:
                targeted, levels, arrests, charges, kgs, firearms, cash, takedowns, idents = plan
            else:
                targeted = rng.randint(3, 6)
                levels = [rng.choices(["major", "moderate", "minor"], [20, 45, 35])[0]
                          for _ in range(rng.choices([1, 2, 3], [38, 44, 18])[0])]
                arrests = groups(rng, poisson(rng, rate["arrests"]))
                charges = groups(rng, poisson(rng, rate["charges"]))
                kgs = ["%d.%03d" % divmod(banded(rng, KG_BANDS), 1000)
                       for _ in range(poisson(rng, rate["class_a_seizures"]))]
                firearms = poisson(rng, rate["firearms_seized"])
                cash = [banded(rng, CASH_BANDS) // 10 * 1000
                        + rng.choice([0, 0, 0, 50]) for _ in range(poisson(rng, rate["cash_events"]))]
                takedowns = poisson(rng, rate["online_takedowns"])
                idents = poisson(rng, rate["individuals_identified"])

            rows.append((end, "networks_targeted", str(targeted), "", "NCA/ROCU tasking", "Monthly return"))
            for level in levels:
                rows.append((rng.choice(days), "networks_disrupted", "1", level, rng.choice(ops),
                             rng.choice(OUTCOME_NOTES["networks_disrupted"])))
            for n in arrests:
                rows.append((rng.choice(days), "arrests", str(n), "", rng.choice(ops),
                             rng.choice(OUTCOME_NOTES["arrests"])))
            for n in charges:
                rows.append((rng.choice(days), "charges", str(n), "", rng.choice(ops),
                             rng.choice(OUTCOME_NOTES["charges"])))
            for kg in kgs:
                day, op, note = rng.choice(days), rng.choice(ops), rng.choice(OUTCOME_NOTES["class_a_seizures"])
                rows.append((day, "class_a_seizures", "1", "", op, note))
                rows.append((day, "class_a_kg", kg, "", op, note))
            for _ in range(firearms):
                rows.append((rng.choice(days), "firearms_seized", "1", "", rng.choice(ops),
                             rng.choice(OUTCOME_NOTES["firearms_seized"])))
            for pence in cash:
                rows.append((rng.choice(days), "cash_seized", "%d.%02d" % (pence // 100, pence % 100), "",
                             rng.choice(ops), rng.choice(OUTCOME_NOTES["cash_seized"])))
            rows.append((end, "online_takedowns", str(takedowns), "", "",
                         "Listings, accounts and sites removed on request"))
            rows.append((end, "individuals_identified", str(idents), "", "",
                         "Suspects identified from online activity, referred or actioned"))
    rows.sort(key=lambda r: r[0])
    return rows


def groups(rng, n):
    """n people split into events of one to three."""
    out = []
    while n > 0:
        k = min(n, rng.choice([1, 1, 2, 2, 3]))
        out.append(k)
        n -= k
    return out


# ---------------------------------------------------------------------------------------
# Reading the files back, as the contract reads them, to derive the reference figures.

MONEY_RE = re.compile(r"^\s*(?:(-)\s*)?(\()?\s*(?:£|GBP)?\s*(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d{1,2}))?\s*(\))?\s*$")


def parse_money(text):
    m = MONEY_RE.match(text)
    if not m or bool(m.group(2)) != bool(m.group(5)) or (m.group(1) and m.group(2)):
        raise ValueError("not money: %r" % text)
    pence = int(m.group(3).replace(",", "")) * 100 + int((m.group(4) or "0").ljust(2, "0"))
    return -pence if (m.group(1) or m.group(2)) else pence


def parse_quantity(text):
    whole, _, frac = text.partition(".")
    assert whole.isdigit() and len(frac) <= 3 and (frac == "" or frac.isdigit()), text
    return int(whole) * 1000 + int(frac.ljust(3, "0") or 0)


def read_csv(text):
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return rows[0], [r for r in rows[1:] if any(f.strip() for f in r)]


def figures_from_files(files, only=UNIT):
    """Everything the README quotes of one unit, recomputed from the CSV text alone."""
    f = {}
    _, grants = read_csv(files["grants.csv"])
    f["award"] = {r[1]: parse_money(r[2]) for r in grants if r[3] == "awarded" and r[0] == only}
    _, budget = read_csv(files["budget.csv"])
    f["profile"] = {}
    f["cat_order"] = {}
    for unit, month, cat, amount in budget:
        if unit != only:
            continue
        y, m = map(int, month.split("-"))
        f["profile"][(y, m, cat)] = f["profile"].get((y, m, cat), 0) + parse_money(amount)
        f["cat_order"].setdefault(fy_of(y, m), [])
        if cat not in f["cat_order"][fy_of(y, m)]:
            f["cat_order"][fy_of(y, m)].append(cat)
    _, spend = read_csv(files["spend.csv"])
    f["actual"], f["spend_rows"], f["footer"], f["all_rows"], f["all_spend"] = {}, 0, None, 0, 0
    f["last_day"] = {}
    for r in spend:
        if r[0].strip().lower() in ("total", "grand total"):
            f["footer"] = parse_money(r[3])
            continue
        d, mth, y = map(int, r[0].split("/"))
        datetime.date(y, mth, d)
        f["all_rows"] += 1
        f["all_spend"] += parse_money(r[3])
        if r[1] != only:
            continue
        f["actual"][(y, mth, r[2])] = f["actual"].get((y, mth, r[2]), 0) + parse_money(r[3])
        f["last_day"][(y, mth)] = max(f["last_day"].get((y, mth), 0), d)
        f["spend_rows"] += 1
    _, outcomes = read_csv(files["outcomes.csv"])
    f["outcome"], f["levels"] = {}, {}
    for date, unit, measure, value, level, ref, notes in outcomes:
        if unit != only:
            continue
        y, m, _ = map(int, date.split("-"))
        if measure == "cash_seized":
            v = Fraction(parse_money(value), 100)
        elif measure == "class_a_kg":
            v = Fraction(parse_quantity(value), 1000)
        else:
            assert value.isdigit(), value
            v = int(value)
        f["outcome"][(y, m, measure)] = f["outcome"].get((y, m, measure), 0) + v
        if level:
            key = (y, m, level.lower())
            f["levels"][key] = f["levels"].get(key, 0) + v
    _, targets = read_csv(files["targets.csv"])
    f["target"] = {(int(r[1][:4]), r[2]): int(r[3]) for r in targets if r[0] == only}
    f["commented"] = set()
    if "commentary.csv" in files:
        _, comments = read_csv(files["commentary.csv"])
        f["commented"] = {(r[1], r[2]) for r in comments if r[0] == only}
    return f


def fmt_value(measure, v):
    if measure == "cash_seized":
        return "£{:,.2f}".format(float(v)) if v % 1 else "£{:,}".format(int(v))
    if measure == "class_a_kg":
        return "%.3f" % float(v)
    return str(v)


def reference_text(f):
    """The reference figures, as Markdown (also printed by the script)."""
    out = []
    w = out.append
    w("### Spend per financial year (award £250,000 each)\n")
    w("| year | award | profile | actual spend | under(-)/over(+) | utilisation |")
    w("|---|---:|---:|---:|---:|---:|")
    for fy in YEARS:
        prof = sum(v for (y, m, c), v in f["profile"].items() if fy_of(y, m) == fy)
        act = sum(v for (y, m, c), v in f["actual"].items() if fy_of(y, m) == fy)
        aw = f["award"][fy_name(fy)]
        w("| %s | %s | %s | %s (%s) | %s | %s |" % (fy_name(fy), money(aw), money(prof), money(act),
                                                  show_pounds(act), show_pounds(act - aw), show_pct(act, aw)))
    total = sum(f["actual"].values())
    w("\nThe unit's %d spend rows: %s. All %d rows of `spend.csv` (every unit): %s; the `Total` footer row "
      "says %s.\n" % (f["spend_rows"], money(total), f["all_rows"], money(f["all_spend"]), money(f["footer"])))

    cy, cm = CHECK_MONTH
    fy, p = fy_of(cy, cm), period_of(cy, cm)
    months = fy_months(fy)
    w("### Spend, %s (P%d %s), award %s\n" % (month_text(CHECK_MONTH), p, fy_name(fy), money(f["award"][fy_name(fy)])))
    w("| category | month actual | month profile | YTD actual | YTD profile | variance | variance % | annual budget | forecast outturn |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    cats = f["cat_order"][fy] + sorted({c for (y, m, c) in f["actual"] if (y, m) in months[:p]}
                                       - set(f["cat_order"][fy]), key=lambda s: s.encode())
    tot = [0] * 7
    for cat in cats + ["Total"]:
        if cat == "Total":
            vals = tot
        else:
            a = [f["actual"].get((y, m, cat), 0) for (y, m) in months]
            b = [f["profile"].get((y, m, cat), 0) for (y, m) in months]
            vals = [a[p - 1], b[p - 1], sum(a[:p]), sum(b[:p]), sum(a[:p]) - sum(b[:p]), sum(b),
                    sum(a[:p]) + sum(b[p:])]
            tot = [x + y for x, y in zip(tot, vals)]
        w("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            cat, *[show_pounds(v) for v in vals[:5]], show_pct(vals[4], vals[3]),
            show_pounds(vals[5]), show_pounds(vals[6])))
    var_pct = abs(Fraction(tot[4] * 100, tot[3]))
    rag = "GREEN" if var_pct <= AMBER_PCT else "AMBER" if var_pct <= RED_PCT else "RED"
    award = f["award"][fy_name(fy)]
    w("\nExact pence: YTD actual %s, YTD profile %s, variance %s (%s), forecast outturn %s, "
      "forecast variance %s, remaining grant %s. Spend RAG: **%s**.\n" % (
          money(tot[2]), money(tot[3]), money(tot[4]), show_pct(tot[4], tot[3]), money(tot[6]),
          money(tot[6] - award), money(award - tot[2]), rag))

    w("### Outcomes, %s (P%d %s)\n" % (month_text(CHECK_MONTH), p, fy_name(fy)))
    w("| measure | month | YTD | prior YTD (P1-P%d %s) | annual target | pro-rata target | RAG |" % (p, fy_name(fy - 1)))
    w("|---|---:|---:|---:|---:|---:|---|")
    prior = fy_months(fy - 1)
    for meas in MEASURES:
        mo = f["outcome"].get((cy, cm, meas), 0)
        ytd = sum(f["outcome"].get((y, m, meas), 0) for (y, m) in months[:p])
        pytd = sum(f["outcome"].get((y, m, meas), 0) for (y, m) in prior[:p])
        tgt = f["target"].get((fy, meas))
        if tgt is None:
            pro, rag = "", ""
        else:
            pro = Fraction(tgt * p, 12)
            rag = ("GREEN" if ytd >= pro * Fraction(100 - AMBER_PCT, 100) else
                   "AMBER" if ytd >= pro * Fraction(100 - RED_PCT, 100) else "RED")
            pro = fmt_value(meas, pro) if meas != "class_a_kg" else "%.3f" % float(pro)
        w("| %s | %s | %s | %s | %s | %s | %s |" % (meas, fmt_value(meas, mo), fmt_value(meas, ytd),
                                                 fmt_value(meas, pytd), "" if tgt is None else fmt_value(meas, tgt), pro, rag))
    lv = ", ".join("%s %d/%d" % (lvl, f["levels"].get((cy, cm, lvl), 0),
                                 sum(f["levels"].get((y, m, lvl), 0) for (y, m) in months[:p]))
                   for lvl in ("major", "moderate", "minor"))
    w("\nDisruptions by level (month/YTD): %s." % lv)
    ytd_total = tot[2]
    for meas in ("networks_disrupted", "arrests"):
        n = sum(f["outcome"].get((y, m, meas), 0) for (y, m) in months[:p])
        w("Cost per outcome, %s: %s / %d = %s." % (meas, money(ytd_total), n, show_pounds(Fraction(ytd_total, n).__round__())))
    w("")

    w("### Delivery per financial year\n")
    w("| measure | " + " | ".join(fy_name(y) for y in YEARS) + " | total |")
    w("|---|" + "---:|" * (len(YEARS) + 1))
    for meas in MEASURES:
        per = [sum(f["outcome"].get((y, m, meas), 0) for (y, m) in fy_months(fy)) for fy in YEARS]
        w("| %s | %s | %s |" % (meas, " | ".join(fmt_value(meas, v) for v in per), fmt_value(meas, sum(per))))
    w("")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------
# Commentary, written with the figures of the data.

def commentary_rows(f):
    def ytd(fy, p, cat=None):
        months = fy_months(fy)[:p]
        a = sum(v for (y, m, c), v in f["actual"].items() if (y, m) in months and (cat is None or c == cat))
        b = sum(v for (y, m, c), v in f["profile"].items() if (y, m) in months and (cat is None or c == cat))
        return a, b

    def year_total(fy):
        return sum(v for (y, m, c), v in f["actual"].items() if fy_of(y, m) == fy)

    def outcome_ytd(fy, p, meas):
        return sum(f["outcome"].get((y, m, meas), 0) for (y, m) in fy_months(fy)[:p])

    a, b = ytd(2020, 3)
    # The narrative below is written for this shape of the data; stop if a change breaks it.
    assert AMBER_PCT < Fraction(100 * (a - b), b) <= RED_PCT, "2020-06 total is no longer AMBER"
    assert year_total(2018) < AWARD_PENCE < year_total(2020)
    ot_a, ot_b = ytd(2020, 3, "Staff overtime")
    eq_a, eq_b = ytd(2020, 3, "Equipment")
    tr_a, tr_b = ytd(2020, 3, "Travel & subsistence")
    tn_a, tn_b = ytd(2020, 3, "Training")
    in_a, in_b = ytd(2020, 3, "Covert online infrastructure")
    y18, y19 = year_total(2018), year_total(2019)
    a19, b19 = ytd(2019, 12)
    a20, b20 = ytd(2020, 9)

    rows = []
    add = lambda month, section, text: rows.append((UNIT, month, section, text))

    a18, b18 = ytd(2018, 1)
    assert Fraction(100 * (b18 - a18), b18) > RED_PCT, "2018-04 total is no longer RED"
    add("2018-04", "spend",
        "The first month of the grant is %s below profile. The Cellebrite licence renewal was "
        "invoiced late and will be paid in May, and overtime is low while the team is still being "
        "recruited." % show_pounds(b18 - a18))

    add("2019-03", "summary",
        "Year end 2018/19. The team spent %s of the %s PCD 510 award (%s). Most of the underspend of %s "
        "is in Staff overtime, which was low in the first quarter while four of the twelve posts were "
        "still being filled, and in Covert online infrastructure while the managed attribution service "
        "was procured. It has been reported to the Home Office and will be returned in line with the "
        "grant conditions." % (show_pounds(y18), show_pounds(AWARD_PENCE), show_pct(y18, AWARD_PENCE),
                               show_pounds(AWARD_PENCE - y18)))
    add("2019-03", "spend",
        "Covert online infrastructure ran below profile while the managed attribution service was "
        "procured; the contract with Cwmni Diogelwch Llŷn Cyf was let in June 2018 and monthly charges "
        "are now stable.")
    add("2019-03", "outcomes",
        "The team disrupted %d networks against a target of 20 and made %d arrests against 40. "
        "Three dark-web vendor shops supplying Class A drugs by post were closed under Op KESTREL." % (
            outcome_ytd(2018, 12, "networks_disrupted"), outcome_ytd(2018, 12, "arrests")))
    add("2019-03", "continuation",
        "Continuation of PCD 510 into 2019/20 at %s has been confirmed by the Home Office. The "
        "second year will embed the team's dark-web capability and extend support to the regional "
        "units." % show_pounds(AWARD_PENCE))

    add("2020-03", "summary",
        "Year end 2019/20. Spend was %s against the %s award (%s). March was affected by the "
        "Covid-19 restrictions announced on 23 March: travel and training were cancelled and refunds "
        "are being pursued, while officers were redeployed to online work that can be done from home."
        % (show_pounds(a19), show_pounds(AWARD_PENCE), show_pct(a19, AWARD_PENCE)))
    add("2020-03", "risks",
        "Covid-19 presents the following risks to delivery in 2020/21:\n"
        "1. abstraction of officers to the force's Covid-19 response;\n"
        "2. court and custody restrictions delaying charges;\n"
        "3. overtime pressure as online offending rises.\n"
        "Each is recorded on the unit risk register and reviewed fortnightly.")
    add("2020-03", "continuation",
        "PCD 815 has been awarded for 2020/21 at %s. The Home Office has asked for the unit's "
        "delivery against the PCD 510 outcomes to be summarised for its spending review submission."
        % show_pounds(AWARD_PENCE))

    add("2020-06", "summary",
        "At the end of P3 2020/21 the unit has spent %s against a year-to-date profile of %s, a net "
        "overspend of %s (%s), and the spend position is reported as AMBER. The overspend is driven by "
        "Staff overtime and by Equipment bought early to allow covert online work from home, partly "
        "offset by travel and training that could not take place under the Covid-19 restrictions. "
        "The forecast assumes overtime returns towards profile from August; if it does not, the unit "
        "will seek force funding for the excess rather than reduce operational activity."
        % (show_pounds(a), show_pounds(b), show_pounds(a - b), show_pct(a - b, b)))
    add("2020-06", "spend",
        "Staff overtime is %s above profile (%s). Since April, online child exploitation and "
        "drug-supply referrals have risen sharply, and Op SEXTANT and Op GANTRY entered their arrest "
        "phases in May and June, requiring extended tours and rest-day working by the covert online "
        "officers. Two DCs have also been abstracted to the force's Covid-19 response, and their work "
        "has been covered on overtime. Overtime is authorised by the DI and reviewed weekly against the "
        "operational plan." % (show_pounds(ot_a - ot_b), show_pct(ot_a - ot_b, ot_b)))
    add("2020-06", "spend",
        "Equipment is %s above profile: laptops and encrypted storage planned for January 2021 were "
        "brought forward so that officers could work from home. Covert online infrastructure is %s "
        "above profile because of additional hosting and covert SIMs. Travel & subsistence (%s) and "
        "Training (%s, after a %s refund from QA Ltd) are below profile because of the restrictions."
        % (show_pounds(eq_a - eq_b), show_pounds(in_a - in_b), show_pounds(tr_a - tr_b),
           show_pounds(tn_a - tn_b), show_pounds(1_495_00)))
    add("2020-06", "outcomes",
        "Networks disrupted are ahead of the pro-rata target (%d against 6), including two major "
        "disruptions. Arrests (%d) and charges (%d) are behind, as custody capacity and charging "
        "decisions were limited during lockdown; six suspects are on pre-charge bail with files with "
        "the CPS. Cash seizures (%s) are below target because fewer warrants were executed in April."
        % (outcome_ytd(2020, 3, "networks_disrupted"), outcome_ytd(2020, 3, "arrests"),
           outcome_ytd(2020, 3, "charges"), fmt_value("cash_seized", outcome_ytd(2020, 3, "cash_seized"))))
    add("2020-06", "risks",
        "The main risk is sustained overtime pressure, which, if unchecked, would take the year's "
        "forecast outturn above the award. The NPCC lead has described the unit's dark-web work as "
        "\"the model for the regions\", and demand from regional units for support has risen "
        "accordingly; requests are prioritised through the monthly tasking meeting so that the team's "
        "capacity is not overcommitted.")
    add("2020-06", "continuation",
        "A continuation bid of %s for 2021/22 (PCD 1020) is being prepared for submission to the Home "
        "Office in September. The increase of %s on the current award reflects the rise in online "
        "offending since the pandemic began, one additional covert online investigator post, and the "
        "full-year cost of the cryptocurrency tracing licence. Over its first two full years the unit "
        "has disrupted %d organised crime networks and made %d arrests."
        % (show_pounds(REQUEST_PENCE), show_pounds(REQUEST_PENCE - AWARD_PENCE),
           outcome_ytd(2018, 12, "networks_disrupted") + outcome_ytd(2019, 12, "networks_disrupted"),
           outcome_ytd(2018, 12, "arrests") + outcome_ytd(2019, 12, "arrests")))

    add("2020-12", "summary",
        "At P9 the unit has spent %s against a profile of %s, %s above it. Staff overtime remains above profile; "
        "the force has agreed to fund any overspend at year end from the Specialist Crime budget."
        % (show_pounds(a20), show_pounds(b20), show_pct(a20 - b20, b20)))
    add("2020-12", "spend",
        "The Cellebrite credit note of £1,850 in November reflects the reduction of the licence from "
        "six seats to five.")

    y20 = year_total(2020)
    add("2021-03", "summary",
        "Year end 2020/21. Spend was %s against the %s PCD 815 award (%s). The overspend of %s is met "
        "by the force, as agreed in December." % (show_pounds(y20), show_pounds(AWARD_PENCE),
                                                   show_pct(y20, AWARD_PENCE), show_pounds(y20 - AWARD_PENCE)))
    add("2021-03", "continuation",
        "The 2021/22 bid of %s (PCD 1020) was submitted on 30 September 2020. The Home Office has "
        "indicated a decision in April 2021." % show_pounds(REQUEST_PENCE))
    return rows


# ---------------------------------------------------------------------------------------
# The rest of the network: four more units with their own grants, budgets, spend, outcomes,
# targets and commentary.  Each is drawn from a random stream of its own, after the Met's, so
# the Met's rows are exactly what they were when the sample held one unit (and come first in
# every file, on the same lines).  Their June 2020 stories give the overview every spend RAG:
# North West GREEN (but overtime needing an explanation), East Midlands AMBER on an even profile,
# Tarian RED (posts vacant), South West no RAG (a new team whose profile starts in July).

OTHER_CATS = {  # phasing weights April..March, and (supplier, description) of its payments
    "Staff overtime": ([9, 9, 10, 8, 6, 8, 9, 9, 6, 8, 9, 9],
                       [("Force payroll", "Overtime - {op}")]),
    "Covert online infrastructure": ([1] * 12,
                                     [("Amazon Web Services EMEA SARL", "Cloud hosting - covert research environment"),
                                      ("Vodafone Ltd", "Covert SIMs and mobile data")]),
    "Digital forensics licences": ([85, 0, 0, 0, 0, 0, 15, 0, 0, 0, 0, 0],
                                   [("Magnet Forensics Inc", "AXIOM - annual licence renewal"),
                                    ("Cellebrite UK Ltd", "UFED 4PC - annual renewal")]),
    "Training": ([0, 5, 20, 5, 0, 15, 10, 20, 5, 0, 15, 5],
                 [("College of Policing Ltd", "Internet Investigator course (IIC)"),
                  ("QA Ltd", "Open source intelligence course")]),
    "Travel & subsistence": ([8, 9, 10, 8, 6, 9, 10, 9, 6, 8, 9, 8],
                             [("Trainline.com Ltd", "Rail travel - {op}"),
                              ("Premier Inn Hotels Ltd", "Accommodation - {op}, 1 night")]),
    "Equipment": ([20, 15, 10, 0, 0, 0, 0, 0, 0, 20, 15, 20],
                  [("Dell Corporation Ltd", "Laptops for covert online work"),
                   ("Insight Direct (UK) Ltd", "Encrypted storage and write blockers")]),
}

OTHER_UNITS = [
    {
        "name": "North West ROCU Online Team", "cc": "NWR01", "ops": ["Op TITAN-CYBER", "Op MARLIN", "Op ASHDOWN"],
        "awards": {2018: (300_000_00, "PCD 511"), 2019: (300_000_00, "PCD 511"), 2020: (320_000_00, "PCD 816")},
        "request": (2021, 330_000_00, "PCD 1021 (bid)"),
        "shares": {"Staff overtime": 0.45, "Covert online infrastructure": 0.2, "Digital forensics licences": 0.15,
                   "Training": 0.08, "Travel & subsistence": 0.05, "Equipment": 0.07},
        "budget_years": [2018, 2019, 2020], "start": 1,
        "lean": {2018: -0.02, 2019: 0.01, 2020: 0.0},
        "override": {(2020, 4, "Staff overtime"): 1.12, (2020, 5, "Staff overtime"): 1.13,
                     (2020, 6, "Staff overtime"): 1.12, (2020, 4, "Training"): 0.0, (2020, 5, "Training"): 0.0,
                     (2020, 6, "Training"): 0.3, (2020, 4, "Travel & subsistence"): 0.2,
                     (2020, 5, "Travel & subsistence"): 0.3, (2020, 6, "Travel & subsistence"): 0.5},
        "rates": {"networks_targeted": 4, "networks_disrupted": 2.2, "arrests": 4.5, "charges": 3.2,
                  "cash_seized": 1.0, "online_takedowns": 9, "individuals_identified": 12},
        "targets": {2018: {"networks_disrupted": 24, "arrests": 50, "charges": 36},
                    2019: {"networks_disrupted": 26, "arrests": 52, "charges": 38},
                    2020: {"networks_disrupted": 26, "arrests": 54, "charges": 40, "cash_seized": 90000}},
        "commentary": [
            ("2019-03", "summary", "Year end 2018/19: spend close to profile; the team reached full strength in "
                                   "September."),
            ("2020-06", "summary", "Spend is on profile overall. Overtime on Op MARLIN's arrest phase is offset by "
                                   "training and travel that could not take place under the Covid-19 restrictions."),
            ("2020-06", "outcomes", "Disruptions and arrests are on track; two Op MARLIN suspects were charged "
                                    "in June."),
        ],
    },
    {
        "name": "East Midlands Special Operations Unit Online Team", "cc": "EMS01",
        "ops": ["Op HOLLOWAY", "Op REDSHANK", "Op QUAYSIDE"],
        "awards": {2018: (180_000_00, "PCD 512"), 2019: (180_000_00, "PCD 512"), 2020: (180_000_00, "PCD 817")},
        "request": None,
        "shares": {"Staff overtime": 0.5, "Covert online infrastructure": 0.25, "Digital forensics licences": 0.1,
                   "Training": 0.05, "Travel & subsistence": 0.05, "Equipment": 0.05},
        # No budget for 2020/21 was sent: the profile is the award spread evenly.
        "budget_years": [2018, 2019], "start": 1,
        "lean": {2018: -0.04, 2019: -0.01, 2020: 0.08},
        "override": {},
        "rates": {"networks_targeted": 3, "networks_disrupted": 1.4, "arrests": 2.6, "charges": 1.8,
                  "online_takedowns": 6, "individuals_identified": 8},
        "targets": {},
        "commentary": [],
    },
    {
        "name": "Tarian ROCU Online Team (Wales)", "cc": "TAR01", "ops": ["Op DRAIG", "Op CERRIG", "Op GWYLAN"],
        "awards": {2019: (200_000_00, "PCD 640"), 2020: (220_000_00, "PCD 818")},
        "request": (2021, 220_000_00, "PCD 1022 (bid)"),
        "shares": {"Staff overtime": 0.4, "Covert online infrastructure": 0.25, "Digital forensics licences": 0.15,
                   "Training": 0.1, "Travel & subsistence": 0.04, "Equipment": 0.06},
        "budget_years": [2019, 2020], "start": 1,
        "lean": {2019: -0.03, 2020: -0.16},
        "override": {(2020, 4, "Staff overtime"): 0.7, (2020, 5, "Staff overtime"): 0.72,
                     (2020, 6, "Staff overtime"): 0.75},
        "rates": {"networks_targeted": 2, "networks_disrupted": 1.1, "arrests": 2.2, "charges": 1.5,
                  "online_takedowns": 14, "individuals_identified": 9, "crypto_wallets_frozen": 1.2},
        "targets": {2019: {"networks_disrupted": 12, "arrests": 24, "online_takedowns": 150},
                    2020: {"networks_disrupted": 14, "arrests": 28, "online_takedowns": 160}},
        "commentary": [
            ("2020-06", "spend", "Spend is below profile because two investigator posts are vacant after "
                                 "promotions; both are being advertised, and overtime is low while they are."),
            ("2020-06", "risks", "If the posts are not filled by September the year will underspend; the unit "
                                 "will tell the Home Office in the Q2 return."),
        ],
    },
    {
        "name": "South West ROCU Online Team", "cc": "SWR01", "ops": ["Op ZEPHYR-NET", "Op TORBAY"],
        "awards": {2020: (150_000_00, "PCD 819")},
        "request": (2021, 160_000_00, "PCD 1023 (bid)"),
        "shares": {"Staff overtime": 0.4, "Covert online infrastructure": 0.3, "Digital forensics licences": 0.1,
                   "Training": 0.1, "Travel & subsistence": 0.05, "Equipment": 0.05},
        # A new team: nothing is profiled before July, while the posts are recruited.
        "budget_years": [2020], "start": 4,
        "lean": {2020: 0.0},
        "override": {},
        "setup": [((2020, 5, 14), "Equipment", 2_890_00, "Dell Corporation Ltd", "Laptops for the new team, x3"),
                  ((2020, 6, 9), "Covert online infrastructure", 640_00, "Vodafone Ltd", "Covert SIMs - set-up")],
        "rates": {"networks_targeted": 1, "networks_disrupted": 0.5, "arrests": 1.0, "charges": 0.6,
                  "individuals_identified": 4},
        "targets": {2020: {"networks_disrupted": 6, "arrests": 12}},
        "commentary": [
            ("2020-06", "summary", "The team is being set up: the first investigators start in July, so nothing "
                                   "is profiled before then. Laptops and covert SIMs were bought early."),
        ],
    },
]


def other_profile(u):
    """{(fy, category): [12 amounts in pence]} of a unit's budget years, in £50 steps, each
    year summing to the award exactly (the remainder in the category's last profiled month)."""
    profile = {}
    for fy in u["budget_years"]:
        award = u["awards"][fy][0]
        cats = list(u["shares"])
        annual = [int(award * u["shares"][c]) // 100 * 100 for c in cats]
        annual[0] += award - sum(annual)
        for cat, amount in zip(cats, annual):
            w = [x if p + 1 >= u["start"] else 0 for p, x in enumerate(OTHER_CATS[cat][0])]
            if sum(w) == 0:
                w = [0] * (u["start"] - 1) + [1] * (13 - u["start"])
            months = [(amount * x // sum(w) + 25_00) // 50_00 * 50_00 for x in w]
            last = max(i for i, x in enumerate(w) if x)
            months[last] += amount - sum(months)
            assert months[last] >= 0
            profile[(fy, cat)] = months
        assert sum(sum(profile[(fy, c)]) for c in cats) == award
    return profile


def other_spend(rng, u, profile):
    """(date, category, pence, supplier, description, reference) of a unit, by date."""
    rows, seq = [], 0
    for fy in sorted(u["awards"]):
        award = u["awards"][fy][0]
        for p, ym in enumerate(fy_months(fy)):
            weekdays = days_of(ym, True)
            for cat in u["shares"]:
                if (fy, cat) in profile:
                    planned = profile[(fy, cat)][p]
                else:   # no budget: spent as the award's share, evenly
                    planned = int(award * u["shares"][cat]) // 12
                mult = u["override"].get((ym[0], ym[1], cat),
                                         1 + u["lean"][fy] + max(-0.2, min(0.2, noise(rng, 0.06))))
                target = int(round(planned * mult))
                if target <= 0:
                    continue
                n = 1 if target < 1000_00 else rng.choice([1, 2, 2, 3, 4])
                for amount in split_by_weights(rng, target, [1] * n, 0.3):
                    supplier, desc = rng.choice(OTHER_CATS[cat][1])
                    seq += 1
                    rows.append((rng.choice(weekdays), cat, amount, supplier, desc.format(op=rng.choice(u["ops"])),
                                 "%s-%d-%05d" % (u["cc"], ym[0], seq)))
    for (y, m, d), cat, pence, supplier, desc in u.get("setup", []):
        seq += 1
        rows.append((datetime.date(y, m, d), cat, pence, supplier, desc, "%s-%d-%05d" % (u["cc"], y, seq)))
    rows.sort(key=lambda r: r[0])
    return rows


def other_outcomes(rng, u):
    """(date, measure, value text, level, reference, notes) of a unit, by date."""
    rows = []
    for fy in sorted(u["awards"]):
        for ym in fy_months(fy):
            end = datetime.date(ym[0], ym[1], calendar.monthrange(*ym)[1])
            days = days_of(ym, False)
            for meas, rate in u["rates"].items():
                n = poisson(rng, rate)
                if meas in ("networks_targeted", "online_takedowns", "individuals_identified",
                            "crypto_wallets_frozen"):
                    rows.append((end, meas, str(n), "", "", "Monthly return"))
                elif meas == "networks_disrupted":
                    for _ in range(n):
                        rows.append((rng.choice(days), meas, "1",
                                     rng.choices(["major", "moderate", "minor"], [20, 45, 35])[0],
                                     rng.choice(u["ops"]), rng.choice(OUTCOME_NOTES[meas])))
                elif meas == "cash_seized":
                    for _ in range(n):
                        pence = banded(rng, CASH_BANDS) * 100
                        rows.append((rng.choice(days), meas, "%d.%02d" % (pence // 100, pence % 100), "",
                                     rng.choice(u["ops"]), rng.choice(OUTCOME_NOTES[meas])))
                else:
                    for k in groups(rng, n):
                        rows.append((rng.choice(days), meas, str(k), "", rng.choice(u["ops"]),
                                     rng.choice(OUTCOME_NOTES[meas])))
    rows.sort(key=lambda r: r[0])
    return rows


def unit_position(files, unit, ym):
    """A unit's spend position at month ym, from the files alone, as the overview shows it:
    (award, YTD actual, YTD profile, forecast, RAG, explanation needed); None without an award."""
    f = figures_from_files(files, unit)
    fy, p = fy_of(*ym), period_of(*ym)
    award = f["award"].get(fy_name(fy))
    if award is None:
        return None
    months = fy_months(fy)
    cats = {c for (y, m, c) in f["profile"] if (y, m) in months}
    if cats:
        prof = {(y, m, c): v for (y, m, c), v in f["profile"].items() if (y, m) in months}
    else:   # the award spread evenly, the remainder in March, in one category
        prof = {(y, m, "Grant"): award // 12 + (award - 12 * (award // 12) if i == 11 else 0)
                for i, (y, m) in enumerate(months)}
        cats = {"Grant"}
    cats |= {c for (y, m, c) in f["actual"] if (y, m) in months[:p]}
    act = lambda c, ms: sum(f["actual"].get((y, m, c), 0) for (y, m) in ms)
    pro = lambda c, ms: sum(prof.get((y, m, c), 0) for (y, m) in ms)
    a = sum(act(c, months[:p]) for c in cats)
    b = sum(pro(c, months[:p]) for c in cats)
    forecast = a + sum(pro(c, months[p:]) for c in cats)
    rag = None
    if b:
        v = abs(Fraction(100 * (a - b), b))
        rag = "GREEN" if v <= AMBER_PCT else "AMBER" if v <= RED_PCT else "RED"
    explain = False
    if (month_text(ym), "spend") not in f["commented"]:
        for c in cats:
            ca, cb = act(c, months[:p]), pro(c, months[:p])
            if cb and abs(ca - cb) >= MATERIALITY * 100 and abs(Fraction(100 * (ca - cb), cb)) > AMBER_PCT:
                explain = True
    return award, a, b, forecast, rag, explain


def network_text(files, units):
    """The network overview of CHECK_MONTH, from the files alone, as Markdown."""
    out = []
    w = out.append
    fy, p = fy_of(*CHECK_MONTH), period_of(*CHECK_MONTH)
    w("### The network overview, %s (P%d %s)\n" % (month_text(CHECK_MONTH), p, fy_name(fy)))
    w("| unit | award | YTD actual | YTD profile | variance | variance % | forecast outturn | RAG | explanation needed |")
    w("|---|---:|---:|---:|---:|---:|---:|---|---|")
    tot, counts = [0, 0, 0, 0], {}
    for name in units:
        pos = unit_position(files, name, CHECK_MONTH)
        if pos is None:
            continue
        award, a, b, forecast, rag, explain = pos
        tot = [tot[0] + award, tot[1] + a, tot[2] + b, tot[3] + forecast]
        counts[rag] = counts.get(rag, 0) + 1
        w("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            name, show_pounds(award), show_pounds(a), show_pounds(b), show_pounds(a - b), show_pct(a - b, b),
            show_pounds(forecast), rag or "no RAG", "yes" if explain else "no"))
    v = abs(Fraction(100 * (tot[1] - tot[2]), tot[2]))
    rag = "GREEN" if v <= AMBER_PCT else "AMBER" if v <= RED_PCT else "RED"
    w("| Network total | %s | %s | %s | %s | %s | %s | %s | |" % (
        show_pounds(tot[0]), show_pounds(tot[1]), show_pounds(tot[2]), show_pounds(tot[1] - tot[2]),
        show_pct(tot[1] - tot[2], tot[2]), show_pounds(tot[3]), rag))
    w("\nUnits by spend RAG: GREEN %d, AMBER %d, RED %d, no RAG %d." % (
        counts.get("GREEN", 0), counts.get("AMBER", 0), counts.get("RED", 0), counts.get(None, 0)))
    w("")
    return "\n".join(out), counts


# ---------------------------------------------------------------------------------------
# The files.

REPORT_INI = """\
; report.ini - settings of roit-report for the sample data in this folder.
; Sections and keys are those of SPEC section 3.7: an unknown section or key stops the
; run with exit 78, so a typo is never silently ignored. Comments start with ';'.
; There is no [fonts] section: the program uses the fonts it was installed with.

[report]
; The title block of every report.
organisation = Metropolitan Police Service
team = Online Investigation Team
; The protective marking, printed at the top and bottom of every page.
marking = OFFICIAL-SENSITIVE
; The body the monthly return is sent to.
scrutiny = Home Office / NPCC
; The sign-off block (date and signature lines are left empty to be signed).
prepared_by = DI Sarah Okafor, Finance & Performance
approved_by = Det Supt Mark Ellis

[thresholds]
; Spend RAG on the year-to-date variance: |variance %| above amber_pct is AMBER,
; above red_pct is RED. The same percentages grade outcomes against pro-rata targets.
amber_pct = 5
red_pct = 10
; In pounds: a smaller variance never needs a written explanation.
materiality = 1000

[measures]
; Outcome measures: key = label, kind. kind is count (a whole number), quantity
; (up to three decimals) or money (pounds); a measure not listed is a count shown by its key.
networks_targeted = Organised crime networks targeted, count
networks_disrupted = Organised crime networks disrupted, count
arrests = Arrests, count
charges = Charges, count
class_a_seizures = Class A drugs seizures, count
class_a_kg = Class A drugs seized (kg), quantity
firearms_seized = Firearms seized, count
cash_seized = Cash seized, money
online_takedowns = Online takedowns, count
individuals_identified = Suspects identified online, count
"""


def generate():
    rng = random.Random(SEED)
    profile = build_profile()
    files = {}

    g = csv_line(["unit", "financial_year", "amount", "status", "reference", "funder"])
    for fy, ref in [(2018, "PCD 510"), (2019, "PCD 510"), (2020, "PCD 815")]:
        g += csv_line([UNIT, fy_name(fy), money(AWARD_PENCE), "awarded", ref, "Home Office"])
    g += csv_line([UNIT, fy_name(2021), money(REQUEST_PENCE), "requested", "PCD 1020 (bid)", "Home Office"])
    for u in OTHER_UNITS:
        for fy, (amount, ref) in sorted(u["awards"].items()):
            g += csv_line([u["name"], fy_name(fy), money(amount), "awarded", ref, "Home Office"])
        if u["request"]:
            fy, amount, ref = u["request"]
            g += csv_line([u["name"], fy_name(fy), money(amount), "requested", ref, "Home Office"])
    files["grants.csv"] = g

    # The rest of the network, each unit from its own random stream.
    others = []
    for k, u in enumerate(OTHER_UNITS):
        urng = random.Random(SEED + 1 + k)
        prof = other_profile(u)
        others.append((u, prof, other_spend(urng, u, prof), other_outcomes(urng, u)))

    b = csv_line(["unit", "month", "category", "amount"])
    for fy in YEARS:
        for p, ym in enumerate(fy_months(fy)):
            for cat in CATEGORIES:
                b += csv_line([UNIT, month_text(ym), cat, money(profile[(fy, cat)][p])])
    for u, prof, _, _ in others:
        for fy in u["budget_years"]:
            for p, ym in enumerate(fy_months(fy)):
                for cat in u["shares"]:
                    b += csv_line([u["name"], month_text(ym), cat, money(prof[(fy, cat)][p])])
    files["budget.csv"] = b

    spend = build_spend(rng, profile)
    s = csv_line(["date", "unit", "category", "amount", "supplier", "description", "reference", "cost_centre"])
    blank_done = False
    for date, cat, pence, supplier, desc, ref, style in spend:
        if not blank_done and date >= datetime.date(2019, 10, 1):
            s += ",,,,,,,\n"        # Excel leaves such lines in exports
            blank_done = True
        s += csv_line([date.strftime("%d/%m/%Y"), UNIT, cat, money(pence, style), supplier, desc, ref,
                       COST_CENTRE[cat]])
    total = sum(r[2] for r in spend)
    for u, _, rows, _ in others:
        for date, cat, pence, supplier, desc, ref in rows:
            s += csv_line([date.strftime("%d/%m/%Y"), u["name"], cat, money(pence), supplier, desc, ref, u["cc"]])
            total += pence
    s += csv_line(["Total", "", "", money(total), "", "", "", ""], force={3})
    files["spend.csv"] = s

    o = csv_line(["date", "unit", "measure", "value", "level", "reference", "notes"])
    for date, meas, value, level, ref, notes in build_outcomes(rng):
        o += csv_line([date.isoformat(), UNIT, meas, value, level, ref, notes])
    for u, _, _, rows in others:
        for date, meas, value, level, ref, notes in rows:
            o += csv_line([date.isoformat(), u["name"], meas, value, level, ref, notes])
    files["outcomes.csv"] = o

    t = csv_line(["unit", "financial_year", "measure", "target"])
    for fy in YEARS:
        for meas, target in TARGETS[fy].items():
            t += csv_line([UNIT, fy_name(fy), meas, target])
    for u in OTHER_UNITS:
        for fy, targets in sorted(u["targets"].items()):
            for meas, target in targets.items():
                t += csv_line([u["name"], fy_name(fy), meas, target])
    files["targets.csv"] = t

    figures = figures_from_files(files)
    self_check(figures, spend, profile)

    c = csv_line(["unit", "month", "section", "text"])
    for row in commentary_rows(figures):
        c += csv_line(row, force={3})
    for u in OTHER_UNITS:
        for month, section, text in u["commentary"]:
            c += csv_line([u["name"], month, section, text], force={3})
    files["commentary.csv"] = c

    files["report.ini"] = REPORT_INI
    network, counts = network_text(files, [UNIT] + [u["name"] for u in OTHER_UNITS])
    # The overview's story (see OTHER_UNITS); stop if a change breaks it.
    assert counts == {"AMBER": 2, "GREEN": 1, "RED": 1, None: 1}, counts
    assert unit_position(files, OTHER_UNITS[0]["name"], CHECK_MONTH)[5], "North West no longer needs an explanation"
    reference = reference_text(figures) + "\n" + network
    files["README.md"] = README % {"reference": reference, "rows": figures["spend_rows"],
                                   "all_rows": figures["all_rows"]}
    return files, reference


def self_check(f, spend, profile):
    """The files, read back, say what was generated."""
    for fy in YEARS:
        total = sum(v for (y, m, c), v in f["profile"].items() if fy_of(y, m) == fy)
        assert total == AWARD_PENCE, (fy, total)
        for cat in CATEGORIES:
            assert sum(f["profile"][(y, m, cat)] for (y, m) in fy_months(fy)) == sum(profile[(fy, cat)])
    assert sum(f["actual"].values()) == sum(r[2] for r in spend)
    assert f["all_spend"] == f["footer"]
    assert f["spend_rows"] == len(spend)
    assert all(datetime.date(2018, 4, 1) <= r[0] <= datetime.date(2021, 3, 31) for r in spend)
    assert all(r[2] != 0 for r in spend)


README = """\
# Sample input: a network of five units, 2018/19 to 2020/21

Invented data, shaped like real exports, for a regional network of five online investigation
teams. The first, **Met Online Investigation Team** (slug `met-online-investigation-team`), is
the worked example of the project's README: funded by the Home Office at £250,000 a year (PCD 510
for 2018/19 and 2019/20, PCD 815 for 2020/21), with a bid of £275,000 for 2021/22 (PCD 1020). Its
rows come first in every file, on the same lines as when the sample held it alone, and every
figure below the "Reference figures" heading is of it alone, but the last table. The other four
give the network overview something to compare:

| unit | grants | what the data show at June 2020 |
|---|---|---|
| North West ROCU Online Team | £300,000 (2018/19, 2019/20), £320,000 (2020/21) | on profile (GREEN), but overtime 12%% over it with no spend commentary: an explanation is needed |
| East Midlands Special Operations Unit Online Team | £180,000 a year | no budget sent for 2020/21 (profile assumed even), overspending (AMBER); no targets |
| Tarian ROCU Online Team (Wales) | £200,000 (2019/20), £220,000 (2020/21) | two posts vacant, well under profile (RED); an outcome measure of its own, `crypto_wallets_frozen` |
| South West ROCU Online Team | £150,000 (2020/21 only) | a new team whose profile starts in July: no YTD profile, so no RAG |

So `make run` writes a network overview for every month: three units in 2018/19, four in
2019/20, five in 2020/21. Spend and outcomes run from April 2018 to March 2021.

**Do not edit these files by hand.** They are written by `python3 tools/gen_sample.py`
(standard library only, fixed seed, byte-for-byte reproducible); change the script and run it
again. `python3 tools/gen_sample.py --check` says whether the files here are what it generates.
The program itself never needs Python.

| file | what |
|---|---|
| `grants.csv` | the Met's three awarded years and its `requested` row (2021/22), then the other units' |
| `budget.csv` | the Met's monthly profile of six categories (each year sums exactly to £250,000.00), then the other units' (none for East Midlands in 2020/21) |
| `spend.csv` | %(all_rows)d ledger rows (`DD/MM/YYYY`, `£1,234.56`), the Met's %(rows)d first, one `,,,,,,,` line among them, and a `Total` footer |
| `outcomes.csv` | monthly outcomes (`YYYY-MM-DD`), disruptions graded major/moderate/minor |
| `targets.csv` | annual targets of six measures per year for the Met, fewer for the others |
| `commentary.csv` | the Met's narrative for 2018-04, 2019-03, 2020-03, 2020-06, 2020-12 and 2021-03, and some of the others' |
| `report.ini` | organisation, marking, sign-off, thresholds and measure labels (no `[fonts]`) |

All files are UTF-8 without a BOM, with LF line endings. They hold no bad rows on purpose
(the tests have their own fixtures), but they do use what real exports contain: money with
`£` and thousands commas, negatives as `-£312.50` and as `(£120.00)`, supplier names with
`é` and `ŷ` (`Société Générale Equipment UK`, `Cwmni Diogelwch Llŷn Cyf`), quoted fields
with commas, a `""` quote and a line break inside a quoted commentary field (2020-03 risks),
the levels `Major`/`Moderate` in mixed case, a blank `,,,,,,,` line and a `Total` footer
row at the end of `spend.csv`.

The Met's story: 2018/19 starts slowly (posts being filled, and a licence invoice
paid late, so April 2018 is RED) and underspends; 2019/20 is close to profile until Covid-19
cancels travel and training in March 2020; in 2020/21 Staff overtime runs about 12%% over
profile by June (arrest phases and abstractions), equipment for home working is bought early
and travel and training fall away, so the total is AMBER at P3 (April 2020 is AMBER too,
under profile, because of another late licence invoice). Outcomes at June 2020 show every
RAG: networks disrupted GREEN, arrests and Class A kg AMBER, charges and cash seized RED.

## Reference figures

Computed by the script from these CSV files alone (money summed in pence, shown in whole
pounds rounded half away from zero, percentages to one decimal place), so the program's
reports can be checked against them. Thresholds: amber 5%%, red 10%%.

%(reference)s"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="compare input/ with the generated files")
    args = ap.parse_args()

    files, reference = generate()
    if args.check:
        stale = []
        for name, text in files.items():
            path = os.path.join(INPUT, name)
            try:
                with open(path, "rb") as fh:
                    same = fh.read() == text.encode("utf-8")
            except OSError:
                same = False
            if not same:
                stale.append(name)
        if stale:
            print("gen_sample: differs from the generated sample: " + ", ".join(stale), file=sys.stderr)
            return 1
        print("gen_sample: input/ is up to date")
        return 0

    os.makedirs(INPUT, exist_ok=True)
    for name, text in files.items():
        with open(os.path.join(INPUT, name), "wb") as fh:
            fh.write(text.encode("utf-8"))
    print(reference)
    return 0


if __name__ == "__main__":
    sys.exit(main())
