"""Cross-check verdicts on fictional stories, one rule per test.

The story: the opening of the Korvath Base Tunnel in the (fictional) country of Estrava,
reported by the Valmora Courier, the Northgate Wire, the Estravan Ledger and Quillfield Daily.
Claims are built by hand as the analyzer hands them over, so each test holds exactly the
claims its rule is about.
"""

from __future__ import annotations

import pytest

from consilience.verdicts import describe, figure, format_date, overlap, rounding_step, same_value

pytestmark = pytest.mark.usefixtures("sentence_encoder")


def by_claim(checks, claim):
    return next(k for k in checks if claim.id in k.claim_ids)


# --------------------------------------------------------------------------- numbers


def test_unit_conversion_and_rounding_agree(story_kit):
    a = story_kit.article("Valmora Courier",
                    "The Korvath Base Tunnel is 57 kilometres long and runs under the Serran "
                    "massif.")
    b = story_kit.article("Northgate Wire",
                    "The new rail tunnel under the Serran massif is 35 miles long, engineers "
                    "said.")
    c = story_kit.article("Estravan Ledger",
                    "At 35.4 miles, the Korvath Base Tunnel under the Serran massif is the "
                    "longest in Estrava.")
    ca = story_kit.figure(a, "57 kilometres", 57, "km", about="length of the tunnel")
    cb = story_kit.figure(b, "35 miles", 35, "mi", about="length of the tunnel")
    cc = story_kit.figure(c, "35.4 miles", 35.4, "mi", about="length of the tunnel")
    check = by_claim(story_kit.check(), ca)
    assert check.verdict == "agree"
    assert set(check.claim_ids) == {ca.id, cb.id, cc.id}
    assert check.independent_sources == 3
    assert check.article_ids == [a.id, b.id, c.id]
    assert check.consensus.startswith("57 km (≈35.4 mi")
    assert "unit conversion" in check.explanation


def test_hedge_beside_exact_figure_is_compatible(story_kit):
    a = story_kit.article("Valmora Courier",
                    "Freight trains in the tunnel will reach speeds of up to 160 km/h, the "
                    "operator said.")
    b = story_kit.article("Northgate Wire",
                    "Freight trains in the tunnel will run at 100 mph, according to the "
                    "operator.")
    ca = story_kit.figure(a, "up to 160 km/h", 160, "km/h", qualifier="up_to",
                    about="speed of freight trains")
    story_kit.figure(b, "100 mph", 100, "mph", about="speed of freight trains")
    check = by_claim(story_kit.check(), ca)
    assert check.verdict == "compatible"
    assert check.independent_sources == 2
    assert "up to 160 km/h" in check.explanation


def test_vague_thousands_beside_more_than_ten_thousand_is_compatible(story_kit):
    a = story_kit.article("Valmora Courier",
                    "Thousands of workers from Estrava and abroad built the tunnel over "
                    "eleven years.")
    b = story_kit.article("Northgate Wire",
                    "More than 12,000 workers built the tunnel over eleven years, the "
                    "ministry said.")
    ca = story_kit.figure(a, "Thousands", 2000, None, kind="count", vague=True, low=2000,
                    high=9999, about="workers who built the tunnel")
    story_kit.figure(b, "More than 12,000", 12000, None, kind="count", qualifier="more_than",
               about="workers who built the tunnel")
    check = by_claim(story_kit.check(), ca)
    assert check.verdict == "compatible"
    assert check.consensus == "more than 12,000"


def test_figures_that_exclude_each_other_conflict(story_kit):
    a = story_kit.article("Valmora Courier",
                    "The Korvath Base Tunnel cost 4.1 billion euros to build, the ministry "
                    "said on Monday.")
    b = story_kit.article("Northgate Wire",
                    "Building the Korvath Base Tunnel cost 6.8 billion euros, the ministry "
                    "said.")
    ca = story_kit.figure(a, "4.1 billion euros", 4.1e9, "EUR", kind="money",
                    about="cost of building the tunnel")
    cb = story_kit.figure(b, "6.8 billion euros", 6.8e9, "EUR", kind="money",
                    about="cost of building the tunnel")
    checks = story_kit.check()
    check = by_claim(checks, ca)
    assert check.verdict == "conflict"
    assert cb.id in check.claim_ids
    assert "Valmora Courier" in check.explanation and "Northgate Wire" in check.explanation
    assert "€4.1 billion" in check.consensus and "€6.8 billion" in check.consensus
    assert checks[0] is check  # conflicts come first


def test_a_shared_unit_alone_does_not_align(story_kit):
    a = story_kit.article("Valmora Courier",
                    "The Korvath Base Tunnel is 57 kilometres long and runs under the Serran "
                    "massif.")
    b = story_kit.article("Northgate Wire",
                    "Until it opened, lorries carrying timber had to take a 140-kilometre detour "
                    "over the Hesk pass every winter.")
    ca = story_kit.figure(a, "57 kilometres", 57, "km", about="length of the tunnel")
    cb = story_kit.figure(b, "140-kilometre", 140, "km", about="detour of lorries")
    checks = story_kit.check()
    assert by_claim(checks, ca) is not by_claim(checks, cb)
    assert {by_claim(checks, ca).verdict, by_claim(checks, cb).verdict} == {"single_source"}
    assert not [k for k in checks if k.verdict == "conflict"]


def test_one_article_giving_a_figure_at_two_moments_is_not_a_conflict(story_kit):
    a = story_kit.article("Estravan Ledger",
                    "The state has paid 3.9 billion euros for the tunnel so far. A new grant "
                    "of 300 million euros announced on Friday brings the total paid for the "
                    "tunnel to nearly 4.2 billion euros.")
    b = story_kit.article("Quillfield Daily",
                    "The state has paid 3.9 billion euros for the tunnel so far, officials "
                    "said.")
    c1 = story_kit.figure(a, "3.9 billion euros", 3.9e9, "EUR", kind="money", scope="so far",
                    about="money paid for the tunnel")
    story_kit.figure(a, "300 million euros", 3e8, "EUR", kind="money", scope="new",
               about="new grant for the tunnel")
    c3 = story_kit.figure(a, "nearly 4.2 billion euros", 4.2e9, "EUR", kind="money",
                    qualifier="about", scope="total", about="money paid for the tunnel")
    story_kit.figure(b, "3.9 billion euros", 3.9e9, "EUR", kind="money", scope="so far",
               about="money paid for the tunnel")
    checks = story_kit.check()
    assert not [k for k in checks if k.verdict == "conflict"]
    assert by_claim(checks, c1).independent_sources == 2
    assert by_claim(checks, c1).verdict in ("agree", "compatible")
    assert by_claim(checks, c3).verdict != "conflict"


def test_a_syndicated_copy_counts_once(story_kit):
    text = ("The Korvath Base Tunnel opened to freight on Saturday after eleven years of work. "
            "It is 57 kilometres long.")
    wire = story_kit.article("Northgate Wire", text)
    copy = story_kit.article("Quillfield Daily", text, duplicate_of=wire)
    ca = story_kit.figure(wire, "57 kilometres", 57, "km", about="length of the tunnel")
    story_kit.figure(copy, "57 kilometres", 57, "km", about="length of the tunnel")
    check = by_claim(story_kit.check(), ca)
    assert check.verdict == "single_source"
    assert check.independent_sources == 1
    assert check.article_ids == [wire.id, copy.id]
    assert "syndicated" in check.explanation


# --------------------------------------------------------------------------- dates


def test_dates_at_different_precision_are_compatible(story_kit):
    a = story_kit.article("Valmora Courier",
                    "The tunnel's first freight train ran through the mountain in August.")
    b = story_kit.article("Northgate Wire",
                    "The tunnel's first freight train ran through the mountain on 6 August.")
    ca = story_kit.claim(a, "in August", "date", date="2031-08", precision="month",
                   about="first freight train ran")
    story_kit.claim(b, "on 6 August", "date", date="2031-08-06", precision="day",
              about="first freight train ran")
    check = by_claim(story_kit.check(), ca)
    assert check.verdict == "compatible"
    assert check.consensus == "6 August 2031"


def test_different_days_for_one_event_conflict(story_kit):
    a = story_kit.article("Valmora Courier",
                    "The tunnel's first freight train ran through the mountain on 6 August.")
    b = story_kit.article("Northgate Wire",
                    "The tunnel's first freight train ran through the mountain on 9 August.")
    ca = story_kit.claim(a, "on 6 August", "date", date="2031-08-06", precision="day",
                   about="first freight train ran")
    story_kit.claim(b, "on 9 August", "date", date="2031-08-09", precision="day",
              about="first freight train ran")
    check = by_claim(story_kit.check(), ca)
    assert check.verdict == "conflict"
    assert "6 August 2031" in check.explanation and "9 August 2031" in check.explanation


def test_relative_dates_one_day_apart_are_not_a_conflict(story_kit):
    a = story_kit.article("Valmora Courier",
                    "Yesterday the tunnel's first freight train ran through the mountain.",
                    published="2031-08-07")
    b = story_kit.article("Northgate Wire",
                    "On Tuesday the tunnel's first freight train ran through the mountain.",
                    published="2031-08-08")
    ca = story_kit.claim(a, "Yesterday", "date", date="2031-08-06", precision="day")
    story_kit.claim(b, "On Tuesday", "date", date="2031-08-05", precision="day")
    assert by_claim(story_kit.check(), ca).verdict != "conflict"


# --------------------------------------------------------------------------- quotes


def test_wordings_of_one_quote_are_grouped(story_kit):
    a = story_kit.article("Valmora Courier",
                    "“The mountain has finally given way to us,” said transport minister Ilse "
                    "Marrow at the ceremony.")
    b = story_kit.article("Northgate Wire",
                    "Minister Marow told reporters: “Tunnels are not built with speeches… the "
                    "mountain finally gave way.”")
    c = story_kit.article("Estravan Ledger",
                    "“The mountain has at last given way,” the minister said.")
    ca = story_kit.claim(a, "The mountain has finally given way to us", "quote",
                   speaker="Ilse Marrow")
    cb = story_kit.claim(b, "Tunnels are not built with speeches… the mountain finally gave way",
                   "quote", speaker="Ilse Marow")
    cc = story_kit.claim(c, "The mountain has at last given way", "quote", speaker=None,
                   speaker_description="the minister")
    check = by_claim(story_kit.check(), ca)
    assert set(check.claim_ids) == {ca.id, cb.id, cc.id}
    assert check.verdict == "compatible"  # reworded, one speaker (unnamed is no conflict)
    assert "Ilse Marrow" in check.consensus


def test_a_quote_given_to_two_speakers_conflicts(story_kit):
    a = story_kit.article("Valmora Courier",
                    "“Every train that passes here is a promise kept,” said minister Ilse "
                    "Marrow.")
    b = story_kit.article("Northgate Wire",
                    "“Every train that passes here is a promise kept,” said rail chief Tomas "
                    "Brenn.")
    ca = story_kit.claim(a, "Every train that passes here is a promise kept", "quote",
                   speaker="Ilse Marrow")
    story_kit.claim(b, "Every train that passes here is a promise kept", "quote",
              speaker="Tomas Brenn")
    check = by_claim(story_kit.check(), ca)
    assert check.verdict == "conflict"
    assert "Ilse Marrow" in check.explanation and "Tomas Brenn" in check.explanation


def test_a_short_phrase_in_two_mouths_is_no_conflict(story_kit):
    a = story_kit.article("Valmora Courier",
                    "Minister Ilse Marrow called the old pass road a “death trap” last year.")
    b = story_kit.article("Northgate Wire",
                    "Rail chief Tomas Brenn has long called the old pass road a “death trap”.")
    ca = story_kit.claim(a, "death trap", "quote", speaker="Ilse Marrow")
    story_kit.claim(b, "death trap", "quote", speaker="Tomas Brenn")
    assert all(k.verdict != "conflict" for k in story_kit.check())
    assert by_claim(story_kit.check(), ca).verdict == "single_source"


def test_different_quotes_of_one_speaker_stay_apart(story_kit):
    a = story_kit.article("Valmora Courier",
                    "“Every train that passes here is a promise kept,” said minister Ilse "
                    "Marrow.")
    b = story_kit.article("Northgate Wire",
                    "“We will need a second bore before 2040,” said minister Ilse Marrow.")
    ca = story_kit.claim(a, "Every train that passes here is a promise kept", "quote",
                   speaker="Ilse Marrow")
    cb = story_kit.claim(b, "We will need a second bore before 2040", "quote",
                         speaker="Ilse Marrow")
    checks = story_kit.check()
    assert by_claim(checks, ca) is not by_claim(checks, cb)


# --------------------------------------------------------------------------- statements


def test_one_fact_in_different_words_is_one_agreeing_check(story_kit):
    a = story_kit.article("Valmora Courier",
                    "Estrava opened the Korvath Base Tunnel to freight trains on Saturday.")
    b = story_kit.article("Northgate Wire",
                    "The Korvath Base Tunnel was opened to freight trains by Estrava on "
                    "Saturday.")
    c = story_kit.article("Estravan Ledger",
                          "Lorry drivers protested against road tolls in Valmora.")
    sa = story_kit.statement(a, a.text, entities=["Estrava", "Korvath Base Tunnel"])
    sb = story_kit.statement(b, b.text, entities=["Estrava", "Korvath Base Tunnel"])
    sc = story_kit.statement(c, c.text, entities=["Valmora"])
    checks = story_kit.check()
    check = by_claim(checks, sa)
    assert check.verdict == "agree" and sb.id in check.claim_ids
    assert check.article_ids == [a.id, b.id]
    assert by_claim(checks, sc).verdict == "single_source"


def test_a_negated_statement_conflicts(story_kit):
    a = story_kit.article("Valmora Courier",
                    "The operator Nordbahn has commented on the two-year delay of the tunnel.")
    b = story_kit.article("Northgate Wire",
                    "The operator Nordbahn has declined to comment on the two-year delay of the "
                    "tunnel.")
    sa = story_kit.statement(a, a.text, entities=["Nordbahn"])
    sb = story_kit.statement(b, b.text, entities=["Nordbahn"])
    check = by_claim(story_kit.check(), sa)
    assert check.verdict == "conflict" and sb.id in check.claim_ids
    assert "declined to comment" in check.explanation


def test_different_actors_declining_is_no_conflict(story_kit):
    a = story_kit.article("Valmora Courier",
                    "The ministry and the rail regulator have declined to comment on the "
                    "delay.")
    b = story_kit.article("Northgate Wire",
                    "Nordbahn's board has yet to formally comment on the ruling, but its "
                    "lawyers have previously warned that tolls would rise.")
    sa = story_kit.statement(a, a.text, entities=["ministry"])
    story_kit.statement(b, b.text, entities=["Nordbahn"])
    assert by_claim(story_kit.check(), sa).verdict == "single_source"


# --------------------------------------------------------------------------- ids and scope


def test_check_ids_are_stable_across_runs_and_article_order(story_kit):
    a = story_kit.article("Valmora Courier", "The Korvath Base Tunnel is 57 kilometres long.")
    b = story_kit.article("Northgate Wire", "The Korvath Base Tunnel is 35 miles long.")
    story_kit.figure(a, "57 kilometres", 57, "km", about="length of the tunnel")
    story_kit.figure(b, "35 miles", 35, "mi", about="length of the tunnel")
    first = {k.id for k in story_kit.check()}
    assert first == {k.id for k in story_kit.check()}
    story_kit.articles.reverse()
    assert first == {k.id for k in story_kit.check()}


def test_articles_outside_the_story_and_unanalysed_ones_are_ignored(story_kit):
    from consilience.crosscheck import crosscheck
    from consilience.records import Story

    a = story_kit.article("Valmora Courier", "The Korvath Base Tunnel is 57 kilometres long.")
    b = story_kit.article("Northgate Wire", "The Korvath Base Tunnel is 95 kilometres long.")
    story_kit.figure(a, "57 kilometres", 57, "km", about="length of the tunnel")
    story_kit.figure(b, "95 kilometres", 95, "km", about="length of the tunnel")
    only_a = Story(id="s", title="t", article_ids=[a.id])
    checks = crosscheck(only_a, story_kit.articles, list(story_kit.analyses.values()))
    assert [k.article_ids for k in checks] == [[a.id]]
    story_kit.analyses[b.id].analyzed = False
    assert all(k.verdict != "conflict" for k in story_kit.check())


# --------------------------------------------------------------------------- the arithmetic


def test_rounding_step_follows_the_written_precision():
    assert rounding_step(190) == 10
    assert rounding_step(186) == 1
    assert rounding_step(56.2e9) == 1e8
    assert rounding_step(0.25) == 0.01


def test_hedges_and_precision_as_intervals(story_kit):
    a = story_kit.article("Valmora Courier",
                          "a 300 km range, up to 300 km, 190 miles, 250 km, 500 km")
    km300 = figure(story_kit.figure(a, "300 km", 300, "km"))
    up_to = figure(story_kit.figure(a, "up to 300 km", 300, "km", qualifier="up_to"))
    mi190 = figure(story_kit.figure(a, "190 miles", 190, "mi"))
    km250 = figure(story_kit.figure(a, "250 km", 250, "km"))
    km500 = figure(story_kit.figure(a, "500 km", 500, "km"))
    assert same_value(km300, mi190)
    assert not same_value(km300, km250) and overlap(km300, km250)  # compatible, not agree
    assert overlap(up_to, mi190) and not same_value(up_to, mi190)
    assert not overlap(up_to, km500) and not overlap(km300, km500)


def test_describe_reads_like_a_reporter(story_kit):
    a = story_kit.article("Valmora Courier", "$56.2 billion; more than 10,000; 35%; magnitude 6.4")
    assert describe(story_kit.figure(a, "$56.2 billion", 56.2e9, "USD", kind="money")) == \
        "$56.2 billion"
    assert describe(story_kit.figure(a, "more than 10,000", 10000, None, kind="count",
                               qualifier="more_than")) == "more than 10,000"
    assert describe(story_kit.figure(a, "35%", 35, "percent")) == "35%"
    assert describe(story_kit.figure(a, "magnitude 6.4", 6.4, "magnitude")) == "magnitude 6.4"


# --------------------------------------------------------------------------- with the analyzer


@pytest.mark.slow
def test_a_story_read_by_the_real_analyzer():
    from consilience.analyze import analyze_many, canonicalize_entities
    from consilience.crosscheck import crosscheck
    from consilience.records import Article, Story

    def article(outlet, published, text):
        return Article(source=outlet, outlet=outlet, title=f"{outlet} on the tunnel",
                       published=published, language="en", text=text).ensure_ids()

    arts = [
        article("Valmora Courier", "2031-08-11",
                "Estrava opened the Korvath Base Tunnel on Saturday after eleven years of work. "
                "The tunnel is 57 kilometres long and runs under the Serran massif. "
                "More than 12,000 workers built it, the transport ministry said. "
                "“The mountain has finally given way,” said transport minister Ilse Marrow."),
        article("Northgate Wire", "2031-08-10",
                "Estrava opened the Korvath Base Tunnel to freight trains on Saturday. "
                "The new tunnel under the Serran massif is 35 miles long. "
                "Thousands of workers built the tunnel over eleven years. "
                "“The mountain finally gave way to us,” Marrow told reporters."),
        article("Estravan Ledger", "2031-08-12",
                "The Korvath Base Tunnel under the Serran massif is 91 kilometres long, the "
                "ministry said. It opened on Saturday after eleven years of work. "
                "The operator Nordbahn has declined to comment on the cost."),
    ]
    analyses = list(analyze_many(arts))
    story = Story(id="tunnel", title="Tunnel", article_ids=[a.id for a in arts])
    checks = crosscheck(story, arts, analyses, canonicalize_entities(analyses))
    claims = {c.id: c for a in analyses for c in a.claims}

    def texts(check):
        return {claims[i].text for i in check.claim_ids}

    length = next(k for k in checks if "91 kilometres" in texts(k))
    assert length.verdict == "conflict"
    assert {"57 kilometres", "35 miles"} <= texts(length)
    assert "Estravan Ledger" in length.explanation
    workers = next(k for k in checks if k.kind == "count" and "Thousands of workers" in texts(k))
    assert workers.verdict == "compatible" and workers.consensus == "more than 12,000"
    quote = next(k for k in checks if k.kind == "quote")
    assert quote.verdict == "compatible" and quote.independent_sources == 2
    assert "Ilse Marrow" in quote.consensus
    assert not [k for k in checks if k.kind == "date" and k.verdict == "conflict"]


# --------------------------------------------------------------------------- what a count counts
# A landslide above the (fictional) village of Dornach, in the Serran massif.


def test_generic_counts_of_different_events_do_not_conflict(story_kit):
    a = story_kit.article("Valmora Courier",
                          "The council said 1,200 houses had been damaged and 140 people were "
                          "being treated in hospital.")
    b = story_kit.article("Northgate Wire",
                          "Nearly 1,200 houses were damaged, according to a provisional count, "
                          "and around 2,500 people spent a second night in tents and school "
                          "gyms.")
    ca = story_kit.figure(a, "140 people", 140, None, kind="count", about="people",
                          entities=["Dornach"])
    cb = story_kit.figure(b, "around 2,500 people", 2500, None, kind="count", about="people",
                          qualifier="about", entities=["Dornach"])
    ha = story_kit.figure(a, "1,200 houses", 1200, None, kind="count", about="houses")
    story_kit.figure(b, "Nearly 1,200 houses", 1200, None, kind="count", about="houses",
                     qualifier="at_most")
    checks = story_kit.check()
    assert not [k for k in checks if k.verdict == "conflict"]
    assert by_claim(checks, ca) is not by_claim(checks, cb)
    assert by_claim(checks, ca).verdict == "single_source"
    # what "people" stands for, a reader learns from the clause, not from the bare noun
    assert by_claim(checks, ca).about == "140 people were being treated in hospital"
    houses = by_claim(checks, ha)
    assert houses.verdict == "compatible" and "nearly 1,200" in houses.explanation


def test_generic_counts_of_one_event_in_other_words_conflict(story_kit):
    a = story_kit.article("Valmora Courier",
                          "The landslide killed 12 people in Dornach, the council said.")
    b = story_kit.article("Northgate Wire",
                          "In Dornach 31 people lost their lives when the hillside gave way, "
                          "officials said.")
    ca = story_kit.figure(a, "12 people", 12, None, kind="count", about="people",
                          entities=["Dornach"])
    cb = story_kit.figure(b, "31 people", 31, None, kind="count", about="people",
                          entities=["Dornach"])
    check = by_claim(story_kit.check(), ca)
    assert check.verdict == "conflict" and cb.id in check.claim_ids


def test_people_and_residents_moved_out_are_one_figure(story_kit):
    a = story_kit.article("Valmora Courier",
                          "Around 300 people were moved out of older buildings in Dornach as a "
                          "precaution.")
    b = story_kit.article("Northgate Wire",
                          "The council said about 300 residents were evacuated from older "
                          "buildings while engineers checked them.")
    ca = story_kit.figure(a, "Around 300 people", 300, None, kind="count", about="people",
                          qualifier="about")
    cb = story_kit.figure(b, "about 300 residents", 300, None, kind="count",
                          about="residents", qualifier="about")
    check = by_claim(story_kit.check(), ca)
    assert check.verdict == "agree" and cb.id in check.claim_ids
    assert "unit conversion" not in check.explanation


def test_a_part_of_the_dead_is_not_the_toll(story_kit):
    a = story_kit.article("Valmora Courier",
                          "The landslide killed 37 people in Dornach, the council said.")
    b = story_kit.article("Northgate Wire",
                          "Twelve children were killed by the landslide in Dornach.")
    ca = story_kit.figure(a, "37 people", 37, None, kind="count", about="people",
                          entities=["Dornach"])
    cb = story_kit.figure(b, "Twelve children", 12, None, kind="count", about="children",
                          entities=["Dornach"])
    checks = story_kit.check()
    assert by_claim(checks, ca) is not by_claim(checks, cb)
    assert not [k for k in checks if k.verdict == "conflict"]


def test_what_one_about_names_the_other_clause_may_spell_out(story_kit):
    a = story_kit.article("Valmora Courier",
                          "Its portal lies 3 kilometres north of Valmora, the region's largest "
                          "town, and the tunnel runs at a depth of 800 metres, according to the "
                          "Serran Survey.")
    b = story_kit.article("Northgate Wire",
                          "Geologists said the rock was unusually hard. The Serran Survey put its "
                          "depth at 1,400 metres, while a private firm gave a similar estimate.")
    ca = story_kit.figure(a, "800 metres", 800, "m", about="depth",
                          entities=["Valmora", "Serran Survey"])
    cb = story_kit.figure(b, "1,400 metres", 1400, "m", about="serran survey",
                          entities=["Serran Survey"])
    check = by_claim(story_kit.check(), ca)
    assert check.verdict == "conflict" and cb.id in check.claim_ids
    assert check.about == "depth"


def test_a_syndicated_copy_first_in_the_story_still_credits_the_original(story_kit):
    text = "The Korvath Base Tunnel is 57 kilometres long."
    wire = story_kit.article("Northgate Wire", text)
    copy = story_kit.article("Quillfield Daily", text, duplicate_of=wire)
    story_kit.articles.reverse()  # the copy comes first in story order
    story_kit.figure(copy, "57 kilometres", 57, "km", about="length of the tunnel")
    story_kit.figure(wire, "57 kilometres", 57, "km", about="length of the tunnel")
    check = story_kit.check()[0]
    assert check.explanation.startswith("Only Northgate Wire reports this")


def test_a_byline_date_is_not_an_event(story_kit):
    a = story_kit.article("Valmora Courier",
                          "By Ana Reyes, 12 August 2031\nThe tunnel opened to freight on "
                          "Saturday after eleven years of work.")
    byline_date = story_kit.claim(a, "12 August 2031", "date", date="2031-08-12",
                                  precision="day")
    opened = story_kit.claim(a, "on Saturday", "date", date="2031-08-09", precision="day")
    checks = story_kit.check()
    assert not [k for k in checks if byline_date.id in k.claim_ids]
    assert by_claim(checks, opened).verdict == "single_source"


# --------------------------------------------------------------------------- who said it


def _person(story_kit, article, name, *, role=None, nth=0):
    """A PERSON mention as analyze records it, at the ``nth`` place ``name`` occurs."""
    from consilience.records import Mention

    start = -1
    for _ in range(nth + 1):
        start = article.text.index(name, start + 1)
    story_kit.analyses[article.id].mentions.append(Mention(
        text=name, start=start, end=start + len(name), label="PERSON", canonical=name,
        role=role))


def test_a_pronoun_resolved_to_a_place_is_no_speaker_conflict(story_kit):
    a = story_kit.article("Valmora Courier",
                          "“We were lucky this time,” said Governor Ana Saltes, who thanked the "
                          "volunteers.")
    b = story_kit.article("Northgate Wire",
                          "The harbour wall in Lumeira cracked. Governor Ana Saltes said the "
                          "island had been lucky. “We were lucky this time, but we must not "
                          "wait for the next one,” she said.")
    # analyze read the town as a person and gave it the pronoun; Saltes it missed
    _person(story_kit, b, "Lumeira")
    ca = story_kit.claim(a, "We were lucky this time", "quote", speaker="Saltes")
    cb = story_kit.claim(b, "We were lucky this time, but we must not wait for the next one",
                         "quote", speaker="Lumeira")
    check = by_claim(story_kit.check(), ca)
    assert check.verdict == "agree" and cb.id in check.claim_ids
    assert check.about == "quote by Saltes"
    assert "Lumeira" in check.explanation and "inference" in check.explanation


def test_two_people_firmly_named_conflict_even_through_a_pronoun(story_kit):
    a = story_kit.article("Valmora Courier",
                          "Minister Ilse Marrow opened the tunnel. Rail chief Tomas Brenn warned "
                          "of delays. “The next two winters will be hard,” he told reporters.")
    b = story_kit.article("Northgate Wire",
                          "“The next two winters will be hard,” Marrow told a news conference "
                          "in Valmora.")
    _person(story_kit, a, "Ilse Marrow", role="minister")
    _person(story_kit, a, "Tomas Brenn", role="rail chief")
    _person(story_kit, b, "Marrow")
    ca = story_kit.claim(a, "The next two winters will be hard", "quote", speaker="Tomas Brenn")
    cb = story_kit.claim(b, "The next two winters will be hard", "quote", speaker="Ilse Marrow")
    check = by_claim(story_kit.check(), ca)
    assert check.verdict == "conflict" and cb.id in check.claim_ids
    assert "Tomas Brenn" in check.explanation and "Ilse Marrow" in check.explanation


def test_a_pronoun_nearer_to_the_other_speaker_is_no_conflict(story_kit):
    a = story_kit.article("Valmora Courier",
                          "Rail chief Tomas Brenn spoke first. Minister Ilse Marrow then took "
                          "the stage. “The next two winters will be hard,” she said.")
    b = story_kit.article("Northgate Wire",
                          "“The next two winters will be hard,” Marrow told a news conference.")
    _person(story_kit, a, "Ilse Marrow", role="minister")
    _person(story_kit, a, "Tomas Brenn", role="rail chief")
    # a wrong resolution: the pronoun went to the first person, not the nearest
    ca = story_kit.claim(a, "The next two winters will be hard", "quote", speaker="Tomas Brenn")
    story_kit.claim(b, "The next two winters will be hard", "quote", speaker="Ilse Marrow")
    assert by_claim(story_kit.check(), ca).verdict != "conflict"


def test_the_analyzer_attribution_decides_when_it_is_recorded(story_kit):
    a = story_kit.article("Valmora Courier",
                          "“Every train that passes here is a promise kept,” said minister Ilse "
                          "Marrow.")
    b = story_kit.article("Northgate Wire",
                          "Tomas Brenn spoke after her. “Every train that passes here is a "
                          "promise kept,” Brenn said.")
    ca = story_kit.claim(a, "Every train that passes here is a promise kept", "quote",
                         speaker="Ilse Marrow", attribution="explicit")
    story_kit.claim(b, "Every train that passes here is a promise kept", "quote",
                    speaker="Tomas Brenn", attribution="explicit")
    assert by_claim(story_kit.check(), ca).verdict == "conflict"
    for c in story_kit.analyses[b.id].claims:
        c.attribution = "previous"  # carried over from an earlier quote: no longer firm
    assert by_claim(story_kit.check(), ca).verdict != "conflict"


@pytest.mark.slow
def test_counts_of_people_read_by_the_real_analyzer():
    from consilience.analyze import analyze_many, canonicalize_entities
    from consilience.crosscheck import crosscheck
    from consilience.records import Article, Story

    def article(outlet, published, text):
        return Article(source=outlet, outlet=outlet, title=f"{outlet} on the landslide",
                       published=published, language="en", text=text).ensure_ids()

    arts = [
        article("Valmora Courier", "2031-08-11",
                "A landslide buried part of the village of Dornach on Saturday, killing at least "
                "12 people and leaving more than 400 residents without shelter, the regional "
                "council said. The council said 60 houses had been destroyed and 35 people were "
                "being treated in hospital."),
        article("Northgate Wire", "2031-08-12",
                "The number of people killed by Saturday's landslide in Dornach has risen to "
                "15, the council said on Monday. Nearly 60 houses were destroyed, according to "
                "a provisional count, and around 900 people spent a second night in tents and "
                "school gyms."),
    ]
    analyses = list(analyze_many(arts))
    story = Story(id="slide", title="Slide", article_ids=[a.id for a in arts])
    checks = crosscheck(story, arts, analyses, canonicalize_entities(analyses))
    claims = {c.id: c for a in analyses for c in a.claims}

    def with_text(text):
        return next(k for k in checks if any(claims[i].text == text for i in k.claim_ids))

    assert not [k for k in checks if k.verdict == "conflict"]
    hospital, tents = with_text("35 people"), with_text("around 900 people")
    assert hospital is not tents and hospital.verdict == "single_source"
    assert tents.verdict == "compatible" and "more than 400 residents" in {
        claims[i].text for i in tents.claim_ids}
    assert with_text("at least 12 people").verdict == "compatible"


def test_sentences_carrying_one_agreed_date_are_one_statement(story_kit):
    a = story_kit.article("Valmora Courier",
                          "A landslide buried part of the village of Dornach early on Saturday, "
                          "damaging roads and a bridge but causing no deaths, the council said.")
    b = story_kit.article("Northgate Wire",
                          "A landslide struck the northern edge of Dornach on Saturday morning, "
                          "blocking the valley road with mud and fallen rocks.")
    story_kit.claim(a, "Saturday", "date", date="2031-08-09", precision="day")
    story_kit.claim(b, "Saturday", "date", date="2031-08-09", precision="day")
    sa, sb = story_kit.statement(a, a.text), story_kit.statement(b, b.text)
    check = by_claim(story_kit.check(), sa)
    assert check.verdict == "agree" and sb.id in check.claim_ids


def test_sentences_giving_different_figures_are_two_statements(story_kit):
    a = story_kit.article("Valmora Courier",
                          "A landslide buried part of the village of Dornach on Saturday, "
                          "killing at least 12 people and leaving more than 400 residents "
                          "without shelter, the regional council said.")
    b = story_kit.article("Northgate Wire",
                          "The number of people killed by Saturday's landslide in Dornach has "
                          "risen to 15, the council said on Monday, as heavy rain sent villagers "
                          "in the valley back to the shelters.")
    for art, word in ((a, "Saturday"), (b, "Saturday")):
        story_kit.claim(art, word, "date", date="2031-08-09", precision="day")
    story_kit.figure(a, "at least 12 people", 12, None, kind="count", about="people",
                     qualifier="at_least")
    story_kit.figure(b, "15", 15, None, kind="count", about="number of people")
    sa, sb = story_kit.statement(a, a.text), story_kit.statement(b, b.text)
    checks = story_kit.check()
    assert by_claim(checks, sa) is not by_claim(checks, sb)


def test_vague_words_repeated_by_one_source_are_one_figure(story_kit):
    a = story_kit.article("Valmora Courier",
                          "Thousands of workers built the tunnel over eleven years. The ministry "
                          "thanked the thousands of workers who built the tunnel.")
    b = story_kit.article("Northgate Wire",
                          "More than 12,000 workers built the tunnel over eleven years, the "
                          "ministry said.")
    first = story_kit.figure(a, "Thousands of workers", 2000, None, kind="count", vague=True,
                             low=2000, high=9999, about="workers")
    again = story_kit.figure(a, "thousands of workers", 2000, None, kind="count", vague=True,
                             low=2000, high=9999, about="workers")
    story_kit.figure(b, "More than 12,000 workers", 12000, None, kind="count",
                     qualifier="more_than", about="workers")
    check = by_claim(story_kit.check(), first)
    assert again.id in check.claim_ids and check.verdict == "compatible"


def test_dates_read_as_words_and_an_unknown_year_is_said_not_guessed():
    assert format_date("2024-11-17") == "17 November 2024"
    assert format_date("2024-08") == "August 2024"
    assert format_date("2024") == "2024"
    assert format_date("--08") == "August (year not given)"
    assert format_date("--08-05") == "5 August (year not given)"
