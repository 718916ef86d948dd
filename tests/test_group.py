"""Story grouping on fictional reports: events of one kind stay apart, ids stay put."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pytest

from consilience.group import GroupParams, group
from consilience.records import Analysis, Article, Mention, Story, short_hash

pytestmark = pytest.mark.slow


def report(outlet, title, text, published="2031-03-04", **fields) -> Article:
    return Article(
        source=f"{outlet}.txt", outlet=outlet, title=title, text=text, published=published, **fields
    ).ensure_ids()


QUAKE_VALMORA = [
    report(
        "coastwire",
        "Magnitude 6.4 earthquake kills 12 in Kessin, Valmora",
        "A magnitude 6.4 earthquake struck the Valmora coast on Tuesday, killing at least 12 "
        "people in the port city of Kessin. Rescue teams searched collapsed buildings near the "
        "harbour through the night. The Valmora Seismic Agency said the quake was 10 km deep.",
    ),
    report(
        "dailyvalmora",
        "Deadly 6.4 quake hits port city of Kessin",
        "At least 12 people died when a 6.4 quake shook Kessin on Tuesday. Officials of the "
        "Valmora Seismic Agency warned of aftershocks. Hospitals in Kessin treated dozens of "
        "injured residents.",
    ),
    report(
        "globalnotes",
        "Kessin earthquake: death toll reaches 12",
        "The death toll from Tuesday's earthquake in Kessin, on the coast of Valmora, has "
        "reached 12, the city's mayor Ilse Varga said. The 6.4 tremor damaged the old harbour.",
        published="2031-03-05",
    ),
]
QUAKE_DRENLAND = [
    report(
        "coastwire",
        "Magnitude 5.1 earthquake rattles Drenland capital Ostvar",
        "A magnitude 5.1 earthquake rattled Ostvar, the capital of Drenland, on Friday. No deaths "
        "were reported, but the Drenland Geological Office recorded damage to 40 homes.",
        published="2031-09-19",
    ),
    report(
        "northpost",
        "Ostvar shaken by 5.1 tremor, dozens of homes damaged",
        "Residents of Ostvar ran into the streets on Friday when a 5.1 tremor shook the Drenland "
        "capital. The Drenland Geological Office said 40 homes were damaged.",
        published="2031-09-19",
    ),
]
AWARDS_2031 = [
    report(
        "screenbeat",
        "Nadia Orlov to host the 41st Golden Lantern Awards",
        "The Lantern Academy named comedian Nadia Orlov as host of the 41st Golden Lantern "
        "Awards, to be held in Brightwater in February 2031. Orlov has never hosted before.",
        published="2030-11-02",
    ),
    report(
        "filmdesk",
        "Comedian Orlov picked as Golden Lantern host",
        "Nadia Orlov will host the 41st Golden Lantern Awards, the Lantern Academy said on Friday. "
        "It is the first time the academy has chosen a stand-up comedian for the ceremony.",
        published="2030-11-01",
    ),
]
AWARDS_2032 = [
    report(
        "screenbeat",
        "Tomas Brevik returns to host the 42nd Golden Lantern Awards",
        "The Lantern Academy has chosen actor Tomas Brevik to host the 42nd Golden Lantern "
        "Awards in Brightwater. Brevik hosted the ceremony once before, in 2027.",
        published="2031-10-28",
    ),
    report(
        "filmdesk",
        "Brevik back as Golden Lantern host for 42nd ceremony",
        "Actor Tomas Brevik will host the 42nd Golden Lantern Awards, the Lantern Academy "
        "announced, his second time in the role after the 2027 show.",
        published="2031-10-29",
    ),
]
FOOTBALL = report(
    "sportline",
    "Orvane beat Tessaly 3-1 to win the Harlow Cup",
    "Orvane won the Harlow Cup on Sunday, beating Tessaly 3-1 at Merrin Stadium. "
    "Striker Pau Delmas scored twice in the second half.",
    published="2031-03-05",
)
EVERYTHING = [*QUAKE_VALMORA, *QUAKE_DRENLAND, *AWARDS_2031, *AWARDS_2032, FOOTBALL]


def memberships(stories: list[Story]) -> set[frozenset[str]]:
    return {frozenset(s.article_ids) for s in stories}


def ids(articles: list[Article]) -> frozenset[str]:
    return frozenset(a.id for a in articles)


def test_same_event_together_and_events_of_one_kind_apart():
    stories = group(EVERYTHING)
    assert memberships(stories) == {
        ids(QUAKE_VALMORA),
        ids(QUAKE_DRENLAND),
        ids(AWARDS_2031),
        ids(AWARDS_2032),
        ids([FOOTBALL]),
    }
    assert sum(len(s.article_ids) for s in stories) == len(EVERYTHING)


def test_same_articles_in_any_order_give_the_same_stories():
    first = group(EVERYTHING)
    shuffled = EVERYTHING[:]
    random.Random(7).shuffle(shuffled)
    again = group(shuffled + shuffled[:3])  # repeated articles count once
    assert again == first
    for story in first:
        assert story.id == short_hash("story", min(story.article_ids))


def test_a_single_article_is_a_story_of_one_and_nothing_gives_nothing():
    (story,) = group([FOOTBALL])
    assert story.article_ids == [FOOTBALL.id]
    assert story.title == FOOTBALL.title
    assert group([]) == []


def test_title_is_the_most_representative_and_never_a_copys():
    copy = report(
        "spamfarm",
        "You won't BELIEVE what happened in Kessin!!!",
        QUAKE_VALMORA[0].text,
        duplicate_of=QUAKE_VALMORA[0].id,
    )
    (story,) = group([*QUAKE_VALMORA, copy])
    assert story.title in {a.title for a in QUAKE_VALMORA}
    assert set(story.article_ids) == ids([*QUAKE_VALMORA, copy])


def test_duplicates_join_their_originals_story_whatever_their_text():
    # a syndicated copy whose extracted text went wrong still counts with its original
    odd_copy = report(
        "mirrorsite",
        "Garden tips for March",
        "Prune roses early and sow peas once the soil is workable.",
        duplicate_of=QUAKE_DRENLAND[0].id,
    )
    stories = group([*QUAKE_VALMORA, *QUAKE_DRENLAND, odd_copy])
    assert ids([*QUAKE_DRENLAND, odd_copy]) in memberships(stories)


def festival(outlet, edition, boats, published):
    return report(
        outlet,
        f"Saltmere Lantern Festival opens with parade of {boats} paper boats",
        f"The {edition} Saltmere Lantern Festival opened on the harbour front with a "
        f"parade of {boats} paper boats, and organisers expect 50,000 visitors over "
        "the weekend.",
        published=published,
    )


def test_articles_days_apart_group_a_year_apart_do_not():
    this_year = festival("harbourtimes", "11th", 300, "2031-06-14")
    next_day = festival("coastwire", "11th", 300, "2031-06-16")
    next_year = festival("harbourtimes", "12th", 320, "2032-06-13")
    stories = group([this_year, next_day, next_year])
    assert memberships(stories) == {ids([this_year, next_day]), ids([next_year])}
    # the date is what tells them apart: undated, the two years read as one event
    undated = [replace(a, published=None) for a in (this_year, next_year)]
    assert memberships(group(undated)) == {ids(undated)}


def test_new_articles_join_stored_stories_and_keep_their_id_and_title():
    stored = group(QUAKE_VALMORA[:2] + AWARDS_2031)
    quake = next(s for s in stored if QUAKE_VALMORA[0].id in s.article_ids)
    renamed = [
        Story(id=s.id, title=f"stored: {s.title}", article_ids=s.article_ids) for s in stored
    ]
    stories = group([*QUAKE_VALMORA, *AWARDS_2031, *AWARDS_2032], existing=renamed)
    grown = next(s for s in stories if s.id == quake.id)
    assert grown.title == f"stored: {quake.title}"
    assert grown.article_ids[:2] == quake.article_ids  # stored order first, new ones after
    assert set(grown.article_ids) == ids(QUAKE_VALMORA)
    assert len(stories) == 3  # the 2032 awards found a story of their own
    assert ids(AWARDS_2032) in memberships(stories)


def test_stored_stories_are_neither_split_nor_merged():
    # Stored by hand: two unrelated articles in one story, and one event split in two.
    mixed = Story(id="mixed", title="Mixed bag", article_ids=[FOOTBALL.id, AWARDS_2031[0].id])
    half_a = Story(id="half-a", title="Quake A", article_ids=[QUAKE_DRENLAND[0].id])
    half_b = Story(id="half-b", title="Quake B", article_ids=[QUAKE_DRENLAND[1].id])
    stories = group([FOOTBALL, AWARDS_2031[0], *QUAKE_DRENLAND], existing=[mixed, half_a, half_b])
    assert {s.id: s.article_ids for s in stories} == {
        "mixed": mixed.article_ids,
        "half-a": half_a.article_ids,
        "half-b": half_b.article_ids,
    }


def test_a_stored_story_without_its_articles_is_matched_on_its_title():
    stored = Story(
        id="stored-quake",
        title="Magnitude 6.4 earthquake kills 12 in Kessin, Valmora",
        article_ids=["not-passed-1", "not-passed-2"],
    )
    stories = group([QUAKE_VALMORA[1], FOOTBALL], existing=[stored])
    quake = next(s for s in stories if s.id == "stored-quake")
    assert quake.article_ids == ["not-passed-1", "not-passed-2", QUAKE_VALMORA[1].id]
    assert any(s.article_ids == [FOOTBALL.id] for s in stories)


def test_a_copy_of_a_stored_article_joins_its_story():
    stored = Story(id="stored-awards", title="Orlov to host", article_ids=["old-original"])
    copy = report(
        "mirrorsite",
        "Recipe of the week",
        "Slow-cook the beans overnight.",
        duplicate_of="old-original",
    )
    stories = group([copy, FOOTBALL], existing=[stored])
    assert next(s for s in stories if s.id == "stored-awards").article_ids == [
        "old-original",
        copy.id,
    ]


def _mentions(article: Article, names: dict[str, str]) -> Analysis:
    """An analysis naming each surface form found in the text with the canonical given."""
    mentions = []
    for surface, canonical in names.items():
        start = article.text.find(surface)
        if start >= 0:
            mentions.append(
                Mention(
                    text=surface,
                    start=start,
                    end=start + len(surface),
                    label="PERSON",
                    canonical=canonical,
                )
            )
    return Analysis(article_id=article.id, language="en", analyzed=True, mentions=mentions)


def test_analyses_are_optional_and_used_when_given():
    names = {
        "Nadia Orlov": "Nadia Orlov",
        "Orlov": "Nadia Orlov",
        "Tomas Brevik": "Tomas Brevik",
        "Brevik": "Tomas Brevik",
    }
    articles = [*AWARDS_2031, *AWARDS_2032]
    analyses = {a.id: _mentions(a, names) for a in articles}
    analyses[AWARDS_2032[0].id].analyzed = False  # unsupported language: heuristics stand in
    with_analyses = group(articles, analyses)
    assert memberships(with_analyses) == {ids(AWARDS_2031), ids(AWARDS_2032)}
    assert memberships(with_analyses) == memberships(group(articles))


def test_weights_that_leave_nothing_to_the_embeddings_are_refused():
    from consilience.errors import ConfigError

    with pytest.raises(ConfigError, match="entity_weight and word_weight"):
        GroupParams(entity_weight=0.6, word_weight=0.4)


# --------------------------------------------------------------------------- rarity

FERRY = [
    report(
        "harbourtimes",
        "Ferry Saint Oriel runs aground off Caddow Point",
        "The ferry Saint Oriel ran aground off Caddow Point on Thursday evening with 212 "
        "passengers aboard. Coastguard boats took everyone ashore and nobody was hurt.",
    ),
    report(
        "coastwire",
        "212 taken off stranded Saint Oriel",
        "All 212 passengers of the Saint Oriel were brought ashore after the ship struck rocks "
        "near Caddow. The operator, Bellmare Lines, blamed a steering fault.",
    ),
    report(
        "northpost",
        "Bellmare Lines grounds fleet after Caddow accident",
        "Bellmare Lines has kept its two other ferries in port while inspectors examine the Saint "
        "Oriel, which hit rocks at Caddow Point on Thursday.",
    ),
    report(
        "dailyvalmora",
        "Passengers describe night on the rocks",
        "Passengers of the stranded Saint Oriel said lights went out minutes before the ferry "
        "stopped with a jolt off Caddow Point. Coastguard crews reached them within the hour.",
    ),
    report(
        "globalnotes",
        "Steering fault suspected in Caddow grounding",
        "Investigators are looking at the steering gear of the Saint Oriel, the Bellmare Lines "
        "ferry that ran aground near Caddow Point.",
    ),
]


def test_reports_of_one_event_checked_on_their_own_make_one_story():
    # The eyewitness report shares the event's names but little else with the others. Counted
    # within these five alone, "Saint Oriel" and "Caddow" are in every report, so they look
    # common and it splits off; English at large knows they are rare, and it stays.
    (story,) = group(FERRY)
    assert set(story.article_ids) == ids(FERRY)
    batch_only = group(FERRY, params=GroupParams(background_docs=0, attach_threshold=None))
    assert len(batch_only) == 2


def test_a_common_word_weighs_less_than_a_rare_name_even_when_every_article_has_both():
    from consilience.group_features import Background, idf

    keys = ["w:said", "w:caddow"]
    everywhere = np.array([5, 5])
    common, rare = idf(keys, everywhere, 5, Background(docs=100, length=300))
    assert 1.0 <= common < rare
    # rarity from the batch alone cannot tell them apart
    assert len(set(idf(keys, everywhere, 5, Background(docs=0, length=300)))) == 1


# --------------------------------------------------------------------------- lone articles

FLOOD = [
    report(
        "rivernews",
        "Dam breach floods three villages in the Ossel valley",
        "The Merrow dam on the Ossel river gave way before dawn on Monday, flooding the villages "
        "of Tarn, Holloway and Brisk. Emergency crews rescued 140 residents by boat, and two "
        "people are missing, the Ossel Valley Water Board said.",
    ),
    report(
        "northpost",
        "Merrow dam gives way, two missing in Ossel valley floods",
        "Two people are missing after the Merrow dam collapsed early on Monday and sent water "
        "through Tarn, Holloway and Brisk. Boats carried about 140 villagers to safety, "
        "according to the Ossel Valley Water Board.",
    ),
    report(
        "coastwire",
        "Ossel valley villages under water after Merrow dam failure",
        "Floodwater from the failed Merrow dam covered Tarn and Holloway on Monday. The water "
        "board said 140 people had been rescued and two were still unaccounted for.",
    ),
]
# the same flood, told as a column: few of the reports' words, none of their figures
COLUMN = report(
    "thecolumn",
    "The flood that officials saw coming",
    "Inspectors flagged cracks in the Merrow wall in three reports since 2021. Each time the "
    "repair was postponed. This week the river answered.",
)
RESERVOIR = [
    report(
        "harbourtimes",
        "Kell reservoir wall bursts, flooding Dunmere",
        "The wall of the Kell reservoir burst on Monday night and flooded the lower streets of "
        "Dunmere. Firefighters moved 60 people to the town hall; nobody was hurt, the Dunmere "
        "council said.",
    ),
    report(
        "filmdesk",
        "Dunmere cleans up after Kell reservoir failure",
        "Residents of Dunmere were clearing mud from their homes on Tuesday after the Kell "
        "reservoir wall gave way. The council said 60 people spent the night in the town hall.",
    ),
]
# as near the Merrow flood as the Kell reservoir: belongs to neither more than the other
BOTH_WALLS = report(
    "thecolumn",
    "When the walls give way",
    "On Monday night an old dam and a reservoir wall gave way within hours of each other, and "
    "people were moved to safety as water filled their homes. Both walls had been flagged as "
    "crumbling.",
)


def test_a_report_framed_its_own_way_joins_the_story_it_is_clearly_nearest():
    stories = group([*FLOOD, COLUMN, FOOTBALL])
    assert memberships(stories) == {ids([*FLOOD, COLUMN]), ids([FOOTBALL])}
    # without that second look it stands alone: too far from each report on average
    alone = group([*FLOOD, COLUMN, FOOTBALL], params=GroupParams(attach_threshold=None))
    assert ids([COLUMN]) in memberships(alone)


def test_an_article_as_near_two_stories_stays_alone():
    stories = group([*FLOOD, *RESERVOIR, BOTH_WALLS])
    assert memberships(stories) == {ids(FLOOD), ids(RESERVOIR), ids([BOTH_WALLS])}
    # with only one of the two stories at hand, it is clearly nearest that one
    assert memberships(group([*FLOOD, BOTH_WALLS])) == {ids([*FLOOD, BOTH_WALLS])}


def test_a_lone_article_dated_apart_from_a_story_does_not_join_it_on_a_second_look():
    # Twelve days on, the date costs the column little of its score, but a report that frames
    # an event its own way comes out with the others; this one would be a follow-up.
    later = replace(COLUMN, published="2031-03-16")
    assert ids([later]) in memberships(group([*FLOOD, later]))
    same_week = replace(COLUMN, published="2031-03-06")
    assert memberships(group([*FLOOD, same_week])) == {ids([*FLOOD, same_week])}


def test_a_lone_new_article_joins_a_stored_story_and_keeps_its_id():
    (stored,) = group(FLOOD)
    (grown,) = group([*FLOOD, COLUMN], existing=[stored])
    assert grown.id == stored.id
    assert grown.article_ids == [*stored.article_ids, COLUMN.id]
