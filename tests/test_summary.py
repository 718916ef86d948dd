"""The briefing: extracted sentences, shared facts first, every sentence cited.

Fictional story: a ferry, the MV Calloway, ran aground off the (fictional) island of Tarrow.
"""

from __future__ import annotations

import pytest

from consilience.report.summary import split_sentences, summarize, usable

pytestmark = pytest.mark.usefixtures("sentence_encoder")

COURIER = (
    "The ferry MV Calloway ran aground off the island of Tarrow on Thursday night. "
    "All 212 passengers were brought ashore by lifeboats before dawn. "
    "The harbour master said the ship's captain had reported an engine failure. "
    "The ferry's owner, Brisk Lines, has run the route for thirty years. "
    "A local bakery handed out bread to the passengers on the quay."
)
WIRE = (
    "The MV Calloway, a ferry, ran aground near Tarrow island late on Thursday. "
    "Lifeboat crews brought all 212 passengers to shore before dawn, officials said. "
    "Divers will inspect the hull on Saturday. "
    "Tarrow has no hospital, so two injured crew members were flown to the mainland."
)
LEDGER = (
    "Late on Thursday the ferry MV Calloway ran aground off Tarrow. "
    "The captain told the harbour master that an engine had failed shortly before the ferry "
    "hit the rocks. "
    "Fuel has not leaked from the ferry, the coastguard said. "
    "Tarrow's mayor called for a new breakwater to protect the harbour."
)


def build(story_kit, copy_of_wire=False):
    arts = [story_kit.article("Tarrow Courier", COURIER), story_kit.article("Northgate Wire", WIRE),
            story_kit.article("Estravan Ledger", LEDGER)]
    if copy_of_wire:
        arts.append(story_kit.article("Quillfield Daily", WIRE, duplicate_of=arts[1]))
    for art in arts:
        story_kit.every_sentence(art)
    return arts, story_kit.check()


def run(story_kit, checks, **kw):
    return summarize(story_kit.articles, list(story_kit.analyses.values()), checks, **kw)


def test_sentences_are_exact_text_and_cited(story_kit):
    arts, checks = build(story_kit)
    summary = run(story_kit, checks)
    assert 3 <= len(summary) <= 7
    texts = {a.id: a.text for a in arts}
    for s in summary:
        assert s.article_ids, s
        assert any(s.text in texts[a] for a in s.article_ids)


def test_the_fact_all_outlets_share_comes_first_and_cites_them_all(story_kit):
    arts, checks = build(story_kit)
    first = run(story_kit, checks)[0]
    assert "aground" in first.text
    assert first.article_ids == [a.id for a in arts]


def test_facts_of_one_outlet_cite_only_that_outlet(story_kit):
    arts, checks = build(story_kit)
    bakery = [s for s in run(story_kit, checks, max_sentences=12) if "bakery" in s.text]
    for s in bakery:
        assert s.article_ids == [arts[0].id]


def test_one_fact_is_not_told_twice(story_kit):
    _, checks = build(story_kit)
    summary = run(story_kit, checks)
    assert sum("aground" in s.text for s in summary) == 1
    assert sum("212 passengers" in s.text for s in summary) <= 1


def test_a_syndicated_copy_adds_no_sentences_of_its_own(story_kit):
    arts, checks = build(story_kit, copy_of_wire=True)
    summary = run(story_kit, checks, max_sentences=12)
    copy = arts[3]
    for s in summary:
        # the copy is cited where the wire is, but its text is never a sentence of its own
        assert copy.id not in s.article_ids or arts[1].id in s.article_ids
    assert len({s.text for s in summary}) == len(summary)


def test_word_budget(story_kit):
    _, checks = build(story_kit)
    summary = run(story_kit, checks, max_words=30)
    words = [len(s.text.split()) for s in summary]
    assert sum(words[:-1]) < 30


def test_a_disputed_fact_is_held_back(story_kit):
    a = story_kit.article("Tarrow Courier",
                    "The ferry carried 212 passengers when it ran aground off Tarrow. "
                    "The weather on the island was calm all night, islanders said.")
    b = story_kit.article("Northgate Wire",
                    "The ferry carried 480 passengers when it ran aground off Tarrow. "
                    "Islanders said the weather was calm throughout the night on Tarrow.")
    story_kit.figure(a, "212 passengers", 212, None, kind="count", about="passengers on the ferry")
    story_kit.figure(b, "480 passengers", 480, None, kind="count", about="passengers on the ferry")
    story_kit.every_sentence(a)
    story_kit.every_sentence(b)
    checks = story_kit.check()
    assert any(k.verdict == "conflict" for k in checks)
    summary = run(story_kit, checks, max_sentences=1)
    assert "calm" in summary[0].text


def test_splitting_and_usable_sentences():
    text = "First sentence here, with enough words in it. “A quote ends here.” Short one.\nNo"
    spans = split_sentences(text)
    pieces = [text[s:e] for s, e in spans]
    assert pieces[0] == "First sentence here, with enough words in it."
    assert pieces[1] == "“A quote ends here.”"
    assert not usable("Short one.")
    assert not usable("Why did the ferry not turn back before the storm hit?")
    assert not usable("What Really Happened Behind the Scenes at the Harbour")
    assert usable("The ferry ran aground off Tarrow on Thursday night.")


# --------------------------------------------------------------------------- read out of context


def test_a_speaker_behind_a_pronoun_is_named_in_brackets(story_kit):
    text = ("Minister Ilse Marrow opened the Korvath Base Tunnel on Saturday. "
            "“Every train that passes here is a promise kept,” she said at the ceremony.")
    a = story_kit.article("Valmora Courier", text)
    story_kit.every_sentence(a)
    story_kit.claim(a, "Every train that passes here is a promise kept", "quote",
                    speaker="Ilse Marrow")
    summary = run(story_kit, story_kit.check(), max_sentences=5)
    quoted = next(s for s in summary if "promise kept" in s.text)
    assert "she [Ilse Marrow] said at the ceremony" in quoted.text
    # the brackets are the only change: the extract points at the article's exact words
    exact = a.text[quoted.start:quoted.end]
    assert quoted.article_id == a.id
    assert quoted.text.replace(" [Ilse Marrow]", "") == exact
    # a sentence that names its speaker already is left alone
    opening = next(s for s in summary if "opened" in s.text)
    assert "[" not in opening.text


def test_datelines_and_bylines_are_not_briefing_sentences(story_kit):
    a = story_kit.article("Northgate Wire",
                          "By Ana Reyes and Li Wen, staff writers.\n"
                          "VALMORA, Estrava (NW) — The Korvath Base Tunnel opened to freight "
                          "trains on Saturday after eleven years of work.")
    story_kit.every_sentence(a)
    summary = run(story_kit, story_kit.check(), max_sentences=5)
    assert [s.text for s in summary] == [
        "The Korvath Base Tunnel opened to freight trains on Saturday after eleven years of "
        "work."]
    assert not usable("By Ana Reyes and Li Wen, staff writers.")
    assert usable("By Saturday the tunnel was open to freight trains again.")


def test_a_sentence_opening_on_an_unresolved_pronoun_is_marked(story_kit):
    from consilience.report.summary import candidates

    a = story_kit.article("Valmora Courier",
                          "The Korvath Base Tunnel opened on Saturday after eleven years. "
                          "It cost 4.1 billion euros, twice the first estimate. "
                          "“Every train that passes here is a promise kept,” she said.")
    story_kit.every_sentence(a)
    story_kit.claim(a, "Every train that passes here is a promise kept", "quote",
                    speaker="Ilse Marrow")
    cands = {c.text[:8]: c for c in candidates(story_kit.articles,
                                               list(story_kit.analyses.values()), [])}
    assert cands["It cost "].dangling
    assert not cands["The Korv"].dangling
    assert not cands["“Every t"].dangling and "[Ilse Marrow]" in cands["“Every t"].shown


def test_a_briefing_is_shorter_than_its_longest_report(story_kit):
    a = story_kit.article("Tarrow Courier",
                          "The ferry MV Calloway ran aground off Tarrow on Thursday night. "
                          "All 212 passengers were brought ashore by lifeboats before dawn. "
                          "The harbour master said the captain had reported an engine failure. "
                          "A local bakery handed out bread to the passengers on the quay.")
    b = story_kit.article("Northgate Wire",
                          "The MV Calloway, a ferry, ran aground near Tarrow island late on "
                          "Thursday. Lifeboat crews brought all 212 passengers to shore before "
                          "dawn, officials said. Divers will inspect the hull on Saturday. "
                          "Two injured crew members were flown to the mainland by helicopter.")
    for art in (a, b):
        story_kit.every_sentence(art)
    summary = run(story_kit, story_kit.check(), max_sentences=7)
    assert len(summary) == 3  # three quarters of four sentences, not seven of eight


def test_a_compatible_but_different_figure_cites_only_the_articles_giving_it(tmp_path):
    """"at least 12 dead" then "risen to 19" are compatible, but the sentence with 19 must
    not cite the article that said 12 as if it said 19 too."""
    import json

    from consilience import Consilience
    from consilience.crosscheck import crosscheck
    from consilience.report.summary import candidates

    rows = [
        {"outlet": "Harbour Gazette", "published": "2025-06-03", "url": "https://hg.example/flood",
         "title": "Flood kills at least 12 in the Ostrava valley",
         "text": "Floods in the Ostrava valley have killed at least 12 people, the regional rescue "
                 "service said on Tuesday.\n\nRiver levels rose by four metres overnight and "
                 "about 3,000 residents were moved to schools and sports halls."},
        {"outlet": "Valley Post", "published": "2025-06-04", "url": "https://vp.example/toll",
         "title": "Ostrava valley flood toll rises to 19",
         "text": "The number of people killed by floods in the Ostrava valley has risen to 19, "
                 "the regional rescue service said on Wednesday.\n\nAbout 3,000 residents "
                 "spent a second night in schools and sports halls as the river stayed high."},
    ]
    src = tmp_path / "flood.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    c = Consilience(str(tmp_path / "c.db"))
    try:
        c.add([str(src)])
        [story] = c.group()
        arts = c.articles(story.article_ids)
        by_id = c.analyze(story.article_ids)
        analyses = [by_id[a.id] for a in arts]
    finally:
        c.close()
    checks = crosscheck(story, arts, analyses, None)
    verdicts = {k.verdict for k in checks if k.kind == "count" and len(k.article_ids) == 2}
    assert verdicts == {"agree", "compatible"}  # 3,000 residents agree; 12 and 19 dead
    post = next(a for a in arts if a.outlet == "Valley Post")
    risen = next(x for x in candidates(arts, analyses, checks) if "risen to 19" in x.text)
    assert risen.article_ids == [post.id]
    shared = next(x for x in candidates(arts, analyses, checks) if "3,000" in x.text)
    assert len(shared.article_ids) == 2  # "about 3,000" in both: each sentence cites both
