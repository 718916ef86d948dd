"""Currencies written around numbers: "$56.2 billion", "€2bn", "US$58.24", "10.5 million
Australian dollars", "1,200€", "63 cents".

``currency_before(text, pos)`` reads a currency sign or code that ends at ``pos`` (where a
number starts); ``currency_after(text, pos)`` reads a currency word, sign or code that starts at
``pos`` (after a number and its scale word). Both give ISO 4217 codes. A bare "$" is read as US
dollars, the way most English-language news uses it; "A$", "C$", "HK$", "NZ$" and "$US"/"$A"
say which dollar. "PS" and "Y=" glued to digits are how ASCII transliteration writes "£" and
"¥" (many scraped feeds carry them), so they are read as pounds and yen.

Subunits ("cents", "pence", "p", "sen") stay as written in ``Claim.value`` and are converted
to the main unit in ``Normalized``; ``SUBUNITS`` maps them to (currency, factor).
"""

from __future__ import annotations

import re

# Before the number. Longest first; "glued" ones need the digits right after them.
_PREFIX: dict[str, str] = {
    "US$": "USD", "US $": "USD", "U.S.$": "USD", "U.S. $": "USD", "$US": "USD",
    "USD": "USD", "USD$": "USD", "$": "USD",
    "A$": "AUD", "AU$": "AUD", "$A": "AUD", "AUD": "AUD", "AUD$": "AUD",
    "C$": "CAD", "CA$": "CAD", "Can$": "CAD", "CAD": "CAD", "CDN$": "CAD",
    "NZ$": "NZD", "NZD": "NZD", "HK$": "HKD", "HK $": "HKD", "HKD": "HKD",
    "S$": "SGD", "SGD": "SGD", "NT$": "TWD", "TWD": "TWD", "R$": "BRL", "BRL": "BRL",
    "Mex$": "MXN", "MXN": "MXN",
    "€": "EUR", "EUR": "EUR", "£": "GBP", "GBP": "GBP", "PS": "GBP",
    "¥": "JPY", "JP¥": "JPY", "Y=": "JPY", "JPY": "JPY", "CN¥": "CNY", "RMB": "CNY",
    "CNY": "CNY", "₹": "INR", "Rs": "INR", "Rs.": "INR", "INR": "INR", "₩": "KRW",
    "KRW": "KRW", "₽": "RUB", "RUB": "RUB", "₴": "UAH", "UAH": "UAH", "₪": "ILS",
    "NIS": "ILS", "ILS": "ILS", "₺": "TRY", "TRY": "TRY", "CHF": "CHF", "SFr": "CHF",
    "RM": "MYR", "MYR": "MYR", "₦": "NGN", "NGN": "NGN", "₱": "PHP", "฿": "THB",
    "THB": "THB", "₫": "VND", "Rp": "IDR", "IDR": "IDR", "SEK": "SEK", "NOK": "NOK",
    "DKK": "DKK", "PLN": "PLN", "CZK": "CZK", "HUF": "HUF", "ZAR": "ZAR", "AED": "AED",
    "SAR": "SAR", "QAR": "QAR", "EGP": "EGP", "PKR": "PKR", "KES": "KES", "BTC": "BTC",
    "₿": "BTC",
}  # fmt: skip
# Letters-only prefixes that are words elsewhere ("PS", "RM", "Rs", "Rp"): glued to digits only.
_GLUED_PREFIX = {"PS", "RM", "Rp", "Y="}
_PREFIX_RE = re.compile(
    r"(?:(?<![A-Za-z])(?:"
    + "|".join(re.escape(p) for p in sorted(_PREFIX, key=len, reverse=True))
    + r"))[ \u00a0]?$"
)

# Nationality words that say which dollar, crown, franc, peso or pound is meant.
_NATIONAL = {
    ("us", "dollar"): "USD", ("u.s.", "dollar"): "USD", ("american", "dollar"): "USD",
    ("australian", "dollar"): "AUD", ("canadian", "dollar"): "CAD",
    ("new zealand", "dollar"): "NZD", ("hong kong", "dollar"): "HKD",
    ("singapore", "dollar"): "SGD", ("taiwan", "dollar"): "TWD",
    ("taiwanese", "dollar"): "TWD", ("zimbabwean", "dollar"): "ZWL",
    ("danish", "crown"): "DKK", ("danish", "krone"): "DKK", ("swedish", "crown"): "SEK",
    ("swedish", "krona"): "SEK", ("norwegian", "crown"): "NOK", ("norwegian", "krone"): "NOK",
    ("czech", "crown"): "CZK", ("czech", "koruna"): "CZK", ("swiss", "franc"): "CHF",
    ("cfa", "franc"): "XOF", ("mexican", "peso"): "MXN", ("argentine", "peso"): "ARS",
    ("argentinian", "peso"): "ARS", ("philippine", "peso"): "PHP", ("chilean", "peso"): "CLP",
    ("colombian", "peso"): "COP", ("egyptian", "pound"): "EGP", ("lebanese", "pound"): "LBP",
    ("south african", "rand"): "ZAR", ("indian", "rupee"): "INR", ("pakistani", "rupee"): "PKR",
    ("sri lankan", "rupee"): "LKR", ("russian", "rouble"): "RUB", ("russian", "ruble"): "RUB",
    ("turkish", "lira"): "TRY", ("chinese", "yuan"): "CNY", ("japanese", "yen"): "JPY",
    ("brazilian", "real"): "BRL", ("saudi", "riyal"): "SAR", ("kenyan", "shilling"): "KES",
    ("ugandan", "shilling"): "UGX", ("tanzanian", "shilling"): "TZS",
    ("nigerian", "naira"): "NGN", ("hungarian", "forint"): "HUF", ("polish", "zloty"): "PLN",
    ("british", "pound"): "GBP", ("ukrainian", "hryvnia"): "UAH",
}  # fmt: skip
# Currency words after the number, singular stem -> code (None: needs a nationality word).
_WORDS = {
    "dollar": "USD", "euro": "EUR", "sterling": "GBP", "pound sterling": "GBP",
    "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupee": "INR", "rouble": "RUB",
    "ruble": "RUB", "hryvnia": "UAH", "hryvnya": "UAH", "shekel": "ILS", "won": "KRW",
    "ringgit": "MYR", "baht": "THB", "rupiah": "IDR", "naira": "NGN", "rand": "ZAR",
    "dirham": "AED", "riyal": "SAR", "lira": "TRY", "lire": "TRY", "zloty": "PLN",
    "forint": "HUF", "kuna": "HRK", "bitcoin": "BTC", "franc": "CHF", "peso": "MXN",
    "krone": None, "kroner": None, "krona": None, "kronor": None, "crown": None,
    "koruna": None, "shilling": None, "real": None, "reais": "BRL", "pound": "GBP",
}  # fmt: skip
# Subunits: (currency when no other is known, factor to the main unit).
SUBUNITS = {"cent": ("USD", 0.01), "pence": ("GBP", 0.01), "penny": ("GBP", 0.01),
            "p": ("GBP", 0.01), "sen": ("MYR", 0.01), "kopeck": ("RUB", 0.01),
            "paise": ("INR", 0.01)}
_SUFFIX_SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP", "zł": "PLN", "kr": "SEK",
                   "₹": "INR", "¥": "JPY", "₽": "RUB", "₴": "UAH", "₪": "ILS"}
CODES = {c for c in _PREFIX.values()} | {c for c in _NATIONAL.values()}

_NAT_RE = "|".join(re.escape(n) for n in sorted({n for n, _ in _NATIONAL}, key=len,
                                                reverse=True))
_WORD_RE = "|".join(sorted(_WORDS, key=len, reverse=True))
_AFTER = re.compile(
    rf"""(?x)
    [ \u00a0]?
    (?:
        (?P<nat>(?i:{_NAT_RE}))[ \u00a0]+(?P<natword>(?i:{_WORD_RE}))(?:e?s)?\b
      | (?P<word>(?i:{_WORD_RE}))(?:e?s)?(?:[ \u00a0]+(?P<sterling>sterling))?\b
      | (?P<sub>(?i:cents?|pence|penny|pennies|kopecks?|paise)\b
              |p\b(?!\.[ \u00a0]?m\b)(?!\.?[a-z])|sen\b)
      | (?P<code>{"|".join(sorted(CODES))})\b
      | (?P<sym>€|£|\$|zł|kr\b|₹|¥|₽|₴|₪)
    )
    """
)


def currency_before(text: str, pos: int) -> tuple[str, int] | None:
    """The currency written right before ``pos``: (ISO code, start of the sign) or None."""
    window_start = max(0, pos - 8)
    m = _PREFIX_RE.search(text, window_start, pos)
    if not m:
        return None
    sign = m.group(0).rstrip(" \u00a0")
    if sign in _GLUED_PREFIX and m.group(0) != sign:
        return None
    if sign.isalpha() and len(sign) == 3 and m.start() > 0 and text[m.start() - 1].isalpha():
        return None
    return _PREFIX[sign], m.start()


def currency_after(text: str, pos: int, *, scaled: bool) -> tuple[str, int, str] | None:
    """The currency written at ``pos``: (ISO code or subunit name, end, kind) or None.

    ``kind`` is "main" or "sub" (cents, pence). "pounds" are money only when ``scaled``
    ("10 million pounds") or followed by "sterling"; otherwise they are weight. Weight and
    money in "pounds" cannot be told apart from the words alone; a scale word is the
    strongest hint news text gives.
    """
    m = _AFTER.match(text, pos)
    if not m:
        return None
    if m.group("nat"):
        stem = _stem(m.group("natword"))
        code = _NATIONAL.get((" ".join(m.group("nat").lower().split()), stem))
        return (code, m.end(), "main") if code else None
    if m.group("word"):
        stem = _stem(m.group("word"))
        if stem == "pound" and not (scaled or m.group("sterling")):
            return None
        if stem == "won" and not scaled:
            return None  # "the team won": only "5 billion won" is money
        code = _WORDS.get(stem)
        return (code, m.end(), "main") if code else None
    if m.group("sub"):
        sub = m.group("sub").lower()
        name = {"cents": "cent", "pennies": "penny", "kopecks": "kopeck"}.get(sub, sub)
        return name, m.end(), "sub"
    if m.group("code"):
        return m.group("code"), m.end(), "main"
    return _SUFFIX_SYMBOLS[m.group("sym")], m.end(), "main"


def _stem(word: str) -> str:
    w = word.lower()
    if w in _WORDS:
        return w
    for suffix in ("es", "s"):
        if w.endswith(suffix) and w[: -len(suffix)] in _WORDS:
            return w[: -len(suffix)]
    return w
