"""Names that spelling cannot link: country aliases, demonyms, office titles.

"US" and "America" share no letters worth fuzzy-matching, and "Ukrainian" is about Ukraine,
so these are listed. Keys are lower case with dots and a leading "the" removed (see
``key``). Only well-known, stable names belong here; everything else is matched by rule.
"""

from __future__ import annotations

import re

_COUNTRIES: dict[str, tuple[str, ...]] = {
    # canonical: aliases (besides the canonical name itself)
    "United States": ("us", "usa", "united states of america", "america"),
    "United Kingdom": (
        "uk",
        "britain",
        "great britain",
        "united kingdom of great britain and northern ireland",
    ),
    "Russia": ("russian federation",),
    "China": ("prc", "people's republic of china", "mainland china"),
    "North Korea": ("dprk", "democratic people's republic of korea"),
    "South Korea": ("republic of korea", "rok"),
    "European Union": ("eu",),
    "United Nations": ("un",),
    "NATO": ("north atlantic treaty organization", "nato alliance"),
    "Ukraine": (),
    "France": (),
    "Germany": ("federal republic of germany",),
    "Italy": (),
    "Spain": (),
    "Poland": (),
    "Japan": (),
    "India": (),
    "Pakistan": (),
    "Iran": ("islamic republic of iran",),
    "Iraq": (),
    "Israel": (),
    "Syria": (),
    "Turkey": ("turkiye", "türkiye"),
    "Canada": (),
    "Mexico": (),
    "Brazil": (),
    "Australia": (),
    "Netherlands": ("holland",),
    "Belarus": (),
    "Georgia": (),
    "Moldova": (),
    "Taiwan": (),
    "Saudi Arabia": (),
    "United Arab Emirates": ("uae",),
    "Czech Republic": ("czechia",),
    "Kyiv": ("kiev",),
    "World Health Organization": ("who",),
    "International Monetary Fund": ("imf",),
}

_DEMONYMS: dict[str, str] = {
    "american": "United States",
    "americans": "United States",
    "british": "United Kingdom",
    "briton": "United Kingdom",
    "britons": "United Kingdom",
    "russian": "Russia",
    "russians": "Russia",
    "ukrainian": "Ukraine",
    "ukrainians": "Ukraine",
    "chinese": "China",
    "north korean": "North Korea",
    "north koreans": "North Korea",
    "south korean": "South Korea",
    "south koreans": "South Korea",
    "french": "France",
    "german": "Germany",
    "germans": "Germany",
    "italian": "Italy",
    "italians": "Italy",
    "spanish": "Spain",
    "polish": "Poland",
    "japanese": "Japan",
    "indian": "India",
    "indians": "India",
    "pakistani": "Pakistan",
    "pakistanis": "Pakistan",
    "iranian": "Iran",
    "iranians": "Iran",
    "iraqi": "Iraq",
    "iraqis": "Iraq",
    "israeli": "Israel",
    "israelis": "Israel",
    "syrian": "Syria",
    "syrians": "Syria",
    "turkish": "Turkey",
    "canadian": "Canada",
    "canadians": "Canada",
    "mexican": "Mexico",
    "mexicans": "Mexico",
    "brazilian": "Brazil",
    "australian": "Australia",
    "australians": "Australia",
    "dutch": "Netherlands",
    "belarusian": "Belarus",
    "georgian": "Georgia",
    "moldovan": "Moldova",
    "taiwanese": "Taiwan",
    "saudi": "Saudi Arabia",
    "saudis": "Saudi Arabia",
    "european": "European Union",
    "czech": "Czech Republic",
}

ORGANIZATIONS = frozenset(
    {
        "European Union",
        "United Nations",
        "NATO",
        "World Health Organization",
        "International Monetary Fund",
    }
)
ALIASES: dict[str, str] = {}
for _canonical, _aliases in _COUNTRIES.items():
    for _alias in (_canonical.lower(), *_aliases):
        ALIASES[_alias.replace(".", "")] = _canonical

# Offices that identify one person per country at a time: "the Ukrainian president".
OFFICES = (
    "president-elect",
    "president",
    "vice president",
    "prime minister",
    "premier",
    "chancellor",
    "foreign minister",
    "defense minister",
    "defence minister",
    "finance minister",
    "interior minister",
    "secretary of state",
    "defense secretary",
    "king",
    "queen",
    "pope",
    "supreme leader",
    "first lady",
    "governor",
    "mayor",
)
# Words before a name that are not part of it.
HONORIFICS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "president",
        "president-elect",
        "vice",
        "prime",
        "minister",
        "premier",
        "chancellor",
        "senator",
        "sen",
        "rep",
        "representative",
        "congressman",
        "congresswoman",
        "gov",
        "governor",
        "mayor",
        "gen",
        "general",
        "lt",
        "col",
        "colonel",
        "maj",
        "major",
        "capt",
        "captain",
        "adm",
        "admiral",
        "sgt",
        "sergeant",
        "secretary",
        "ambassador",
        "judge",
        "justice",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "father",
        "rev",
        "mp",
        "mep",
        "chairman",
        "chairwoman",
        "chair",
        "ceo",
        "coach",
        "foreign",
        "defense",
        "defence",
        "finance",
        "interior",
        "state",
        "first",
        "supreme",
        "leader",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "commander",
        "chief",
        "deputy",
        "former",
        "acting",
        "late",
        "then",
        "then-president",
    }
)
# Titles only people carry: "Mayor Ilse Varga" is a person even when NER says ORG.
PERSON_TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "president",
        "president-elect",
        "premier",
        "chancellor",
        "senator",
        "sen",
        "rep",
        "congressman",
        "congresswoman",
        "gov",
        "governor",
        "mayor",
        "gen",
        "lt",
        "col",
        "colonel",
        "maj",
        "capt",
        "captain",
        "adm",
        "admiral",
        "sgt",
        "sergeant",
        "ambassador",
        "judge",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "rev",
        "mp",
        "mep",
        "councillor",
        "councilor",
    }
)
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Person titles that say what someone does, with the role they give the name after them
# ("Sen. Ray Holm" → senator); "Mr", "Dr", "Sir" say nothing of the kind.
TITLE_ROLES = {
    "gov": "governor", "sen": "senator", "senator": "senator", "rep": "representative",
    "representative": "representative", "congressman": "congressman",
    "congresswoman": "congresswoman", "gen": "general", "general": "general",
    "lt": "lieutenant", "col": "colonel", "colonel": "colonel", "maj": "major",
    "major": "major", "capt": "captain", "captain": "captain", "adm": "admiral",
    "admiral": "admiral", "sgt": "sergeant", "sergeant": "sergeant",
    "ambassador": "ambassador", "judge": "judge", "justice": "justice", "prince": "prince",
    "princess": "princess", "mp": "member of parliament",
    "mep": "member of the European Parliament", "councillor": "councillor",
    "councilor": "councilor", "congressperson": "representative",
}  # fmt: skip
# Role words that also head other phrases ("the leader of the pack"): before a name they make
# it a person only when a first name and a surname follow.
ROLE_WORDS = frozenset(
    {
        "leader", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson",
        "commander", "chief", "director", "chairman", "chairwoman", "ceo", "envoy",
        "adviser", "advisor", "lawmaker", "deputy", "premier", "official",
    }
)  # fmt: skip
# Words that make a "person" an event or a law ("World War III", "the Harbour Act"); none
# is also a common first name ("Bill", "Storm" are left out).
EVENT_WORDS = frozenset(
    {"war", "revolution", "olympics", "games", "championship", "summit", "crisis",
     "uprising", "offensive", "battle", "siege", "earthquake", "hurricane"}
)  # fmt: skip
LAW_WORDS = frozenset(
    {"act", "treaty", "accord", "accords", "convention", "protocol", "amendment",
     "constitution", "agreement", "directive"}
)  # fmt: skip


def key(name: str) -> str:
    """Lookup key: lower case, no dots, curly apostrophes straightened, no leading 'the'."""
    k = name.lower().replace(".", "").replace("’", "'").strip()
    k = re.sub(r"^the\s+", "", k)
    k = re.sub(r"'s$", "", k)
    return " ".join(k.split())


def country_of(name: str) -> str | None:
    """Canonical place for a country name, alias or demonym; None when not listed."""
    k = key(name)
    return ALIASES.get(k) or _DEMONYMS.get(k)
