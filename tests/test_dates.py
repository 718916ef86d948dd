"""Dates: absolute and relative phrases, resolved against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from consilience.analyze.dates import parse_date

PUB = date(2024, 11, 18)  # a Monday


@pytest.mark.parametrize(
    ("phrase", "expected", "precision"),
    [
        ("on Sunday", "2024-11-17", "day"),
        ("Monday", "2024-11-18", "day"),  # on or before: the day itself
        ("last Monday", "2024-11-11", "day"),
        ("yesterday", "2024-11-17", "day"),
        ("in August", "2024-08", "month"),
        ("in December", "2023-12", "month"),  # the latest December not after publication
        ("in late 2024", "2024", "year"),
        ("mid-2019", "2019", "year"),
        ("last week", "2024-11-11", "week"),
        ("this month", "2024-11", "month"),
        ("last year", "2023", "year"),
        ("two months ago", "2024-09", "month"),
        ("3 days ago", "2024-11-15", "day"),
        ("February 2022", "2022-02", "month"),
        ("1 December 2023", "2023-12-01", "day"),
        ("December 1, 2023", "2023-12-01", "day"),
        ("Nov. 3", "2024-11-03", "day"),
        ("the 1990s", "1990", "decade"),
        ("2024-11-17", "2024-11-17", "day"),
        ("1 December 2023 to 31 March 2024", "2023-12-01/2024-03-31", "day"),
        ("March to May 2021", "2021-03/2021-05", "month"),
    ],
)
def test_phrases_resolve_against_publication(phrase, expected, precision):
    value = parse_date(phrase, PUB)
    assert value is not None and value.resolved
    assert (value.date, value.precision) == (expected, precision)


def test_future_tense_looks_forward():
    assert parse_date("Sunday", PUB, future=True).date == "2024-11-24"
    assert parse_date("in March", PUB, future=True).date == "2025-03"
    assert parse_date("next Monday", PUB).date == "2024-11-25"


@pytest.mark.parametrize(
    ("phrase", "precision"),
    [
        ("on Sunday", "day"),
        ("last week", "week"),
        ("yesterday", "day"),
        ("last year", "year"),
        ("in the summer", "year"),
    ],
)
def test_relative_without_publication_stays_unresolved(phrase, precision):
    value = parse_date(phrase, None)
    assert value is not None
    assert (value.date, value.precision, value.resolved) == (None, precision, False)


@pytest.mark.parametrize(
    ("phrase", "partial", "precision"),
    [
        ("in August", "--08", "month"),
        ("on August 17", "--08-17", "day"),
        ("3 March", "--03-03", "day"),
        ("next January", "--01", "month"),
    ],
)
def test_a_month_without_year_or_publication_keeps_the_month(phrase, partial, precision):
    value = parse_date(phrase, None)
    assert (value.date, value.precision, value.resolved) == (partial, precision, False)


def test_undated_reports_of_one_month_carry_the_same_partial_date(claims_of):
    first = claims_of("Tarvel crews seized the ridge in August, the council said.")
    second = claims_of("The ridge above Tarvel fell to the crews in August.", article_id="a2")
    months = [next(c for c in found if c.kind == "date") for found in (first, second)]
    assert [(m.text, m.date, m.resolved) for m in months] == [
        ("August", "--08", False), ("August", "--08", False)
    ]
    ranged = parse_date("from March to May", None)
    assert ranged is None or (ranged.date, ranged.resolved) == (None, False)


def test_absolute_dates_need_no_publication():
    value = parse_date("February 2022", None)
    assert (value.date, value.resolved) == ("2022-02", True)


@pytest.mark.parametrize(
    "phrase", ["2012–13", "months", "three years", "the first two years", "2.15pm", "F-16", "427"]
)
def test_not_dates(phrase):
    assert parse_date(phrase, PUB) is None


def test_dates_in_sentences(claims_of):
    text = (
        "The Tarvel council voted on Sunday to close the harbour.\n"
        "Repairs began in August and ended in late 2024, the mayor said last week.\n"
        "The survey ran from 1 December 2023 to 31 March 2024."
    )
    dates = {c.text: c for c in claims_of(text, "2024-11-18") if c.kind == "date"}
    assert dates["Sunday"].date == "2024-11-17"
    assert dates["August"].date == "2024-08" and dates["August"].precision == "month"
    assert dates["late 2024"].date == "2024"
    assert dates["last week"].precision == "week"
    assert dates["1 December 2023 to 31 March 2024"].date == "2023-12-01/2024-03-31"
    assert dates["Sunday"].about.startswith("vote")


def test_unresolved_in_sentences_without_publication(claims_of):
    dates = [c for c in claims_of("The Tarvel council voted on Sunday.") if c.kind == "date"]
    assert [(d.text, d.date, d.precision, d.resolved) for d in dates] == [
        ("Sunday", None, "day", False)
    ]


def test_offset_from_a_future_event(claims_of):
    text = "Mayor Lena Strand prepares to leave office two months before Omar Reyes takes over."
    dated = [c for c in claims_of(text, "2024-11-18") if c.kind == "date"]
    assert len(dated) == 1
    d = dated[0]
    assert d.text == "two months before Omar Reyes takes over"
    assert (d.date, d.precision, d.resolved) == ("2025-01", "month", True)
    assert d.about == "Omar Reyes takes over" and (d.value, d.unit) == (-2.0, "month")
    unanchored = next(c for c in claims_of(text) if c.kind == "date")
    assert (unanchored.date, unanchored.resolved) == (None, False)
    assert unanchored.about == "Omar Reyes takes over"


def test_offset_from_a_dated_event(claims_of):
    text = "The strike ended two days after Sunday's vote in the Tarvel assembly."
    d = next(c for c in claims_of(text, "2024-11-20") if c.kind == "date" and c.value)
    assert (d.date, d.precision) == ("2024-11-19", "day")


def test_numbers_that_are_not_dates(claims_of):
    text = (
        "Under Section 2024 of the code, the Varno F-16 order was renewed in February 2022.\n"
        "Residents can call 555-0134 before 2.15pm or visit Room 427 during the 2012–13 season.\n"
        "Most members of the Lindqvist Society said they may march again."
    )
    dates = [(c.text, c.date) for c in claims_of(text, "2024-11-18") if c.kind == "date"]
    assert dates == [("February 2022", "2022-02")]


def test_year_alone_in_date_context(claims_of):
    text = "The Orlova bridge opened in 2019 after the 2018 floods."
    dates = sorted((c.text, c.date, c.precision) for c in claims_of(text) if c.kind == "date")
    assert dates == [("2018", "2018", "year"), ("2019", "2019", "year")]


def test_time_of_day_is_not_a_date_but_its_day_is(claims_of):
    text = "The Orlova ferry left at 2.15pm on Sunday and docked at 9 p.m. on Monday night."
    dates = sorted((c.date, c.text) for c in claims_of(text, "2024-11-18") if c.kind == "date")
    assert [d for d, _ in dates] == ["2024-11-17", "2024-11-18"]
    assert all("pm" not in t and "p.m." not in t for _, t in dates)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Omar Reyes will take office in January.", "2025-01"),
        ("Omar Reyes, who takes office in January, wants a new harbour.", "2025-01"),
        ("If the strike spreads, it is much harder to reopen the port in January.", "2025-01"),
        ("The Orlova bridge is set to reopen in March.", "2025-03"),
        ("Mayor Lena Strand plans to step down in February.", "2025-02"),
        ("Prices could fall in March, the council said.", "2025-03"),
        ("Crews reopened the Orlova bridge in March.", "2024-03"),
        ("The council has run the ferries since March.", "2024-03"),
        ("The report, published in March, shows a rise in fares.", "2024-03"),
        ("Fares are lower than in March.", "2024-03"),
        ("The talks would have ended in March.", "2024-03"),
        ("The ferry fares rose last January.", "2024-01"),
        ("The ferry fares rise next January.", "2025-01"),
    ],
)
def test_months_look_forward_in_future_and_present_clauses(claims_of, sentence, expected):
    [d] = [c for c in claims_of(sentence, "2024-11-18") if c.kind == "date"]
    assert d.date == expected


def test_a_heading_in_the_present_tells_the_past(claims_of):
    text = "Tarvel Council Reopens Harbour In March\n\nThe vote was close."
    [d] = [c for c in claims_of(text, "2024-11-18") if c.kind == "date"]
    assert d.date == "2024-03"


def test_a_duration_is_a_quantity_and_an_offset_a_date_and_a_duration(claims_of):
    text = (
        "The Orlova bridge was closed for two months. It reopened two months before the "
        "Tarvel vote, and the ferry ran three weeks ago."
    )
    claims = claims_of(text, "2024-11-18")
    got = sorted((c.kind, c.text, c.about) for c in claims if c.kind in ("date", "quantity"))
    assert got == [
        ("date", "three weeks ago", "run"),
        ("date", "two months before the Tarvel vote", "the Tarvel vote"),
        ("quantity", "two months", "close"),
        ("quantity", "two months", "time before Tarvel vote"),
    ]
    offset = next(c for c in claims if c.about == "time before Tarvel vote")
    assert (offset.value, offset.unit, offset.start) == (2.0, "month", text.index("two months b"))
    spans = [(c.start, c.end) for c in claims]
    assert len(spans) == len(set(spans))


def test_an_offset_is_comparable_with_the_time_left(claims_of):
    """"two months before X takes over" and "two months left in her term" are one figure."""
    offset = claims_of("Mayor Lena Strand leaves just two months before Omar Reyes takes over.")
    left = claims_of("With only two months left in her term, Mayor Lena Strand moved fast.")
    date = next(c for c in offset if c.kind == "date")
    assert (date.value, date.unit, date.resolved) == (-2.0, "month", False)
    before, during = (next(c for c in found if c.kind == "quantity") for found in (offset, left))
    assert (before.text, before.value, before.unit) == ("two months", 2.0, "month")
    assert before.normalized == during.normalized  # the cross-check sees one figure
    assert (before.about, during.about) == ("time before Omar Reyes takes over",
                                            "time left in term")


def test_figures_in_the_event_of_an_offset_stay_claims(claims_of):
    text = "The ferry sank a day after the Tarvel council freed two fishermen."
    got = sorted((c.kind, c.text) for c in claims_of(text, "2024-11-18") if c.kind != "statement")
    assert got == [
        ("count", "two fishermen"),
        ("date", "a day after the Tarvel council freed two fishermen"),
    ]
