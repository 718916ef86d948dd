"""Units of measurement written after numbers, and their conversion to canonical units.

``unit_at(text, pos)`` reads a unit that starts at ``pos`` (right after a number: "300km",
"190-mile", "87 mph", "5.5kWh", "19 per cent"); ``normalize(value, unit)`` converts a value
to the canonical unit of its dimension with pint (length → "m", mass → "kg", time → "s",
temperature → "K", speed → "m/s", power → "W", energy → "J", area → "m^2", volume → "m^3", ...).

Spelling conventions of ``Claim.unit``: short symbols ("km", "mi", "ft", "kg", "lb", "°C",
"km/h", "mph", "kWh", "GB"); durations by name ("day", "month", "year"); "percent" for
"%"/"per cent"/"pc"; "pp" for percentage points and "bp" for basis points (normalized to "pp");
"ppm"/"ppb" normalize to "fraction"; "times" for multipliers ("6.5 times", "10x");
"magnitude" for a reading on an earthquake magnitude scale ("6.4-magnitude", "6.4 on the
Richter scale"; written before the number, "magnitude 6.4", it is read in ``figures``).

Ambiguous spellings are read the way news uses them: "tons" are US short tons while "tonnes"
and "metric tons" are tonnes; "degrees" alone is an angle unless Celsius or Fahrenheit
follows; "m" glued to a money figure is a million, which ``quantities`` decides before
asking here. pint's registry is built once, on the first conversion (it costs ~0.5 s), and
conversion factors are cached per unit.
"""

from __future__ import annotations

import re
from functools import lru_cache

# canonical, pint expression (None: not a pint unit), normalized unit, word forms (case
# does not matter; regular plurals are added), symbols (case matters: "m" vs "M").
_TABLE: list[tuple[str, str | None, str, list[str], list[str]]] = [
    # length
    ("km", "kilometer", "m", ["kilometre", "kilometer", "klick"], ["km", "Km", "KM", "kms"]),
    ("m", "meter", "m", ["metre", "meter"], ["m", "mtr"]),
    ("cm", "centimeter", "m", ["centimetre", "centimeter"], ["cm"]),
    ("mm", "millimeter", "m", ["millimetre", "millimeter"], ["mm"]),
    ("μm", "micrometer", "m", ["micrometre", "micrometer", "micron"], ["μm", "µm", "um"]),
    ("nm", "nanometer", "m", ["nanometre", "nanometer"], ["nm"]),
    ("mi", "mile", "m", ["mile", "statute mile"], ["mi"]),
    ("nmi", "nautical_mile", "m", ["nautical mile"], ["nmi", "NM"]),
    ("ft", "foot", "m", ["foot", "feet"], ["ft", "′"]),
    ("in", "inch", "m", ["inch", "inches"], ["″", "in"]),
    ("yd", "yard", "m", ["yard"], ["yd", "yds"]),
    ("ly", "light_year", "m", ["light-year", "light year"], []),
    # area
    ("km^2", "kilometer**2", "m^2", ["square kilometre", "square kilometer", "sq km",
                                     "sq. km", "sq kilometre"], ["km2", "km²"]),
    ("m^2", "meter**2", "m^2", ["square metre", "square meter", "sq m", "sq. m",
                                "sqm"], ["m2", "m²"]),
    ("mi^2", "mile**2", "m^2", ["square mile", "sq mi", "sq. mi", "sq mile"], ["mi²"]),
    ("ft^2", "foot**2", "m^2", ["square foot", "square feet", "sq ft", "sq. ft", "sqft"],
     ["ft2", "ft²"]),
    ("acre", "acre", "m^2", ["acre"], []),
    ("ha", "hectare", "m^2", ["hectare"], ["ha"]),
    # volume
    ("L", "liter", "m^3", ["litre", "liter"], ["L", "ltr"]),
    ("mL", "milliliter", "m^3", ["millilitre", "milliliter"], ["ml", "mL"]),
    ("gal", "gallon", "m^3", ["gallon", "US gallon"], ["gal"]),
    ("bbl", "oil_barrel", "m^3", ["barrel"], ["bbl", "bbls"]),
    ("ft^3", "foot**3", "m^3", ["cubic foot", "cubic feet", "cu ft"], ["ft3", "ft³"]),
    ("m^3", "meter**3", "m^3", ["cubic metre", "cubic meter"], ["m3", "m³"]),
    ("pint", "pint", "m^3", ["pint", "US pint"], []),
    ("quart", "quart", "m^3", ["quart", "US quart"], []),
    ("fl oz", "fluid_ounce", "m^3", ["fluid ounce", "fl oz", "fl. oz"], []),
    # mass
    ("kg", "kilogram", "kg", ["kilogram", "kilogramme", "kilo"], ["kg", "kgs", "Kg"]),
    ("g", "gram", "kg", ["gram", "gramme"], ["g", "gr"]),
    ("mg", "milligram", "kg", ["milligram", "milligramme"], ["mg"]),
    ("μg", "microgram", "kg", ["microgram"], ["μg", "µg", "mcg"]),
    ("t", "metric_ton", "kg", ["tonne", "metric ton", "metric tonne"], ["t"]),
    ("ton", "short_ton", "kg", ["ton", "short ton"], []),
    ("lb", "pound", "kg", ["pound"], ["lb", "lbs", "Lb", "Lbs"]),
    ("oz", "ounce", "kg", ["ounce", "troy ounce"], ["oz"]),
    ("ct", "carat", "kg", ["carat"], []),
    # time
    ("s", "second", "s", ["second", "sec"], ["secs"]),
    ("ms", "millisecond", "s", ["millisecond"], ["ms"]),
    ("min", "minute", "s", ["minute"], ["min", "mins"]),
    ("h", "hour", "s", ["hour"], ["h", "hr", "hrs"]),
    ("day", "day", "s", ["day"], []),
    ("week", "week", "s", ["week"], ["wk", "wks"]),
    ("month", "month", "s", ["month"], []),
    ("year", "year", "s", ["year"], ["yr", "yrs"]),
    ("decade", "10 * year", "s", ["decade"], []),  # pint's "decade" is a factor of ten
    ("century", "100 * year", "s", ["century", "centuries"], []),
    # speed
    ("km/h", "kilometer/hour", "m/s", ["kilometres per hour", "kilometers per hour",
                                       "kilometres an hour", "kilometers an hour"],
     ["km/h", "kph", "kmh", "km/hr", "kmph", "KPH"]),
    ("mph", "mile/hour", "m/s", ["miles per hour", "miles an hour", "mile per hour"],
     ["mph", "MPH"]),
    ("m/s", "meter/second", "m/s", ["metres per second", "meters per second"], ["m/s"]),
    ("kn", "knot", "m/s", ["knot"], []),
    # power, energy, electricity
    ("W", "watt", "W", ["watt"], ["W"]),
    ("kW", "kilowatt", "W", ["kilowatt"], ["kW", "KW"]),
    ("MW", "megawatt", "W", ["megawatt"], ["MW"]),
    ("GW", "gigawatt", "W", ["gigawatt"], ["GW"]),
    ("TW", "terawatt", "W", ["terawatt"], ["TW"]),
    ("hp", "horsepower", "W", ["horsepower"], ["hp", "HP"]),
    ("bhp", "horsepower", "W", ["brake horsepower"], ["bhp", "BHP"]),
    ("PS", "metric_horsepower", "W", ["metric horsepower"], ["PS", "cv"]),
    ("Wh", "watt_hour", "J", ["watt-hour", "watt hour"], ["Wh"]),
    ("kWh", "kilowatt_hour", "J", ["kilowatt-hour", "kilowatt hour"], ["kWh", "KWh", "kwh"]),
    ("MWh", "megawatt_hour", "J", ["megawatt-hour", "megawatt hour"], ["MWh"]),
    ("GWh", "gigawatt_hour", "J", ["gigawatt-hour", "gigawatt hour"], ["GWh"]),
    ("TWh", "terawatt_hour", "J", ["terawatt-hour", "terawatt hour"], ["TWh"]),
    ("J", "joule", "J", ["joule"], ["J"]),
    ("kJ", "kilojoule", "J", ["kilojoule"], ["kJ"]),
    ("MJ", "megajoule", "J", ["megajoule"], ["MJ"]),
    ("kcal", "kilocalorie", "J", ["kilocalorie", "calorie"], ["kcal", "cal"]),
    ("BTU", "british_thermal_unit", "J", ["british thermal unit"], ["BTU", "Btu"]),
    ("MMBtu", "1e6 * british_thermal_unit", "J", ["million british thermal units"],
     ["MMBtu", "mmBTU", "MMBTU", "mmbtu"]),
    ("V", "volt", "V", ["volt"], ["V"]),
    ("kV", "kilovolt", "V", ["kilovolt"], ["kV"]),
    ("A", "ampere", "A", ["amp", "ampere"], []),
    ("mA", "milliampere", "A", ["milliamp", "milliampere"], ["mA"]),
    ("mAh", "milliampere_hour", "C", ["milliamp-hour", "milliampere-hour"], ["mAh"]),
    ("Ah", "ampere_hour", "C", ["amp-hour", "ampere-hour"], ["Ah"]),
    ("F", "farad", "F", ["farad"], []),
    ("Ω", "ohm", "Ω", ["ohm"], ["Ω"]),
    # frequency, rotation
    ("Hz", "hertz", "Hz", ["hertz"], ["Hz", "HZ", "hz"]),
    ("kHz", "kilohertz", "Hz", ["kilohertz"], ["kHz"]),
    ("MHz", "megahertz", "Hz", ["megahertz"], ["MHz"]),
    ("GHz", "gigahertz", "Hz", ["gigahertz"], ["GHz"]),
    ("rpm", "1/minute", "Hz", ["revolutions per minute"], ["rpm", "RPM"]),
    # data
    ("B", "byte", "B", ["byte"], []),
    ("kB", "kilobyte", "B", ["kilobyte"], ["kB", "KB"]),
    ("MB", "megabyte", "B", ["megabyte"], ["MB"]),
    ("GB", "gigabyte", "B", ["gigabyte"], ["GB"]),
    ("TB", "terabyte", "B", ["terabyte"], ["TB"]),
    ("PB", "petabyte", "B", ["petabyte"], ["PB"]),
    ("bit", "bit", "B", ["bit"], []),
    ("Mbps", "megabit/second", "B/s", ["megabits per second"], ["Mbps", "Mbit/s", "Mb/s"]),
    ("Gbps", "gigabit/second", "B/s", ["gigabits per second"], ["Gbps", "Gbit/s", "Gb/s"]),
    # pressure, force, torque
    ("Pa", "pascal", "Pa", ["pascal"], ["Pa"]),
    ("kPa", "kilopascal", "Pa", ["kilopascal"], ["kPa"]),
    ("MPa", "megapascal", "Pa", ["megapascal"], ["MPa"]),
    ("GPa", "gigapascal", "Pa", ["gigapascal"], ["GPa"]),
    ("hPa", "hectopascal", "Pa", ["hectopascal"], ["hPa"]),
    ("psi", "psi", "Pa", ["pounds per square inch"], ["psi", "PSI"]),
    ("bar", "bar", "Pa", ["bar"], []),
    ("mbar", "millibar", "Pa", ["millibar"], ["mb", "mbar"]),
    ("N", "newton", "N", ["newton"], ["kN"]),
    ("N·m", "newton*meter", "N·m", ["newton-metre", "newton-meter", "newton metre"],
     ["Nm", "N·m", "N-m"]),
    ("lbf·ft", "force_pound*foot", "N·m", ["pound-feet", "pound-foot", "foot-pound",
                                            "foot-pounds"],
     ["lb-ft", "lb ft", "lb.-ft.", "ft-lb", "lbs-ft"]),
    # temperature (absolute; differences are converted as differences, see normalize)
    ("°C", "degC", "K", ["degrees celsius", "degree celsius", "celsius", "centigrade",
                         "degrees centigrade", "degrees c"], ["°C", "ºC", "° C", "C"]),
    ("°F", "degF", "K", ["degrees fahrenheit", "degree fahrenheit", "fahrenheit",
                         "degrees f"], ["°F", "ºF", "° F", "F"]),
    ("K", "kelvin", "K", ["kelvin"], []),
    ("degree", None, "degree", ["degree"], ["°", "º"]),
    # ratios and scores without pint
    ("percent", None, "percent", ["percent", "per cent", "per-cent", "percentage"],
     ["%", "pc", "pct", "pct."]),
    ("pp", None, "pp", ["percentage point", "percentage-point", "percent point"],
     ["pp", "ppt", "ppts"]),
    ("bp", None, "pp", ["basis point", "basis-point"], ["bp", "bps", "bpts"]),
    ("ppm", None, "fraction", ["parts per million", "part per million"], ["ppm"]),
    ("ppb", None, "fraction", ["parts per billion", "part per billion"], ["ppb"]),
    ("times", None, "times", ["times", "fold"], ["x", "×"]),
    ("dB", None, "dB", ["decibel"], ["dB", "db"]),
    # an earthquake's size on the (logarithmic, dimensionless) magnitude scales
    ("magnitude", None, "magnitude", ["magnitude", "on the richter scale", "richter"], []),
    ("mpg", "mile/gallon", "km/L", ["miles per gallon", "mile per gallon"], ["mpg", "MPG"]),
]
# Factors for the units pint does not carry (ratios): value in canonical * factor.
_PLAIN_FACTORS = {"percent": 1.0, "pp": 1.0, "bp": 0.01, "ppm": 1e-6, "ppb": 1e-9,
                  "times": 1.0, "dB": 1.0, "degree": 1.0, "magnitude": 1.0}
_IRREGULAR = {"foot", "feet", "inches", "century", "centuries", "hertz", "celsius",
              "fahrenheit", "horsepower", "times", "fold", "centigrade", "kelvin",
              "on the richter scale", "richter"}
# Symbols that are only units when glued to the number ("48h", "45g", "3x"), because
# spaced they are usually words or initials ("5 h", "2 x 4").
GLUED_ONLY = {"in", "h", "g", "gr", "t", "x", "×", "L", "m", "C", "F", "W", "V", "J", "N", "cv",
              "ct", "B", "in.", "um", "db", "mb", "Pa", "HP", "ha"}
# Symbols that may also stand one space away but never before a letter or digit.
_SYMBOL_END = r"(?![A-Za-z0-9_])"

_CANON: dict[str, tuple[str | None, str]] = {c: (p, t) for c, p, t, _, _ in _TABLE}
_WORDS: dict[str, str] = {}
_SYMBOLS: dict[str, str] = {}


def _key(surface: str) -> str:
    return re.sub(r"[\s\-.]+", " ", surface.lower()).strip()


def _word_pattern(form: str) -> str:
    parts = [re.escape(p) for p in re.split(r"[\s\-]+", form)]
    return r"[\s\-]?".join(parts)


def _build() -> re.Pattern[str]:
    words: list[str] = []
    for canon, _pint, _target, forms, symbols in _TABLE:
        for form in forms:
            variants = {form}
            if form.lower() not in _IRREGULAR and not form.endswith("s"):
                variants.add(form + ("es" if form.endswith(("inch", "ch")) else "s"))
            for v in variants:
                _WORDS.setdefault(_key(v), canon)
                words.append(v)
        for sym in symbols:
            _SYMBOLS.setdefault(sym, canon)
    word_alt = "|".join(_word_pattern(w) for w in sorted(set(words), key=len, reverse=True))
    sym_alt = "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True))
    return re.compile(
        rf"(?P<sep>[ \t\u00a0]?-?[ \t\u00a0]?)(?:(?P<word>(?i:{word_alt}))(?![A-Za-z])"
        rf"|(?P<sym>{sym_alt}){_SYMBOL_END})"
    )


_UNIT_RE = _build()


def unit_at(text: str, pos: int) -> tuple[str, int, str] | None:
    """The unit written at ``pos`` (after a number): (canonical, end, surface) or None."""
    m = _UNIT_RE.match(text, pos)
    if not m:
        return None
    sep = m.group("sep")
    if m.group("sym") is not None:
        sym = m.group("sym")
        if sep and sym in GLUED_ONLY and not (sym in ("m", "W", "C", "F") and sep == " "):
            return None
        canon = _SYMBOLS[sym]
        if sym in ("C", "F") and sep == "-":
            return None
        return canon, m.end(), sym
    word = m.group("word")
    canon = _WORDS.get(_key(word))
    if canon is None:
        return None
    return canon, m.end(), word


def is_unit(canon: str) -> bool:
    return canon in _CANON


@lru_cache(maxsize=1)
def registry():
    """pint's registry, built once on first use."""
    import pint

    return pint.UnitRegistry()


@lru_cache(maxsize=256)
def _factor(canon: str) -> float:
    pint_expr, target = _CANON[canon]
    if pint_expr is None:
        return _PLAIN_FACTORS.get(canon, 1.0)
    ureg = registry()
    pint_target = {"m^2": "meter**2", "m^3": "meter**3", "B": "byte", "B/s": "byte/second",
                   "N·m": "newton*meter", "km/L": "kilometer/liter", "Ω": "ohm"}.get(
        target, target)
    return float(ureg.parse_expression(pint_expr).to(pint_target).magnitude)


def normalized_unit(canon: str) -> str:
    """The canonical unit a value in ``canon`` is converted to ("km" -> "m")."""
    return _CANON[canon][1] if canon in _CANON else canon


def normalize(value: float, canon: str, *, difference: bool = False) -> tuple[float, str]:
    """``value`` in ``canon`` converted to its dimension's canonical unit.

    ``difference`` converts a temperature change ("fell by 1.5 °C" is 1.5 K, not 274.65 K).
    Units unknown here are returned as they are.
    """
    if canon not in _CANON:
        return value, canon
    pint_expr, target = _CANON[canon]
    if canon in ("°C", "°F"):
        if difference:
            return value * (1.0 if canon == "°C" else 5.0 / 9.0), "K"
        ureg = registry()
        return float(ureg.Quantity(value, pint_expr).to("kelvin").magnitude), "K"
    return value * _factor(canon), target
