"""Quantities, money and counts as a reader of the claims would see them."""

from __future__ import annotations

import math

import pytest

from consilience.analyze.numbers import numbers_in
from consilience.analyze.quantities import find_quantities, quantities_in
from consilience.analyze.units import normalize

pytestmark = pytest.mark.slow

MILE = 1609.344


@pytest.fixture
def claims(nlp):
    def run(text: str):
        doc = nlp(text)
        found = find_quantities(doc)
        for c in found:  # every claim points at its exact words and its sentence
            assert doc.text[c.start : c.end] == c.text
            assert c.sentence_start <= c.start < c.end <= c.sentence_end
        return found

    return run


def one(found, text: str):
    matches = [c for c in found if c.text == text]
    assert len(matches) == 1, [c.text for c in found]
    return matches[0]


# --------------------------------------------------------------------------- distances


def test_up_to_with_conversion_in_parentheses(claims):
    found = claims("The ATACMS is a missile with a range of up to 190 miles (300 kilometers).")
    miles, km = one(found, "up to 190 miles"), one(found, "300 kilometers")
    assert (miles.kind, miles.value, miles.unit) == ("quantity", 190, "mi")
    assert miles.qualifier == "up_to"
    assert (km.value, km.unit, km.qualifier) == (300, "km", "up_to")
    assert miles.normalized.unit == km.normalized.unit == "m"
    assert miles.normalized.value == pytest.approx(190 * MILE)
    assert km.normalized.value == pytest.approx(300_000)
    assert miles.normalized.low is None and miles.normalized.high == pytest.approx(190 * MILE)
    assert miles.about == km.about and miles.about.startswith("range")


def test_approximately_in_the_conversion(claims):
    found = claims("It can hit targets 300 kilometers (approximately 186 miles) away.")
    km, miles = one(found, "300 kilometers"), one(found, "approximately 186 miles")
    assert km.qualifier == "exact" and miles.qualifier == "about"
    assert miles.normalized.low < 300_000 < miles.normalized.high  # the two agree


def test_glued_unit(claims):
    c = one(claims("The launchers fire rockets with a 300km reach."), "300km")
    assert (c.value, c.unit, c.normalized.value, c.normalized.unit) == (300, "km", 300_000, "m")


def test_hyphenated_modifier_measures_the_noun(claims):
    c = one(claims("Kyiv could only use these 190-mile-range missiles at home."), "190-mile")
    assert (c.value, c.unit) == (190, "mi")
    assert c.about.startswith("range")
    assert c.normalized.value == pytest.approx(190 * MILE)


# --------------------------------------------------------------------------- money


@pytest.mark.parametrize(
    ("sentence", "span", "value", "unit", "qualifier"),
    [
        ("Washington has sent $56.2 billion in aid.", "$56.2 billion", 56.2e9, "USD", "exact"),
        ("Congress approved nearly $60 billion last spring.", "nearly $60 billion", 60e9,
         "USD", "at_most"),
        ("The package is worth $375 million.", "$375 million", 375e6, "USD", "exact"),
        ("Brussels pledged €2bn for repairs.", "€2bn", 2e9, "EUR", "exact"),
        ("The club paid £1.5 million for him.", "£1.5 million", 1.5e6, "GBP", "exact"),
        ("Allies gave more than $2.7 billion this year.", "more than $2.7 billion", 2.7e9,
         "USD", "more_than"),
        ("The fine was 10.5 million Australian dollars.", "10.5 million Australian dollars",
         10.5e6, "AUD", "exact"),
        ("Shares rose 19 cents.", "19 cents", 19, "cent", "exact"),
    ],
)
def test_money(claims, sentence, span, value, unit, qualifier):
    c = one(claims(sentence), span)
    assert c.kind == "money"
    assert (c.value, c.unit, c.qualifier) == (pytest.approx(value), unit, qualifier)


def test_money_normalized_interval_for_nearly(claims):
    c = one(claims("Congress approved nearly $60 billion."), "nearly $60 billion")
    assert c.normalized.unit == "USD"
    assert c.normalized.low == pytest.approx(54e9) and c.normalized.high == pytest.approx(60e9)


def test_cents_normalize_to_the_main_unit(claims):
    c = one(claims("The stock gained 19 cents on Monday."), "19 cents")
    assert (c.normalized.value, c.normalized.unit) == (pytest.approx(0.19), "USD")


def test_money_rate(claims):
    c = one(claims("Brent traded at $58.24 per barrel."), "$58.24 per barrel")
    assert (c.value, c.unit) == (58.24, "USD/bbl")


def test_aid_is_what_the_money_is_for(claims):
    c = one(claims("The U.S. has provided over $56.2 billion in aid since 2022."),
            "over $56.2 billion")
    assert c.about == "aid" and c.qualifier == "more_than"
    assert c.scope == "so far"


# --------------------------------------------------------------------------- counts


def test_count_with_more_than(claims):
    c = one(claims("Russia is bolstered by more than 10,000 North Korean troops."),
            "more than 10,000 North Korean troops")
    assert (c.kind, c.value, c.unit, c.qualifier) == ("count", 10_000, "troop", "more_than")
    assert c.about == "north korean troops"
    assert (c.normalized.value, c.normalized.unit) == (10_000, "count")
    assert c.normalized.low == 10_000 and c.normalized.high is None


def test_estimated_count(claims):
    c = one(claims("They face an estimated 50,000 Russian soldiers."),
            "an estimated 50,000 Russian soldiers")
    assert (c.kind, c.value, c.unit, c.qualifier) == ("count", 50_000, "soldier", "about")
    assert c.normalized.low < 50_000 < c.normalized.high


def test_two_counts_in_one_phrase(claims):
    found = claims("The strike killed eleven civilians, including two children.")
    assert [(c.kind, c.value, c.unit) for c in found] == [
        ("count", 11, "civilian"), ("count", 2, "child")]


def test_vague_thousands(claims):
    c = one(claims("Pyongyang sent thousands of troops to Kursk."), "thousands of troops")
    assert c.kind == "count" and c.vague and c.unit == "troop"
    assert (c.normalized.low, c.normalized.high) == (2000, 9999)


def test_fraction_of_a_whole(claims):
    c = one(claims("Russia occupies one-fifth of the country."), "one-fifth of the country")
    assert (c.kind, c.value, c.unit, c.about) == ("quantity", pytest.approx(0.2), "fraction",
                                                  "country")


def test_ordinal_day_is_a_running_count(claims):
    c = one(claims("The war reached its 1,000th day on Tuesday."), "1,000th day")
    assert (c.kind, c.value, c.unit, c.scope) == ("count", 1000, "day", "so far")


def test_less_than_a_stated_range(claims):
    c = one(claims("They can launch less than 50 or 60 at a time."), "less than 50 or 60")
    assert (c.value, c.value_high, c.qualifier) == (50, 60, "less_than")
    assert c.normalized.low is None and c.normalized.high == 60


def test_duration_is_a_quantity(claims):
    c = one(claims("He has only two months left in office."), "two months")
    assert (c.kind, c.value, c.unit, c.normalized.unit) == ("quantity", 2, "month", "s")
    assert c.normalized.value == pytest.approx(2 * 365.25 / 12 * 86400)


def test_proper_noun_plural_is_counted(claims):
    c = one(claims("She has won two Pulitzer Prizes."), "two Pulitzer Prizes")
    assert (c.kind, c.value, c.unit) == ("count", 2, "prize")


def test_new_and_total_scopes(claims):
    found = claims("Another 5,000 troops will be deployed, bringing the total to 45,000 troops.")
    assert one(found, "5,000 troops").scope == "new"
    assert one(found, "45,000 troops").scope == "total"


def test_change_amount_and_level(claims):
    found = claims("Exports dropped 7% to $2.3 billion.")
    pct, level = one(found, "7%"), one(found, "$2.3 billion")
    assert pct.scope == "change" and level.value == pytest.approx(2.3e9)
    assert level.value_high is None


def test_from_to_change_keeps_the_unit(claims):
    found = claims("His weight dropped from 208 pounds to 193 over the winter.")
    before, after = one(found, "208 pounds"), one(found, "193")
    assert before.scope == "previous"
    assert before.unit == after.unit == "lb"
    assert after.normalized.value == pytest.approx(193 * 0.45359237)


# --------------------------------------------------------------------------- not quantities


@pytest.mark.parametrize(
    ("sentence", "digits"),
    [
        ("In 2024, the war entered a new phase.", "2024"),
        ("The 2022 invasion changed Europe.", "2022"),
        ("Call 555-123-4567 or +44 20 7946 0958 for details.", "555"),
        ("The briefing started at 2.15pm and ended at 10:30.", "2.15"),
        ("He starred in the 2012–13 season.", "2012"),
        ("Section 427 of the act and Article 5 of the treaty apply.", "427"),
        ("1. Deter Russian aggression.\n2. Support Kyiv.", "1"),
        ("The decision came on 17 November, or Nov. 17 in US style.", "17"),
        ("Kyiv wants F-16 jets, S-70 drones, M270 launchers and Bulsae-4 missiles.", "16"),
        ("Prices peaked in the 1990s.", "1990"),
        ("The score was 2-0 at half time.", "2"),
    ],
)
def test_numbers_that_are_not_quantities(claims, sentence, digits):
    assert claims(sentence) == [], sentence


def test_count_of_items_right_after_a_year_is_kept(claims):
    c = one(claims("In 2023, 2000 troops crossed the border."), "2000 troops")
    assert (c.kind, c.value) == ("count", 2000)


# --------------------------------------------------------------------------- measurements


@pytest.mark.parametrize(
    ("sentence", "span", "unit", "norm_value", "norm_unit"),
    [
        ("Unemployment fell to 4.2% in May.", "4.2%", "percent", 4.2, "percent"),
        ("Turnout was 61 per cent.", "61 per cent", "percent", 61, "percent"),
        ("It was 45 degrees Celsius in Seville.", "45 degrees Celsius", "°C", 318.15, "K"),
        ("Phoenix hit 113F on Tuesday.", "113F", "°F", 318.15, "K"),
        ("Winds reached 80 km/h overnight.", "80 km/h", "km/h", 80 / 3.6, "m/s"),
        ("Gusts topped 60 mph near the coast.", "60 mph", "mph", 60 * MILE / 3600, "m/s"),
        ("The parcel weighed 2.5kg at the depot.", "2.5kg", "kg", 2.5, "kg"),
        ("The bluefin weighed 278 pounds.", "278 pounds", "lb", 278 * 0.45359237, "kg"),
        ("The fire burned 30 square miles of forest.", "30 square miles", "mi^2",
         30 * MILE**2, "m^2"),
        ("The ban lasts three years.", "three years", "year", 3 * 365.25 * 86400, "s"),
        ("Talks ran for 48 hours straight.", "48 hours", "h", 48 * 3600, "s"),
        ("The battery stores 5.5kWh of energy.", "5.5kWh", "kWh", 5.5 * 3.6e6, "J"),
        ("She is 5ft 7in tall.", "5ft 7in", "ft", 67 * 0.0254, "m"),
        ("Margins improved by 60 basis points.", "60 basis points", "bp", 0.6, "pp"),
    ],
)
def test_measurements_convert_with_pint(claims, sentence, span, unit, norm_value, norm_unit):
    c = one(claims(sentence), span)
    assert c.kind == "quantity" and c.unit == unit
    assert c.normalized.unit == norm_unit
    assert c.normalized.value == pytest.approx(norm_value, rel=1e-6)


def test_temperature_change_converts_as_a_difference():
    assert normalize(1.8, "°F", difference=True) == (pytest.approx(1.0), "K")
    assert normalize(0.0, "°C") == (pytest.approx(273.15), "K")


@pytest.mark.parametrize(
    ("sentence", "span", "low", "high"),
    [
        ("Between 10-15 people were hurt.", "10-15 people", 10, 15),
        ("Prices should rise between 5% and 6%.", "5% and 6%", 5, 6),
        ("The fine could be $3 billion to $5 billion.", "$3 billion to $5 billion", 3e9, 5e9),
        ("There are 1 to 2 thousand people.", "1 to 2 thousand people", 1000, 2000),
    ],
)
def test_stated_ranges(claims, sentence, span, low, high):
    c = one(claims(sentence), span)
    assert (c.value, c.value_high) == (pytest.approx(low), pytest.approx(high))


def test_convenience_function_uses_the_shared_model():
    found = quantities_in("A barrel cost $75.")
    assert [(c.kind, c.value, c.unit) for c in found] == [("money", 75, "USD")]


# --------------------------------------------------------------------------- numerals


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("eleven", 11), ("twenty-five", 25), ("three hundred and twenty thousand", 320_000),
        ("a million", 1e6), ("4 hundred million", 4e8), ("1,307,000", 1_307_000),
        ("two dozen", 24), ("half a dozen", 6), ("1/16", 0.0625), (".001", 0.001),
    ],
)
def test_numerals(text, value):
    (n,) = list(numbers_in(text))
    assert math.isclose(n.value, value) and text[n.start : n.end] == text


def test_number_words_do_not_run_together():
    assert [n.value for n in numbers_in("two five-year terms")] == [2, 5]


def test_every_unit_converts():
    from consilience.analyze import units

    for canon in units._CANON:
        value, unit = normalize(1.0, canon)
        assert math.isfinite(value) and unit == units.normalized_unit(canon), canon


# --------------------------------------------------------------------------- harder cases


def test_change_from_to_is_two_values_not_a_range(claims):
    found = claims("The law raised the minimum age to buy tobacco from 18 to 21.")
    before, after = one(found, "18"), one(found, "21")
    assert before.value_high is None and before.scope == "previous"
    assert after.scope is None


def test_from_to_without_a_verb_of_change_is_a_range(claims):
    c = one(claims("Prices range from $370,000 to $5.5 million."), "$370,000 to $5.5 million")
    assert (c.value, c.value_high, c.unit) == (370_000, 5_500_000, "USD")


def test_hyphenated_counted_noun(claims):
    found = claims("Officials rejected 8,329 mail-in ballots, and 3 co-founders resigned.")
    assert one(found, "8,329 mail-in ballots").unit == "ballot"
    assert one(found, "3 co-founders").unit == "co-founder"


def test_m_after_digits_is_a_million_before_people_and_metres_otherwise(claims):
    found = claims("About 2.7m people watched her win the 100m sprint.")
    assert one(found, "About 2.7m people").value == pytest.approx(2.7e6)
    sprint = one(found, "100m")
    assert (sprint.kind, sprint.unit) == ("quantity", "m")


def test_codes_glued_to_digits_are_not_quantities(claims):
    assert claims("Its 5G network streams 4K video to 3D headsets.") == []


def test_title_with_a_number_is_not_a_duration(claims):
    assert claims('She won an Oscar for "20 Days in Mariupol" last year.') == []
    headline = one(claims("Russia Fires 120 Missiles Over 3 Days"), "Over 3 Days")
    assert headline.unit == "day"  # a headline in title case still measures


def test_age_after_a_name(claims):
    c = one(claims("Maddon, 66, has lost weight."), "66")
    assert (c.kind, c.unit, c.about) == ("quantity", "year", "age")


# --------------------------------------------------------------------------- scales, frames, "one"


@pytest.mark.parametrize(
    ("sentence", "span", "value", "about"),
    [
        ("A magnitude 6.1 earthquake shook Tarvel on Sunday.", "magnitude 6.1", 6.1,
         "magnitude of earthquake"),
        ("A 6.1-magnitude quake shook Tarvel.", "6.1-magnitude", 6.1, "magnitude of earthquake"),
        ("A magnitude-4.9 aftershock followed at dawn.", "magnitude-4.9", 4.9,
         "magnitude of aftershock"),
        ("An earthquake of magnitude 6.1 struck off the coast.", "magnitude 6.1", 6.1,
         "magnitude of earthquake"),
        ("The first quake, which the institute measured at magnitude 6.1, was shallow.",
         "magnitude 6.1", 6.1, "magnitude of earthquake"),
        ("The tremor measured 4.2 on the Richter scale.", "4.2 on the Richter scale", 4.2,
         "magnitude of earthquake"),
    ],
)
def test_magnitudes_are_readings_on_a_scale(claims, sentence, span, value, about):
    c = one(claims(sentence), span)
    assert (c.kind, c.value, c.unit, c.about) == ("quantity", value, "magnitude", about)
    assert (c.normalized.value, c.normalized.unit) == (value, "magnitude")
    assert not [x for x in claims(sentence) if x.kind == "count"]  # not "6.1 earthquakes"


def test_a_category_is_a_label_not_a_quantity(claims):
    assert claims("A Category 4 hurricane reached the Tarvel coast.") == []


@pytest.mark.parametrize(
    ("sentence", "span", "about"),
    [
        ("The Tarvel Geological Survey put its depth at 12 kilometres.", "12 kilometres",
         "depth"),
        ("Officials estimated the toll at 41.", "41", "toll"),
        ("The death toll stood at 41 on Thursday.", "41", "death toll"),
        ("The council raised the fare to $3.", "$3", "fare"),
        ("The port authority has set aside €15m for new cranes.", "€15m", "crane"),
        ("The old ferry was retired in May. It had sailed for 31 years.", "31 years", "ferry"),
    ],
)
def test_what_a_verb_gives_a_value_to(claims, sentence, span, about):
    assert one(claims(sentence), span).about == about


def test_one_as_a_pronoun_or_idiom_is_not_a_count(claims):
    text = (
        "The dam is one of the oldest in the valley. Crews worked with one arm tied behind "
        "their back. The shell carries a single charge (one big boom). No one was hurt, and the "
        "one that fell was empty. The report raises one fundamental question. It does two "
        "things well."
    )
    assert [c.text for c in claims(text) if c.kind == "count"] == []


def test_genuine_counts_of_one_stay(claims):
    text = (
        "One person died in the flood. Soldiers killed one civilian at the gate. "
        "He pleaded guilty to one count of fraud."
    )
    got = [(c.text, c.value) for c in claims(text) if c.kind == "count"]
    assert got == [("One person", 1), ("one civilian", 1), ("one count", 1)]


def test_every_mention_keeps_what_datasets_annotate(nlp):
    doc = nlp("The dam is one of the oldest dams in the valley.")
    assert find_quantities(doc) == []
    [c] = find_quantities(doc, every_mention=True)
    assert (c.value, c.kind) == (1, "count")


# --------------------------------------------------------------------------- ranges, distances


@pytest.mark.parametrize(
    ("sentence", "span", "about"),
    [
        # a length sizing a noun that exists because of a range
        ('The navy moved its frigates out of the 200km "kill zone" of the Varno rockets.',
         "200km", "range of varno rocket"),
        ("The Tarvel drones have a strike radius of 40 km.", "40 km", "range of drone"),
        # "N km away" after a verb of reach: how far the doer reaches
        ("We're talking about hitting a single hangar from 120 kilometers away.",
         "120 kilometers", "range"),
        ("The Varno rockets are among the most feared weapons in the region, capable of "
         "striking targets up to 200 kilometers (about 124 miles) away.", "about 124 miles",
         "range of weapon"),
        ("The Varno launchers, which can hit depots 80 miles away, arrived on Monday.",
         "80 miles", "range of launcher"),
        ("The rebels hit the depot with drones from 60 km away.", "60 km", "range of drone"),
        # a hedge the parser reads as a preposition, and "with" phrases
        ("The rebels want permission to fire weapons with ranges over 150 kilometers.",
         "over 150 kilometers", "range of weapon"),
        ("With a range of up to 200 kilometers, the Varno rockets could reach airfields.",
         "up to 200 kilometers", "range of rocket"),
        # any other distance places something
        ("The village of Tolvik lies 40 km away from the border.", "40 km",
         "distance of village"),
        ("Shells hit Tolvik, 40 km away.", "40 km", "distance of tolvik"),
        ("The epicentre was roughly 20 km south of Port Kessel.", "roughly 20 km",
         "distance of epicentre"),
    ],
)
def test_lengths_are_ranges_or_distances(claims, sentence, span, about):
    assert one(claims(sentence), span).about == about


def test_a_conversion_in_brackets_shares_the_range(claims):
    found = claims("The Varno rockets are feared weapons, capable of striking targets up to "
                   "200 kilometers (about 124 miles) away.")
    km, miles = one(found, "up to 200 kilometers"), one(found, "about 124 miles")
    assert km.about == miles.about == "range of weapon"
    assert (km.qualifier, miles.qualifier) == ("up_to", "about")


# --------------------------------------------------------------------------- what is counted


def test_a_figure_someone_says_counts_the_amount_named_before_it(claims):
    text = ("Tarvel was only ever going to get a limited number—some say less than 50 or 60 "
            "at a time.")
    c = one(claims(text), "less than 50 or 60")
    assert (c.about, c.value, c.value_high, c.qualifier) == ("number", 50, 60, "less_than")


@pytest.mark.parametrize(
    ("sentence", "span", "about"),
    [
        ("The blockade, now approaching its 500th day, has emptied the port.", "500th day",
         "day of blockade"),
        ("Crowds marked the 100th day of the strike.", "100th day", "day of strike"),
    ],
)
def test_an_ordinal_counts_days_with_its_ordinal_value(claims, sentence, span, about):
    c = one(claims(sentence), span)
    assert (c.kind, c.unit, c.scope, c.about) == ("count", "day", "so far", about)
    assert c.value == c.normalized.low == c.normalized.high == float(span.split("t")[0])


def test_the_time_left_is_what_a_duration_measures(claims):
    c = one(claims("With only three weeks left in her term, Mayor Lena Strand moved fast."),
            "three weeks")
    assert (c.about, c.value, c.unit) == ("time left in term", 3, "week")
    c = one(claims("There are ten days to go before the Tarvel council votes."), "ten days")
    assert c.about == "time left before council vote"


# --------------------------------------------------------------------------- hedges


@pytest.mark.parametrize(
    ("sentence", "span", "qualifier", "low", "high"),
    [
        ("Nearly 1,200 buildings collapsed.", "Nearly 1,200 buildings", "at_most", 1080, 1200),
        ("The fund holds almost $3 million.", "almost $3 million", "at_most", 2.7e6, 3e6),
        ("No more than 60 people were moved.", "No more than 60 people", "at_most", None, 60),
        ("40 or fewer families stayed.", "40 or fewer families", "at_most", None, 40),
        ("About 300 residents left.", "About 300 residents", "about", 270, 330),
    ],
)
def test_nearly_sits_just_under_its_value_and_a_cap_allows_anything_below(
        claims, sentence, span, qualifier, low, high):
    c = one(claims(sentence), span)
    assert c.qualifier == qualifier
    assert (c.normalized.low, c.normalized.high) == (
        pytest.approx(low) if low is not None else None, pytest.approx(high))
