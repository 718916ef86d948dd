"""The analyze stage's public API: invariants, batching, bad input, long texts."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
import spacy
from spacy.language import Language

import consilience.analyze as stage
from consilience.analyze import analyze, analyze_many, claims_in, segment
from consilience.records import Article

STORY = (
    "Orlova Harbour Reopens After Storm\n\n"
    "President Marta Kovalenko reopened the Orlova harbour on Sunday, two weeks after the "
    "storm. Kovalenko said repairs cost $4.5 million and took 300 workers.\n\n"
    "“The harbour is open again,” she told reporters. “We rebuilt it in August.”\n\n"
    "The storm destroyed 12 boats in late 2024, according to a senior port official."
)


def _article(text: str, **kw) -> Article:
    kw.setdefault("published", "2024-11-18")
    return Article(source="t.txt", outlet="t", title="t", text=text, **kw).ensure_ids()


def _check(article: Article, analysis) -> None:
    assert analysis.article_id == article.id
    ids = set()
    for c in analysis.claims:
        assert article.text[c.start : c.end] == c.text, c
        assert c.article_id == article.id and c.id and c.id not in ids
        ids.add(c.id)
        assert c.sentence_start <= c.start < c.end <= c.sentence_end
        assert article.text[c.sentence_start : c.sentence_end].strip()
    for s, e in analysis.sentences:
        assert article.text[s:e].strip() == article.text[s:e]


def test_public_names():
    assert set(stage.__all__) == {
        "analyze",
        "analyze_many",
        "apply_canonical",
        "canonicalize_entities",
        "claims_in",
    }


def test_every_claim_points_at_its_words(nlp):
    article = _article(STORY)
    a = analyze(article)
    assert a.analyzed and a.language == "en"
    _check(article, a)
    kinds = {c.kind for c in a.claims}
    assert {"date", "quote", "statement"} <= kinds
    sunday = next(c for c in a.claims if c.kind == "date" and c.text == "Sunday")
    assert sunday.date == "2024-11-17" and "Marta Kovalenko" in sunday.entities
    quotes = [c for c in a.claims if c.kind == "quote"]
    assert {q.speaker for q in quotes} == {"Marta Kovalenko"}


def test_claims_in_is_a_plain_function(nlp):
    claims = claims_in("The Orlova ferry sank on Sunday.", published="2024-11-18", article_id="x1")
    date = next(c for c in claims if c.kind == "date")
    assert (date.date, date.article_id) == ("2024-11-17", "x1")


def test_unreadable_publication_date_leaves_dates_unresolved(nlp):
    a = analyze(_article("The Orlova ferry sank on Sunday.", published="soon"))
    date = next(c for c in a.claims if c.kind == "date")
    assert (date.date, date.resolved) == (None, False)


def test_many_in_order_with_bad_ones_in_the_batch(nlp):
    articles = [
        _article("The Orlova ferry sank on Sunday, the coastguard said."),
        _article("", published=None),
        _article(
            "Die Fähre ist am Sonntag gesunken, teilte die Küstenwache mit. Niemand wurde "
            "verletzt, sagte ein Sprecher der Behörde am Abend."
        ),
        _article("   \n\n ... \n"),
        _article("Ferry services to Tarvel resumed on Monday.", language="en-GB"),
    ]
    analyses = list(analyze_many(articles, batch_size=2))
    assert [a.article_id for a in analyses] == [a.id for a in articles]
    assert [a.analyzed for a in analyses] == [True, True, False, True, True]
    assert analyses[2].language == "de"
    assert analyses[2].reason == "language 'de' is not supported"
    assert analyses[2].claims == [] and analyses[1].claims == [] and analyses[3].claims == []
    assert analyses[0].claims and analyses[4].claims


def test_declared_language_is_trusted(nlp):
    a = analyze(
        _article("Der Bürgermeister sagte am Montag, die Brücke bleibe gesperrt.", language="de")
    )
    assert (a.analyzed, a.reason, a.claims) == (False, "language 'de' is not supported", [])


def test_small_pieces_give_the_same_claims(nlp):
    long_paragraph = " ".join(
        f"Crew {i} of the Orlova ferry returned to Tarvel on Sunday." for i in range(12)
    )
    text = STORY + "\n\n" + long_paragraph
    article = _article(text)
    whole = analyze(article)
    cut = analyze(article, piece_limit=200)
    _check(article, cut)
    key = {
        (c.kind, c.start, c.end, c.date, c.speaker) for c in whole.claims if c.kind != "statement"
    }
    assert key == {
        (c.kind, c.start, c.end, c.date, c.speaker) for c in cut.claims if c.kind != "statement"
    }


def test_pieces_are_bounded_exact_slices_of_a_5mb_text():
    para = "The Orlova council met on Friday. “We will rebuild,” Mayor Ilse Varga said.\n\n"
    text = para * (5_000_000 // len(para)) + "x" * 30_000 + "\n" + "word " * 8_000
    kept = []
    for offset, piece in segment.pieces(text, limit=20_000):
        assert len(piece) <= 20_000
        assert text[offset : offset + len(piece)] == piece
        kept.append("".join(piece.split()))
    assert "".join(kept) == "".join(text.split())  # nothing lost but whitespace


@Language.component("consilience_test_longest_piece")
def _longest_piece(doc):
    doc.user_data["chars"] = len(doc.text)
    _longest_piece.seen = max(getattr(_longest_piece, "seen", 0), len(doc.text))
    return doc


def test_long_text_reaches_the_model_in_bounded_pieces():
    # A blank pipeline keeps this fast; the model's own cost is per piece and measured by
    # bench/analyze.py.
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("consilience_test_longest_piece")
    para = "The Orlova council met on Friday. “We will rebuild,” Mayor Ilse Varga said.\n"
    text = para * 4000 + "y" * 25_000 + " end."
    article = _article(text)
    a = analyze(article, nlp=nlp, piece_limit=5_000)
    assert a.analyzed
    assert _longest_piece.seen <= 5_000
    _check(article, a)
    fridays = [c for c in a.claims if c.kind == "date"]
    assert len(fridays) == 4000 and {c.date for c in fridays} == {"2024-11-15"}


@pytest.mark.slow
def test_5mb_article_in_bounded_memory_and_time():
    script = textwrap.dedent(
        """
        import json, resource, time, spacy
        from consilience.analyze import analyze
        from consilience.records import Article
        nlp = spacy.blank("en"); nlp.add_pipe("sentencizer")
        para = "The Orlova council met on Friday. “We will rebuild,” Mayor Ilse Varga said.\\n\\n"
        text = para * (5_000_000 // len(para))
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t = time.perf_counter()
        a = analyze(Article(source="big", outlet="o", title="t", text=text), nlp=nlp)
        print(json.dumps({"seconds": time.perf_counter() - t, "analyzed": a.analyzed,
                          "claims": len(a.claims),
                          "grew_mib": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                                       - before) / 1024}))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["analyzed"] and result["claims"] > 60_000
    assert result["grew_mib"] < 1024


@pytest.mark.parametrize(
    "line",
    [
        "By Lena Ostrova, 3 May 2031",
        "By Lena Ostrova and Piet de Wit, Staff Reporters | 3 May 2031, 10:12 GMT",
        "Lena Ostrova | 3 May 2031",
        "Updated: 4 May 2031, 10:12 GMT",
        "May 3, 2031",
        "Sat 3 May 2031 10:12 GMT",
    ],
)
def test_bylines_are_recognised(line):
    assert segment.is_byline(line)


@pytest.mark.parametrize(
    "line",
    [
        "By Tuesday, rescuers had found 12 survivors.",
        "By March 2031, the harbour was open again.",
        "By the end of the day, 40 people had left Tarvel.",
        "Mayor Ilse Varga said the harbour would reopen on 3 May 2031.",
        "On 3 May 2031 the harbour reopened.",
        "12 May 2031 votes were cast.",
    ],
)
def test_sentences_are_not_bylines(line):
    assert not segment.is_byline(line)


def test_a_byline_makes_no_claim(nlp):
    text = (
        "By Lena Ostrova, 3 May 2031\n"
        "The Orlova ferry sank on Sunday, the Tarvel coastguard said."
    )
    a = analyze(_article(text, published="2031-05-03"))
    byline_end = text.index("\n")
    assert a.claims and all(c.start > byline_end for c in a.claims)
    assert [c.date for c in a.claims if c.kind == "date"] == ["2031-04-27"]


def test_no_two_claims_share_their_words(nlp):
    text = (
        "The Orlova bridge was closed for two months after the storm of 3 May 2031. "
        "It reopened two months before the Tarvel vote, at a cost of $4.5 million.\n\n"
        "“It is open,” said Mayor Ilse Varga. “It cost $4.5 million.”"
    )
    article = _article(text, published="2031-08-10")
    a = analyze(article)
    _check(article, a)
    spans = [(c.start, c.end) for c in a.claims]
    assert len(spans) == len(set(spans))


def test_it_takes_the_entities_of_the_sentence_before(nlp):
    text = (
        "The Orlova bridge was repaired by Tarvel engineers over the winter. "
        "It opened on Saturday after 14 months."
    )
    a = analyze(_article(text, published="2031-05-05"))
    opened = next(c for c in a.claims if c.kind == "statement" and c.text.startswith("It"))
    months = next(c for c in a.claims if c.kind == "quantity")
    assert "Orlova" in opened.entities and "Orlova" in months.entities
    assert months.about == "orlova bridge"
