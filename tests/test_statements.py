"""Statements: sentences asserting a fact, with actors, date and a short predicate key."""

from __future__ import annotations


def _statements(claims_of, text, **kw):
    return [c for c in claims_of(text, **kw) if c.kind == "statement"]


def test_fact_becomes_a_statement_with_actors_date_and_predicate(claims_of):
    text = "President Marta Kovalenko authorized the Tarvel port to expand its docks on Sunday."
    [s] = _statements(claims_of, text, published="2024-11-18")
    assert s.text == text
    assert s.about == "authorize Tarvel port to expand docks"
    assert "Marta Kovalenko" in s.entities
    assert (s.date, s.precision) == ("2024-11-17", "day")


def test_reporting_verb_steps_into_what_was_reported(claims_of):
    [s] = _statements(claims_of, "Officials said the Varno council approved the budget.")
    assert s.about == "approve budget"


def test_negation_is_kept_in_the_key(claims_of):
    [s] = _statements(claims_of, "The Varno council did not approve the harbour budget.")
    assert s.about == "not approve harbour budget"


def test_non_statements_are_left_out(claims_of):
    text = (
        "Harbour Plan Approved After Long Delay\n"
        "Why did the council wait so long?\n"
        "Watch the budget vote closely.\n"
        "Honestly, the timing was everything.\n"
        "You can't talk about this without the ferries.\n"
        "That's some heavy stuff.\n"
        "Wow.\n"
        "The Orlova council approved the harbour plan on Friday."
    )
    statements = _statements(claims_of, text)
    assert [s.text for s in statements] == [
        "The Orlova council approved the harbour plan on Friday."
    ]


def test_bullets_and_item_labels_are_trimmed(claims_of):
    text = "  1. Logistics: The Orlova ferry moved its depot to Tarvel in May."
    [s] = _statements(claims_of, text)
    assert s.text == "The Orlova ferry moved its depot to Tarvel in May."


def test_a_sentence_that_is_mostly_a_quote_is_the_quote(claims_of):
    text = '"The depot will reopen within a month," Minister Hana Brück told reporters.'
    claims = claims_of(text)
    assert [c.kind for c in claims if c.kind in ("quote", "statement")] == ["quote"]


def test_partial_quote_sentence_stays_a_statement(claims_of):
    text = 'Senator Idris Okafor called the Tarvel harbour plan "reckless" on Tuesday.'
    kinds = sorted(c.kind for c in claims_of(text) if c.kind in ("quote", "statement"))
    assert kinds == ["quote", "statement"]


def test_a_dateline_is_not_part_of_the_statement(claims_of):
    text = (
        "PORT TARVEL, Varno (TP) — The council closed the harbour on Sunday.\n"
        "ORLOVA — Ferry crews returned to work on Monday."
    )
    got = [s.text for s in _statements(claims_of, text)]
    assert got == [
        "The council closed the harbour on Sunday.",
        "Ferry crews returned to work on Monday.",
    ]
