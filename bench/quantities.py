"""Quantity extraction on NewsQuant (the CQE paper's news set), beside the published anchors.

    .venv/bin/python bench/quantities.py --data ../shared/eval/newsquant/NewsQuant-dev.json \
        [--out predictions.json] [--runs 3]

Prints micro precision / recall / F1 over quantities per sentence, for the value alone and for
value + normalized unit, beside quantulum3 (73.0 / 47.2) and CQE (92.0 / 85.6) as published
on the whole set (this file is the development half: a development figure), and sentences per
second (median of ``--runs`` after a warm-up), for our pass alone over parsed sentences and
with the parse. Every sentence here holds figures, so our share of the time is far above what
it is on whole articles, where most sentences hold none.

The dataset annotates every figure a sentence states, "one of the best speakers" included, so
the main line scores ``find_quantities(doc, every_mention=True)``. The line "as claims" scores
what the analyze stage keeps as claims: the same figures without pronoun-like "one" and
rhetoric counts ("two things"), which a cross-checked report does not want.

Matching: one prediction matches at most one gold quantity. Values match with relative
tolerance 1e-5 (absolute 1e-8); a range matches a range with both ends equal; the unit test
compares lower-cased normalized unit names. This is at least as strict as the paper's script,
which lets one prediction match several gold quantities of the same value.

The mapping below turns our claims into the dataset's conventions and is only bookkeeping;
the extraction is the library's general code:

* unit names: "km" → "kilometre", "USD" → "dollar", "percent" → "percentage", a rate
  "USD/bbl" → "dollar per barrel"; counts use the counted noun phrase with its head noun
  lemmatized ("north korean troop"), bare counts "-"; ages "year of age".
* vague amounts: the dataset writes "thousands" as 1000-10000 and "dozens" as 12-120 (an
  order of magnitude) where we keep the interval the word allows (2000-9999).
* changes "from 208 pounds to 193" are two claims for us (the first with scope "previous");
  the dataset writes them as one pair, so such pairs are joined.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from consilience.analyze.nlp import load
from consilience.analyze.quantities import find_quantities
from consilience.records import Claim

ANCHORS = {"quantulum3 (published)": (73.0, 47.2), "CQE (published)": (92.0, 85.6)}

UNIT_NAMES = {
    "km": "kilometre", "m": "metre", "cm": "centimetre", "mm": "millimetre",
    "μm": "micrometre", "nm": "nanometre", "mi": "mile", "ft": "foot", "in": "inch",
    "yd": "yard", "nmi": "nautical mile", "kg": "kilogram", "g": "gram", "mg": "milligram",
    "lb": "pound-mass", "oz": "ounce", "t": "tonne", "ton": "ton", "L": "litre",
    "mL": "millilitre", "gal": "gallon", "bbl": "barrel", "s": "second", "ms": "millisecond",
    "min": "minute", "h": "hour", "km/h": "kilometre per hour", "mph": "mile per hour",
    "m/s": "metre per second", "kn": "knot", "W": "watt", "kW": "kilowatt",
    "MW": "megawatt", "GW": "gigawatt", "hp": "horsepower", "PS": "horsepower",
    "Wh": "watt hour", "kWh": "kilowatt hour", "MWh": "megawatt hour",
    "GWh": "gigawatt hour", "TWh": "terawatt hour", "mAh": "milliampere-hour",
    "V": "volt", "F": "farad", "Hz": "hertz", "kHz": "kilohertz", "MHz": "megahertz",
    "GHz": "gigahertz", "bhp": "brake horsepower", "MMBtu": "mega british thermal unit",
    "rpm": "revolutions per minute", "kB": "kilobyte",
    "MB": "megabyte", "GB": "gigabyte", "TB": "terabyte", "GPa": "gigapascal",
    "N·m": "newton metre", "lbf·ft": "foot pound-force", "°C": "celsius",
    "°F": "fahrenheit", "degree": "degree", "percent": "percentage",
    "pp": "percentage point", "bp": "basis point", "ppb": "parts-per-billion",
    "ppm": "parts-per-million", "times": "count", "dB": "decibel", "mpg": "mile per gallon",
    "km^2": "square kilometre", "m^2": "square metre", "mi^2": "square mile",
    "ft^2": "square foot", "ft^3": "cubic foot", "m^3": "cubic metre", "ha": "hectare",
    "fraction": "-",
    # money
    "USD": "dollar", "EUR": "euro", "GBP": "pound sterling", "JPY": "japanese yen",
    "AUD": "australian dollar", "CAD": "canadian dollar", "HKD": "hong kong dollar",
    "DKK": "danish krone", "ILS": "shekel", "MYR": "malaysian ringgit",
    "CNY": "chinese yuan", "INR": "indian rupee", "CHF": "swiss franc",
    "HRK": "croatian kuna", "cent": "cent", "p": "point", "pence": "point", "sen": "sen",
}  # fmt: skip
# Order-of-magnitude reading of vague plurals, the dataset's convention.
VAGUE_BRACKETS = {"dozen": (12.0, 120.0)}


def unit_name(claim: Claim, lemmas: dict[str, str]) -> str:
    """The dataset's normalized unit name for one claim (``lemmas``: the sentence's words)."""
    unit = claim.unit or ""
    base, _, per = unit.partition("/")
    if claim.kind == "count":
        if not base:
            return "-"
        words = [lemmas.get(w, w) for w in claim.about.split()]
        phrase = " ".join([*words[:-1], base]) if words else base
        return f"{phrase} per {UNIT_NAMES.get(per, per)}" if per else phrase
    if base == "fraction":  # the dataset writes "a third of the population" as "% population"
        return "% " + (" ".join(lemmas.get(w, w) for w in claim.about.split()) or "-")
    if claim.kind == "quantity" and claim.about == "age":
        return f"{UNIT_NAMES.get(base, base)} of age"
    name = UNIT_NAMES.get(base, base.lower())
    return f"{name} per {UNIT_NAMES.get(per, per)}" if per else name


def claim_value(claim: Claim) -> float | tuple[float, float]:
    if claim.vague:
        for word, bracket in VAGUE_BRACKETS.items():
            if word in claim.text.lower():
                return bracket
        low = claim.value or 0.0
        base = 10 ** math.floor(math.log10(low)) if low > 0 else 1.0
        return (base, base * 10)
    if claim.value_high is not None:
        return (float(claim.value), float(claim.value_high))
    return float(claim.value)


_CHANGE = {"exact": "=", "about": "~", "more_than": ">", "at_least": ">", "less_than": "<",
           "up_to": "<", "at_most": "<"}


def to_dataset(claims: list[Claim], doc) -> list[dict]:
    """Our claims in the dataset's own format (changes "from X to Y" joined into pairs)."""
    text = doc.text
    # the dataset lemmatizes the counted noun phrase: "best speakers" -> "good speaker"
    lemmas = {t.lower_: t.lemma_.lower() for t in doc if t.pos_ in ("ADJ", "NOUN")}
    out: list[dict] = []
    skip = False
    for k, c in enumerate(claims):
        if skip:
            skip = False
            continue
        value = claim_value(c)
        nxt = claims[k + 1] if k + 1 < len(claims) else None
        if (c.scope == "previous" and nxt is not None and not isinstance(value, tuple)
                and nxt.value_high is None and " to " in text[c.end : nxt.start]):
            value, skip = (float(c.value), float(nxt.value)), True
            if not c.unit and nxt.unit:
                c = nxt
        out.append({
            "change": _CHANGE.get(c.qualifier, "="),
            "value": list(value) if isinstance(value, tuple) else value,
            "unit": c.text, "normalized_unit": unit_name(c, lemmas), "referred_concepts": c.about,
        })  # fmt: skip
    return out


def _parse_gold_value(v: str) -> float | tuple[float, float]:
    s = v.strip()
    if "E" not in s and not s.startswith("-") and "-" in s:
        a, b = s.split("-", 1)
        return (float(a), float(b))
    return float(s)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-8 + 1e-5 * abs(b)


def values_match(gold, pred) -> bool:
    if isinstance(gold, tuple) != isinstance(pred, tuple):
        return False
    if isinstance(gold, tuple):
        return _close(pred[0], gold[0]) and _close(pred[1], gold[1])
    return _close(pred, gold)


def _matches(gold: list, pred: list, with_unit: bool) -> int:
    """Greedy one-to-one matching of gold and predicted (value, unit) pairs."""
    free = list(range(len(pred)))
    hits = 0
    for gv, gu in gold:
        for k in free:
            pv, pu = pred[k]
            if values_match(gv, pv) and (not with_unit or gu == pu):
                free.remove(k)
                hits += 1
                break
    return hits


def score(data: list[dict], predictions: list[list[dict]]) -> dict[str, tuple[float, ...]]:
    tp_v = tp_u = n_gold = n_pred = 0
    for item, pred in zip(data, predictions, strict=True):
        gold = [(_parse_gold_value(q["value"]), q["normalized_unit"].lower())
                for q in item["quantities"]]
        mine = [(tuple(p["value"]) if isinstance(p["value"], list) else p["value"],
                 p["normalized_unit"].lower()) for p in pred]
        n_gold += len(gold)
        n_pred += len(mine)
        tp_v += _matches(gold, mine, with_unit=False)
        tp_u += _matches(gold, mine, with_unit=True)

    def prf(tp: int) -> tuple[float, float, float]:
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return 100 * p, 100 * r, 100 * f

    return {"value": prf(tp_v), "value+unit": prf(tp_u)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default="../shared/eval/newsquant/NewsQuant-dev.json")
    ap.add_argument("--out", help="write our predictions, per sentence, in the dataset format")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    data = json.loads(Path(args.data).read_text(encoding="utf-8"))
    texts = [item["text"] for item in data]
    nlp = load()
    for doc in nlp.pipe(texts[:20]):  # warm-up: the model's caches and pint's registry
        find_quantities(doc)
    parse_times, ours_times = [], []
    docs = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        docs = list(nlp.pipe(texts))
        parse_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        claims = [find_quantities(d, every_mention=True) for d in docs]
        ours_times.append(time.perf_counter() - t0)
    predictions = [to_dataset(c, d) for c, d in zip(claims, docs, strict=True)]
    result = score(data, predictions)
    # what analyze makes claims of: the same figures without pronoun-like "one of the best"
    # and rhetoric counts, which the dataset annotates and the report leaves out
    as_claims = score(data, [to_dataset(find_quantities(d), d) for d in docs])
    if args.out:
        rows = [{"text": t, "quantities": p} for t, p in zip(texts, predictions, strict=True)]
        Path(args.out).write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n",
                                  encoding="utf-8")
    n = len(texts)
    ours, parse = statistics.median(ours_times), statistics.median(parse_times)
    print(f"NewsQuant dev: {n} sentences, {sum(len(d['quantities']) for d in data)} quantities"
          " (development figure; the published anchors are on the whole set)")
    print(f"{'system':28} {'value P/R/F1':>20} {'value+unit P/R/F1':>22}")
    v, u = result["value"], result["value+unit"]
    print(f"{'consilience (this run)':28} {v[0]:6.1f} {v[1]:5.1f} {v[2]:5.1f}"
          f"   {u[0]:8.1f} {u[1]:5.1f} {u[2]:5.1f}")
    v, u = as_claims["value"], as_claims["value+unit"]
    print(f"{'  as claims (analyze stage)':28} {v[0]:6.1f} {v[1]:5.1f} {v[2]:5.1f}"
          f"   {u[0]:8.1f} {u[1]:5.1f} {u[2]:5.1f}")
    for name, (fv, fu) in ANCHORS.items():
        print(f"{name:28} {'':12} {fv:5.1f}   {'':14} {fu:5.1f}")
    print(f"speed (median of {args.runs}): quantities pass {n / ours:,.0f} sentences/s; "
          f"parse + quantities {n / (parse + ours):,.0f} sentences/s "
          f"(our pass is {100 * ours / parse:.1f}% of the parse)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
