"""Entities: mentions with one canonical name per real entity, in an article and across a set."""

from __future__ import annotations

from consilience.analyze import analyze, apply_canonical, canonicalize_entities
from consilience.records import Article


def _article(text: str, outlet: str = "o") -> Article:
    return Article(source=f"{outlet}.txt", outlet=outlet, title="t", text=text).ensure_ids()


def _names(analysis, label=None):
    return {m.text: m.canonical for m in analysis.mentions if label in (None, m.label)}


def test_mentions_point_at_their_words(nlp):
    text = "President Marta Kovalenko of Moldova met Idris Okafor in Chisinau on Friday."
    a = analyze(_article(text))
    assert a.mentions
    for m in a.mentions:
        assert text[m.start : m.end] == m.text
    assert "President" not in {m.text.split()[0] for m in a.mentions if m.label == "PERSON"}


def test_surname_and_title_join_the_full_name(nlp):
    text = (
        "President Marta Kovalenko of Moldova signed the decree.\n"
        "Kovalenko said the reform would begin in August. Later, Kovalenko left for Riga."
    )
    a = analyze(_article(text))
    people = {m.canonical for m in a.mentions if m.label == "PERSON"}
    assert people == {"Marta Kovalenko"}
    titled = next(m for m in a.mentions if m.text == "Marta Kovalenko")
    assert titled.role == "president of Moldova"


def test_repeats_missed_by_the_model_are_found(nlp):
    text = (
        "Senator Idris Okafor criticised the budget on Tuesday.\n"
        'Okafor argues, "The budget is a fantasy and everyone knows it."'
    )
    a = analyze(_article(text))
    assert [m.canonical for m in a.mentions if m.text == "Okafor"] == ["Idris Okafor"]


def test_country_aliases_share_one_name(nlp):
    text = (
        "Officials from the United States of America met envoys from the U.S. and the US.\n"
        "America and the United States later joined the UK, the United Kingdom and Britain."
    )
    names = _names(analyze(_article(text)))
    assert {
        names[k] for k in ("United States of America", "U.S.", "US", "America", "United States")
    } == {"United States"}
    assert {names[k] for k in ("UK", "United Kingdom", "Britain")} == {"United Kingdom"}


def test_demonyms_name_their_country(nlp):
    a = analyze(_article("Ukrainian troops crossed the border while Russian units withdrew."))
    assert {m.canonical for m in a.mentions} >= {"Ukraine", "Russia"}


def test_role_description_links_to_the_office_holder(nlp):
    text = (
        "Ukrainian President Oleh Marchenko arrived in Warsaw on Monday.\n"
        "The Ukrainian president then met the Polish prime minister, Ewa Sadowska."
    )
    a = analyze(_article(text))
    roles = {m.text: m.canonical for m in a.mentions if m.role}
    assert roles["Ukrainian president"] == "Oleh Marchenko"
    assert roles["Polish prime minister"] == "Ewa Sadowska"


def test_acronym_of_a_named_organization(nlp):
    text = (
        "The Institute for the Study of Lakes published a report.\n"
        "ISL researchers said water levels fell."
    )
    names = _names(analyze(_article(text)))
    assert names.get("ISL") == names["Institute for the Study of Lakes"]


def test_suffix_keeps_father_and_son_apart(nlp):
    text = "Donald Varga praised the plan. Varga Jr. criticised it, and Varga replied."
    people = {m.canonical for m in analyze(_article(text)).mentions if m.label == "PERSON"}
    assert "Donald Varga" in people and "Varga Jr." in people


def test_one_name_across_articles(nlp):
    texts = [
        "President Volodymyr Zelenskyy spoke in Kyiv. Zelenskyy thanked the United States.",
        "Ukrainian President Volodymyr Zelensky said the U.S. decision came late.",
        "Zelensky welcomed the news from America.",
        "The Ukrainian president said the missiles would speak for themselves.",
    ]
    analyses = [analyze(_article(t, f"o{i}")) for i, t in enumerate(texts)]
    mapping = canonicalize_entities(analyses)
    people = {mapping[m.canonical] for a in analyses for m in a.mentions if m.label == "PERSON"}
    assert len(people) == 1
    person = people.pop()
    assert person in ("Volodymyr Zelensky", "Volodymyr Zelenskyy")
    places = {mapping[m.canonical] for a in analyses for m in a.mentions if m.label == "GPE"}
    assert "United States" in places and "America" not in places
    apply_canonical(analyses, mapping)
    assert {m.canonical for m in analyses[3].mentions if m.label == "PERSON"} == {person}


def test_different_people_stay_apart_across_articles(nlp):
    analyses = [
        analyze(_article("Anna Petrova chaired the meeting in Tallinn.", "a")),
        analyze(_article("Ivan Petrov chaired the meeting in Tallinn.", "b")),
        analyze(_article("Maria Lindgren opened the harbour.", "c")),
    ]
    mapping = canonicalize_entities(analyses)
    assert mapping["Anna Petrova"] != mapping["Maria Lindgren"]
    assert mapping["Anna Petrova"] != mapping["Ivan Petrov"]


def test_headline_words_are_not_invented_entities(nlp):
    text = (
        "Kovalenko Approves Harbour Plan After Long Delay\n"
        "President Marta Kovalenko approved the harbour plan on Friday."
    )
    a = analyze(_article(text))
    heading = [m for m in a.mentions if m.end <= text.index("\n")]
    assert all(m.canonical == "Marta Kovalenko" for m in heading)


def test_weapon_acronyms_are_products(nlp):
    text = "The army received TARKUS missiles and new VELO launchers on Monday."
    labels = {m.text: m.label for m in analyze(_article(text)).mentions}
    assert labels == {"TARKUS": "PRODUCT", "VELO": "PRODUCT"}


def _labels(text: str) -> dict[str, str]:
    return {m.text: m.label for m in analyze(_article(text)).mentions}


def test_a_title_before_capitalized_names_makes_a_person(nlp):
    labels = _labels(
        "Coastal MP Ansel Quiro emphasizes the need for new sea walls. Governor Nadia "
        "Feros said the island had been lucky, and opposition leader Rina Takeda agreed."
    )
    assert labels.get("Ansel Quiro") == "PERSON"
    assert labels.get("Nadia Feros") == "PERSON"
    assert labels.get("Rina Takeda") == "PERSON"
    assert not any("MP" in text for text in labels)  # the title is not part of the name


def test_a_name_after_a_preposition_of_place_is_a_place(nlp):
    labels = _labels(
        "The storm cracked the harbour wall in Marisol and flooded streets near Castelo "
        "Ruiva. Maria Velde, a fisher, lost her boat."
    )
    assert labels.get("Marisol") == "GPE"
    assert labels.get("Castelo Ruiva") in ("GPE", "LOC", "FAC")
    assert labels.get("Maria Velde") == "PERSON"


def test_wars_and_acts_are_not_people_but_kings_are(nlp):
    labels = _labels(
        "Analysts warned the border clash could spiral into World War III. "
        "King Arvid IV opened the bridge on Sunday."
    )
    assert labels.get("World War III") == "EVENT"
    assert labels.get("Arvid IV") == "PERSON"
    assert not any(label == "PERSON" and "War" in text for text, label in labels.items())


def test_person_titles_give_their_role(nlp):
    text = (
        '"We were lucky this time," said Governor Ana Saltes, who thanked volunteers.\n'
        "Prime Minister Elena Varga, opposition leader Marco Dell'Aria and Sen. Ray Holm met "
        "Tarvel MP Mariia Ionova and Mr. Tomas Reiner.\n"
        "The governor said the harbour would reopen."
    )
    a = analyze(_article(text))
    roles = {m.text: m.role for m in a.mentions if m.label == "PERSON"}
    assert roles["Ana Saltes"] == "governor"
    assert roles["Elena Varga"] == "prime minister"
    assert roles["Marco Dell'Aria"] == "opposition leader"
    assert roles["Ray Holm"] == "senator"
    assert roles["Mariia Ionova"] == "member of parliament"
    assert roles["Tomas Reiner"] is None  # "Mr." says nothing of what he does
    more = analyze(_article("Attorney General Ines Maro and Lt. Col. Jan Marek met Gov. Ilse "
                            "Brandt in Tarvel on Monday."))
    assert {m.text: m.role for m in more.mentions if m.label == "PERSON"} == {
        "Ines Maro": "attorney general", "Jan Marek": "lieutenant colonel",
        "Ilse Brandt": "governor"}
    assert _names(a)["governor"] == "Ana Saltes"


def test_a_demonym_names_whose_role_it_is_and_a_country_what_it_is_about(nlp):
    text = "Former Norway adviser Ilse Varga met Polish official Jan Marek in Tarvel."
    roles = {m.text: m.role for m in analyze(_article(text)).mentions if m.label == "PERSON"}
    assert roles == {"Ilse Varga": "adviser", "Jan Marek": "official of Poland"}


def test_weapons_and_plural_nouns_are_not_people(nlp):
    text = (
        "The Tarvel brigade fought with Abrams tanks and another Patriot missile battery.\n"
        '"Strikes are not made with words," Mayor Lena Strand said.'
    )
    labels = {m.text: m.label for m in analyze(_article(text)).mentions}
    assert labels.get("Abrams") == labels.get("Patriot") == "PRODUCT"
    assert "Strikes" not in labels
    assert labels["Lena Strand"] == "PERSON"
    # mid-sentence, a capital still marks a name the tagger took for a plural noun
    later = analyze(_article('"The rules failed," Figgins said in Tarvel on Monday.'))
    assert "Figgins" in {m.text for m in later.mentions if m.label == "PERSON"}
