"""clean: injected lines and boilerplate go, with a reason; the article's own words stay."""

from __future__ import annotations

from consilience.clean import clean
from consilience.records import Article

TITLE = "Lindenport Voters Back Harbor Bond: What Happens Next"

# A content-farm rewrite of a local story, with the spam such sites paste into the body.
FARM = "\n".join(
    [
        "Lindenport Voters Back Harbor Bond: What Happens Next",
        "Voters in Lindenport approved a $48 million bond on Tuesday to rebuild the crumbling east "
        "harbor docks, ending a two-year fight between the fishing cooperative and the city "
        "council.",
        "The measure passed with 61 percent of the vote. Turnout reached 44 percent, the highest "
        "for a spring ballot in a decade.",
        "Then the rain came.",
        "📰 Related: Riverside Zoo Welcomes Twin Snow Leopard Cubs: What Visitors Should Know",
        "Why the vote matters now",
        "Engineers warned last autumn that two of the four harbor piers could fail within five "
        "years. The council closed the northern pier in January after inspectors found rusted "
        "pilings.",
        "The Council Factor",
        "The city council had resisted the bond for two years, arguing that the fishing "
        "cooperative should pay most of the cost of the docks.",
        "👉 Read more: Mountain Pass Avalanche Season: Everything Skiers Get Wrong",
        "Repayment will come from a small property tax increase over twenty years, about $96 a "
        "year for a typical home, the finance office estimates.",
        "Mayor Ingrid Salo said construction on the docks could begin in September once the state "
        "permit is issued.",
        "✨ You might also like: Celebrity Chef Opens Rooftop Bistro in Vallmark Tower",
    ]
)


RELATED = "📰 Related: Riverside Zoo Welcomes Twin Snow Leopard Cubs: What Visitors Should Know"
LIKE = "✨ You might also like: Celebrity Chef Opens Rooftop Bistro in Vallmark Tower"


def _article(text: str, title: str = TITLE, language: str | None = "en") -> Article:
    return Article(
        source="test", outlet="Test", title=title, text=text, extracted_text=text, language=language
    )


def _reasons(article: Article) -> dict[str, str]:
    return {r.text: r.reason for r in article.removed}


def test_content_farm_injections_are_removed_and_recorded():
    cleaned = clean(_article(FARM))
    assert _reasons(cleaned) == dict(
        [
            (TITLE, "duplicate-title"),
            (RELATED, "related-link"),
            (
                "👉 Read more: Mountain Pass Avalanche Season: Everything Skiers Get Wrong",
                "read-more",
            ),
            (LIKE, "related-link"),
        ]
    )


def test_real_content_of_the_farm_article_stays():
    cleaned = clean(_article(FARM))
    kept = cleaned.text.splitlines()
    for line in ("Why the vote matters now", "The Council Factor", "Then the rain came."):
        assert line in kept
    # Everything that was not removed is there, in order, one paragraph per line.
    removed = {r.text for r in cleaned.removed}
    assert kept == [line for line in FARM.splitlines() if line not in removed]


def test_removed_spans_point_into_the_extracted_text():
    cleaned = clean(_article(FARM))
    assert cleaned.extracted_text == FARM
    for removed in cleaned.removed:
        assert FARM[removed.start : removed.end] == removed.text


def test_clean_is_idempotent_and_fills_ids():
    once = clean(_article(FARM))
    twice = clean(once)
    assert twice.text == once.text
    assert [r.text for r in twice.removed] == [r.text for r in once.removed]
    assert once.id and once.content_hash
    assert twice.id == once.id


HARBOR_PARAGRAPHS = [
    "Voters in Lindenport approved a $48 million bond on Tuesday to rebuild the crumbling "
    "east harbor docks, ending a two-year fight between the fishing cooperative and the city "
    "council over who should pay for the repairs.",
    "Engineers warned last autumn that two of the four piers could fail within five years. "
    "The council closed the northern pier in January after inspectors found rusted pilings "
    "beneath the fuel station, forcing a dozen boats to tie up in Orsk Bay.",
    "The bond will be repaid over twenty years through a small increase in property taxes, "
    "which the city finance office estimates at about $96 a year for a typical home.",
    "Mayor Ingrid Salo said construction could begin as early as September, once the state "
    "environmental permit is issued, and the work should take three years.",
]


def _harbor(*inserted: tuple[int, str]) -> str:
    lines = list(HARBOR_PARAGRAPHS)
    for position, line in sorted(inserted, reverse=True):
        lines.insert(position, line)
    return "\n".join(lines)


def test_off_topic_headline_without_cue_is_removed():
    headline = "Riverside Zoo Welcomes Twin Snow Leopard Cubs Ahead of Winter Season"
    cleaned = clean(_article(_harbor((2, headline)), title="Lindenport backs harbor bond"))
    assert _reasons(cleaned) == {headline: "off-topic-headline"}
    assert headline not in cleaned.text


def test_kicker_shaped_off_topic_headline_is_removed():
    headline = "Vallmark Marathon: Kenyan runner breaks course record in freezing rain"
    cleaned = clean(_article(_harbor((3, headline)), title="Lindenport backs harbor bond"))
    assert _reasons(cleaned) == {headline: "off-topic-headline"}


def test_real_subheadings_stay():
    subheads = [
        (1, "Why the vote matters now"),  # sentence case, everyday words
        (2, "How the Harbor Bond Will Be Repaid"),  # title case, on topic
        (3, "What Comes Next"),  # nothing distinctive to judge by
        (4, "Council Promises Local Hiring on the Docks"),  # title case, partly new words
    ]
    text = _harbor(*subheads)
    cleaned = clean(_article(text, title="Lindenport backs harbor bond"))
    assert cleaned.removed == []
    assert cleaned.text == text


def test_short_real_paragraphs_stay():
    text = _harbor((1, "Then the rain came."), (3, "Nobody objected."), (4, "Wait, did it work?"))
    cleaned = clean(_article(text, title="Lindenport backs harbor bond"))
    assert cleaned.removed == []


def test_a_list_of_short_lines_is_not_judged_as_headlines():
    # Tour dates, a schedule, credits: short title-case lines among other short lines.
    schedule = [
        "June 12 -- Orsk Bay Pavilion, Westmere Falls",
        "June 15 -- Grand Tannery Hall, Kettleford",
        "June 19 -- Pemberly Riverside Amphitheatre, Dunmore",
    ]
    text = _harbor(*((2, line) for line in reversed(schedule)))
    cleaned = clean(_article(text, title="Lindenport backs harbor bond"))
    assert cleaned.removed == []


def test_cue_header_takes_the_link_list_under_it():
    links = [
        "Ferry timetable changes for the summer season",
        "School board delays vote on new calendar",
        "Bakery on Mill Street wins regional prize",
    ]
    text = "\n".join([*HARBOR_PARAGRAPHS, "You may also like...", *links])
    cleaned = clean(_article(text, title="Lindenport backs harbor bond"))
    assert _reasons(cleaned) == dict.fromkeys(["You may also like...", *links], "related-link")
    assert cleaned.text == "\n".join(HARBOR_PARAGRAPHS)


def test_cue_header_before_a_subheading_leaves_the_subheading():
    subheading = "Why the harbor piers are failing"
    text = _harbor((1, "Related stories"), (2, subheading))
    cleaned = clean(_article(text, title="Lindenport backs harbor bond"))
    assert _reasons(cleaned) == {"Related stories": "related-link"}
    assert subheading in cleaned.text.splitlines()


def test_appeals_notices_and_credits():
    extras = dict(
        [
            (
                "Sign up for our morning newsletter and get top stories delivered to your inbox.",
                "newsletter",
            ),
            (
                "Support our journalism: become a member today for less than a coffee a week.",
                "self-promotion",
            ),
            ("Follow the Lindenport Ledger on Facebook, Instagram and Threads.", "social-share"),
            ("Share this article", "social-share"),
            ("Photo: Orsk Bay Courier / Ana Lind", "credit"),
            ("© 2024 The Lindenport Ledger. All rights reserved.", "copyright"),
            ("Write to Mira Okonkwo at mira.okonkwo@ledger.example", "author-contact"),
            ("Updated at 4:15 p.m.", "boilerplate"),
            ("Published: Tue 2 April 2024, 09:30 GMT", "boilerplate"),
            ("Advertisement", "boilerplate"),
        ]
    )
    text = _harbor(*((2, line) for line in extras))
    cleaned = clean(_article(text, title="Lindenport backs harbor bond"))
    assert _reasons(cleaned) == extras
    assert cleaned.text == "\n".join(HARBOR_PARAGRAPHS)


def test_news_about_newsletters_and_subscriptions_stays():
    sentences = [
        "The cooperative's newsletter first reported the cracked pilings in March, members said.",
        "Residents can subscribe to flood alerts from the county, the mayor said on Tuesday.",
        "Copyright lawyers for the shipyard argued that the dock designs belonged to the firm.",
        "Follow-up inspections are planned for every pier in the spring.",
        "Get ready: the county will issue flood alerts every hour until the storm passes.",
        "Tickets for the harbor festival sell for as little as $5, organizers said.",
        "The council discussed 3 issues for the harbor on Monday.",
        "“If you value our harbor, vote yes,” the mayor told the crowd.",
        "Residents said they support local journalism and the library.",
        "Updated flood maps arrive March 3.",
        "Published in 1998, the harbor study is still cited.",
        "In other news: the council approved the library budget on Monday.",
        "More on that below.",
        "More than 300 residents attended the meeting at the harbor hall.",
        "Related charges against the shipyard were dropped last year.",
    ]
    text = _harbor(*((1, s) for s in reversed(sentences)))
    cleaned = clean(_article(text, title="Lindenport backs harbor bond"))
    assert cleaned.removed == []


def test_trailing_read_more_cue_is_cut_from_its_paragraph():
    paragraph = "Half the crews should come from this harbor, she said."
    cue = "READ MORE: Ferry timetable changes for the summer season"
    text = _harbor((2, f"{paragraph} {cue}"))
    cleaned = clean(_article(text, title="Lindenport backs harbor bond"))
    [removed] = cleaned.removed
    assert (removed.text, removed.reason) == (cue, "read-more")
    assert text[removed.start : removed.end] == cue
    assert paragraph in cleaned.text.splitlines()


def test_title_repeated_with_outlet_suffix_and_paragraph_titles_stay():
    # The page title carries the outlet; the body repeats the headline alone.
    text = "Lindenport backs harbor bond\n" + "\n".join(HARBOR_PARAGRAPHS)
    cleaned = clean(_article(text, title="Lindenport backs harbor bond | The Lindenport Ledger"))
    assert _reasons(cleaned) == {"Lindenport backs harbor bond": "duplicate-title"}
    # A title derived from the first paragraph must not take that paragraph away.
    derived = "Voters in Lindenport approved a $48 million bond on Tuesday to rebuild…"
    cleaned = clean(_article("\n".join(HARBOR_PARAGRAPHS), title=derived))
    assert cleaned.removed == []


def test_appeal_box_heading_goes_with_its_box():
    text = "\n".join(
        [
            *HARBOR_PARAGRAPHS,
            "Before You Go",
            "If you enjoyed this article, please consider becoming a member.",
        ]
    )
    cleaned = clean(_article(text, title="Lindenport backs harbor bond"))
    assert _reasons(cleaned) == {
        "Before You Go": "self-promotion",
        "If you enjoyed this article, please consider becoming a member.": "self-promotion",
    }


def test_blank_lines_in_the_input_are_tolerated():
    text = "\n\n".join(HARBOR_PARAGRAPHS[:2]) + "\n\n  Related: Ferry timetable changes  \n"
    cleaned = clean(_article(text, title="Lindenport backs harbor bond"))
    [removed] = cleaned.removed
    assert text[removed.start : removed.end] == "Related: Ferry timetable changes"
    assert cleaned.text == "\n".join(HARBOR_PARAGRAPHS[:2])


def test_tag_lines_go_and_prose_after_a_tags_header_stays():
    prose = "The council, which met on Tuesday, said the long-delayed work would start soon."
    text = _harbor((1, "Tags"), (2, prose), (4, "Tags: harbor, council, Lindenport"))
    cleaned = clean(_article(text, title="Lindenport backs harbor bond"))
    assert _reasons(cleaned) == {
        "Tags": "boilerplate",
        "Tags: harbor, council, Lindenport": "boilerplate",
    }
    assert prose in cleaned.text.splitlines()


def test_repeated_paragraph_goes_but_repeated_list_items_stay():
    items = ["- Reopen the northern pier before the winter season", "- Replace the pilings"]
    text = "\n".join([*HARBOR_PARAGRAPHS, *items, HARBOR_PARAGRAPHS[0], *items])
    cleaned = clean(_article(text, title="Lindenport backs harbor bond"))
    [removed] = cleaned.removed
    assert (removed.text, removed.reason) == (HARBOR_PARAGRAPHS[0], "duplicate-paragraph")
    assert removed.start == text.rindex(HARBOR_PARAGRAPHS[0])
    assert cleaned.text.splitlines().count(items[0]) == 2


def test_emoji_led_label_line_is_judged_by_topic():
    spam = "⚡ Hot pick: Celebrity Chef Opens Rooftop Bistro in Vallmark Tower"
    local = "📍 Where: the east harbor docks and the northern pier, Lindenport"
    text = _harbor((1, spam), (3, local))
    cleaned = clean(_article(text, title="Lindenport backs harbor bond"))
    assert _reasons(cleaned) == {spam: "emoji-link"}
    assert local in cleaned.text.splitlines()


def test_tagged_headline_of_another_story_is_removed():
    tagged = "Vallmark mayor slams rival over stadium funding plan [VIDEO]"
    cleaned = clean(_article(_harbor((2, tagged)), title="Lindenport backs harbor bond"))
    assert _reasons(cleaned) == {tagged: "off-topic-headline"}


def test_other_languages_keep_cue_rules_but_skip_the_topic_check():
    # The everyday-word list behind the topic check is English; elsewhere it stays off.
    headline = "Riverside Zoo Welcomes Twin Snow Leopard Cubs Ahead of Winter Season"
    text = _harbor((2, headline), (4, "© 2024 Lindenport Ledger"))
    english = clean(_article(text, title="Lindenport backs harbor bond", language="en"))
    other = clean(_article(text, title="Lindenport backs harbor bond", language="nl"))
    assert set(_reasons(english)) == {headline, "© 2024 Lindenport Ledger"}
    assert _reasons(other) == {"© 2024 Lindenport Ledger": "copyright"}
