"""extract: from HTML, plain text and Markdown to an Article with its metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from consilience.clean import clean
from consilience.errors import DecodeError, NoArticleError, TooLargeError
from consilience.extract import extract
from consilience.records import RawDocument, SourceHints

DATA = Path(__file__).parent / "data" / "extract"


def _html(name: str, **kwargs) -> RawDocument:
    return RawDocument(
        source=str(DATA / name), data=(DATA / name).read_bytes(), kind="html", **kwargs
    )


def _text(
    body: str, kind: str = "text", source: str = "reports/harbor-vote.txt", **kwargs
) -> RawDocument:
    return RawDocument(source=source, data=body.encode("utf-8"), kind=kind, **kwargs)


LEAD = (
    "Voters in Lindenport approved a $48 million bond on Tuesday to rebuild the crumbling "
    "east harbor docks, ending a two-year fight over who should pay for the repairs."
)
SECOND = (
    "Engineers warned last autumn that two of the four piers could fail within five "
    "years, and the council closed the northern pier in January."
)


# --------------------------------------------------------------------------- HTML


def test_html_article_text_and_metadata():
    article = extract(_html("harbor-vote.html", fetched_at="2024-04-03T08:00:00Z"))
    assert article.title == "Lindenport voters back harbor bond after two-year fight"
    assert article.author == "Mira Okonkwo"
    assert article.outlet == "The Lindenport Ledger"
    assert article.published == "2024-04-02"
    assert article.language == "en"
    assert article.url == "https://www.lindenport-ledger.example/2024/04/harbor-bond-vote"
    assert article.fetched_at == "2024-04-03T08:00:00Z"
    assert article.source.endswith("harbor-vote.html")
    assert article.text == article.extracted_text
    lines = article.text.splitlines()
    assert lines[1].startswith("Voters in Lindenport approved a $48 million bond")
    assert "Why the vote matters now" in lines  # the subheading keeps its own line
    assert all(line.strip() == line and line for line in lines)  # one paragraph per line
    for chrome in ("Most read", "Privacy", "Sign in", "Bakery on Mill Street"):
        assert chrome not in article.text


def test_html_then_clean():
    article = clean(extract(_html("harbor-vote.html")))
    reasons = {r.text: r.reason for r in article.removed}
    assert reasons == {
        "Lindenport voters back harbor bond after two-year fight": "duplicate-title",
        "Related: Ferry timetable changes for the summer season": "related-link",
    }
    assert article.text.startswith("Voters in Lindenport approved")


def test_document_wins_over_hints_and_hints_fill_gaps():
    hints = SourceHints(
        title="Feed title", published="2024-05-01", outlet="Ledger (feed)", author="Feed Author"
    )
    article = extract(_html("harbor-vote.html", hints=hints))
    assert article.title == "Lindenport voters back harbor bond after two-year fight"
    assert article.published == "2024-04-02"
    assert article.author == "Mira Okonkwo"
    assert article.outlet == "Ledger (feed)"  # an explicit outlet hint names the outlet
    bare = extract(
        _text(
            f"{LEAD}\n{SECOND}",
            hints=SourceHints(
                title="Harbor bond passes", published="2024-04-02T10:00:00Z", author="M. Okonkwo"
            ),
        )
    )
    assert (bare.title, bare.published, bare.author) == (
        "Harbor bond passes",
        "2024-04-02",
        "M. Okonkwo",
    )


def test_misdeclared_windows_1252_page():
    article = extract(_html("cafe-cp1252.html"))
    assert article.title == "Harbor café reopens after the storm"
    assert "Renée Dubois reopened the Quai Café" in article.text
    assert "“We lost the floor, the fridges and the piano,” Dubois said." in article.text
    assert "crème brûlée" in article.text and "€40,000" in article.text
    assert article.outlet == "Orsk Bay Courier"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("login.html", "a login page"),
        ("navigation.html", "no paragraph of article text"),
        ("empty.html", "no article text"),
    ],
)
def test_pages_without_an_article(name, reason):
    with pytest.raises(NoArticleError) as err:
        extract(_html(name))
    assert str(err.value).startswith(str(DATA / name) + ": ")
    assert reason in str(err.value)


def test_short_article_on_a_page_with_a_login_box_is_kept():
    article = extract(_html("brief-with-login.html"))
    assert article.title == "Ferry service resumes after repairs"
    assert "The Orsk Bay ferry resumed its morning crossings on Monday" in article.text


def test_html_fragment_from_a_feed():
    raw = RawDocument(source="feed.xml#4", data=f"<p>{LEAD} {SECOND}</p>".encode(), kind="html")
    assert extract(raw).text == f"{LEAD} {SECOND}"


def test_binary_data_is_refused():
    raw = RawDocument(source="photo.html", data=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", kind="html")
    with pytest.raises(DecodeError, match=r"photo.html: binary data \(looks like a PNG image\)"):
        extract(raw)


def test_size_cap():
    from consilience.config import Settings

    with pytest.raises(TooLargeError, match="over the 100-byte limit"):
        extract(_html("harbor-vote.html"), Settings(max_bytes=100))


def test_feed_carried_text_stands_in_for_empty_bytes():
    raw = RawDocument(
        source="feed.xml#3",
        data=b"",
        kind="html",
        hints=SourceHints(
            text=f"<p>{LEAD}</p><p>{SECOND}</p>",
            title="Harbor bond passes",
            url="https://ledger.example/harbor",
        ),
    )
    article = extract(raw)
    assert article.text == f"{LEAD}\n{SECOND}"
    assert article.title == "Harbor bond passes"
    assert article.outlet == "ledger.example"


# --------------------------------------------------------------------------- plain text


def test_text_title_line_and_blank_line_paragraphs():
    body = f"Lindenport backs harbor bond\n\n{LEAD}\n\n{SECOND}\n"
    article = extract(_text(body))
    assert article.title == "Lindenport backs harbor bond"
    assert article.text == f"{LEAD}\n{SECOND}"
    assert article.outlet == "harbor-vote"  # no hint, no URL: the file stem
    assert article.published is None


def test_text_without_title_line_keeps_its_first_paragraph():
    article = extract(_text(f"{LEAD}\n{SECOND}"))
    assert article.text.startswith(LEAD)
    assert article.title == (
        "Voters in Lindenport approved a $48 million bond on Tuesday to rebuild…"
    )
    short = extract(_text("The harbor bond passed. " + SECOND))
    assert short.title == "The harbor bond passed"


def test_text_title_keeps_abbreviations_whole():
    article = extract(
        _text(
            "U.S. officials said on Monday that the harbor grant would arrive next year. " + SECOND
        )
    )
    assert article.title.startswith("U.S. officials said on Monday")


def test_hard_wrapped_text_is_joined_and_lists_are_not():
    body = (
        "Harbor bond passes\n\n"
        "Voters in Lindenport approved a $48 million bond on Tuesday to\n"
        "rebuild the crumbling east harbor docks, ending a two-year fight\n"
        "over who should pay for the repairs.\n\n"
        "The council listed three priorities for the work:\n"
        "  1. Reopen the northern pier before the winter season.\n"
        "  2. Replace the fuel station pilings.\n"
    )
    article = extract(_text(body))
    assert article.text.splitlines() == [
        LEAD,
        "The council listed three priorities for the work:",
        "1. Reopen the northern pier before the winter season.",
        "2. Replace the fuel station pilings.",
    ]


def test_question_headline_is_a_title():
    article = extract(_text(f"Who pays for the harbor?\n{LEAD}\n{SECOND}"))
    assert article.title == "Who pays for the harbor?"


def test_too_short_text_is_not_an_article():
    with pytest.raises(NoArticleError, match=r"harbor-vote.txt: only 3 words"):
        extract(_text("Harbor\n\nbond passes today"))


def test_outlet_from_url_domain():
    article = extract(_text(f"{LEAD}\n{SECOND}", url="https://www.orsk-courier.example/a/1"))
    assert article.outlet == "orsk-courier.example"
    assert article.url == "https://www.orsk-courier.example/a/1"


def test_language_is_detected_from_the_words():
    german = (
        "Die Wähler in Lindenport haben am Dienstag einer Anleihe über 48 Millionen "
        "Dollar zugestimmt, mit der die baufälligen Docks im Osthafen erneuert werden "
        "sollen. Der Streit zwischen der Fischereigenossenschaft und dem Stadtrat dauerte "
        "zwei Jahre."
    )
    article = extract(_text(german, hints=SourceHints(language="en")))
    assert article.language == "de"


def test_unspaced_script_counts_its_words():
    japanese = (
        "リンデンポートの有権者は火曜日、老朽化した東港の埠頭を再建するための"
        "四千八百万ドルの債券を承認した。"
        "漁業協同組合と市議会の二年間にわたる対立に終止符が打たれた。"
    )
    article = extract(_text(japanese))
    assert article.language == "ja"
    assert article.text == japanese
    assert article.title.endswith("…") and len(article.title) <= 30


# --------------------------------------------------------------------------- Markdown

MARKDOWN = f"""---
title: "Harbor bond passes in Lindenport"
date: 2024-04-02T09:00:00Z
author: Mira Okonkwo
tags: [harbor, council]
---

# Ignored because the front matter names the title

Voters in **Lindenport** approved a $48 million bond on Tuesday to rebuild the crumbling
east harbor docks, ending a two-year fight over [who should pay](https://x.example/pay) for
the repairs.

## Why the vote matters now

{SECOND.replace("northern pier", "*northern* pier")}

- Reopen the `north` pier
- Replace the pilings ![diagram](pilings.png)

> "Half the crews should come from this harbor," said Dana_Whitlow.
"""


def test_markdown_front_matter_headings_and_inline_markup():
    article = extract(_text(MARKDOWN, kind="markdown", source="notes/harbor.md"))
    assert article.title == "Harbor bond passes in Lindenport"
    assert article.published == "2024-04-02"
    assert article.author == "Mira Okonkwo"
    assert article.outlet == "harbor"
    assert article.text.splitlines() == [
        "Ignored because the front matter names the title",
        LEAD,
        "Why the vote matters now",
        SECOND,
        "Reopen the north pier",
        "Replace the pilings",
        '"Half the crews should come from this harbor," said Dana_Whitlow.',
    ]


def test_markdown_heading_is_the_title_without_front_matter():
    body = f"Harbor Bond Passes\n==================\n\n{LEAD}\n\n### Next steps\n\n{SECOND}\n"
    article = extract(_text(body, kind="markdown"))
    assert article.title == "Harbor Bond Passes"
    assert article.text.splitlines() == [LEAD, "Next steps", SECOND]


def test_markdown_under_a_text_name_is_read_as_markdown():
    body = f"# Harbor Bond Passes\n\n{LEAD} See [the results](https://x.example/r).\n\n{SECOND}"
    article = extract(_text(body))
    assert article.title == "Harbor Bond Passes"
    assert article.text.splitlines()[0] == f"{LEAD} See the results."


def test_short_paragraphs_one_per_line_are_not_joined():
    lines = [
        "The harbor bond passed with 61 percent of the vote on Tuesday.",
        "Turnout reached 44 percent, the highest for a spring ballot.",
        "Construction could begin in September, the mayor said.",
    ]
    article = extract(_text("Harbor bond passes\n\n" + "\n".join(lines)))
    assert article.text.splitlines() == lines


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("Published: 17 November 2024", "2024-11-17"),
        ("November 17, 2024", "2024-11-17"),
        ("Sunday, 17 Nov 2024 10:30 GMT", "2024-11-17"),
        ("By Ines Maro, Harbour Desk | Nov. 17th, 2024", "2024-11-17"),
        ("Posted on Sept. 3, 2025 at 4:15 p.m.", "2025-09-03"),
    ],
)
def test_a_date_line_near_the_top_of_a_text_is_its_publication_date(line, published):
    article = extract(_text(f"Lindenport backs harbor bond\n\n{line}\n\n{LEAD}\n\n{SECOND}\n"))
    assert article.published == published
    assert article.title == "Lindenport backs harbor bond"


def test_a_wire_dateline_with_a_year_dates_the_text():
    dated = extract(_text(f"LINDENPORT, Nov. 17, 2024 (CP) — {LEAD}\n\n{SECOND}"))
    assert dated.published == "2024-11-17"
    assert dated.text.startswith("LINDENPORT, Nov. 17, 2024 (CP) — Voters")


@pytest.mark.parametrize(
    "body",
    [
        f"LINDENPORT, Nov 17 (Wire) - {LEAD}\n\n{SECOND}",  # no year: never guessed
        f"Lindenport backs harbor bond\n\nUpdated: 17 November 2024\n\n{LEAD}\n\n{SECOND}",
        f"Lindenport backs harbor bond\n\nMayday 17, 2024\n\n{LEAD}\n\n{SECOND}",
        f"Lindenport backs harbor bond\n\n31 February 2024\n\n{LEAD}\n\n{SECOND}",
        f"{LEAD}\n\n{SECOND}\n\nThe vote was held on 17 November 2024.",  # a date in the story
    ],
)
def test_no_publication_date_is_invented(body):
    assert extract(_text(body)).published is None
