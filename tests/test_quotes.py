"""Quotes: the quoted words, with the speaker named, resolved or described."""

from __future__ import annotations


def _quotes(claims_of, text, **kw):
    return [c for c in claims_of(text, **kw) if c.kind == "quote"]


def test_said_after_the_quote_with_a_pronoun(claims_of):
    text = (
        "Defence Minister Hana Brück visited the depot on Monday.\n"
        "“The depot will reopen within a month,” she said. “We have the engineers.”"
    )
    quotes = _quotes(claims_of, text)
    assert [(q.text, q.speaker) for q in quotes] == [
        ("The depot will reopen within a month", "Hana Brück"),
        ("We have the engineers.", "Hana Brück"),  # continues the same speaker
    ]


def test_speaker_named_after_the_verb_or_before_it(claims_of):
    text = (
        '"The line holds," said Tomas Lindqvist, the garrison commander.\n'
        'Councillor Ada Mensah argues, "Nobody asked the fishermen what they need."\n'
        "Mensah insists, 'We will not back down.'\n"
        '"The figures are wrong," Lindqvist told reporters.'
    )
    got = [(q.text, q.speaker) for q in _quotes(claims_of, text)]
    assert got == [
        ("The line holds", "Tomas Lindqvist"),
        ("Nobody asked the fishermen what they need.", "Ada Mensah"),
        ("We will not back down.", "Ada Mensah"),
        ("The figures are wrong", "Tomas Lindqvist"),
    ]


def test_according_to_and_as_put_it(claims_of):
    text = (
        "The convoy was delayed by fog, according to Mayor Ilse Varga, who called it "
        '"the worst in years".\n'
        'It took only a day for the "bridge to pay for itself," as Varga put it.'
    )
    got = {(q.text, q.speaker) for q in _quotes(claims_of, text)}
    assert got == {("the worst in years", "Ilse Varga"), ("bridge to pay for itself", "Ilse Varga")}


def test_partial_quote_with_a_speech_verb(claims_of):
    text = 'Senator Idris Okafor called the plan "reckless" on Tuesday.'
    quotes = _quotes(claims_of, text)
    assert [(q.text, q.speaker, q.about) for q in quotes] == [("reckless", "Idris Okafor", "call")]


def test_scare_quotes_are_not_quotes(claims_of):
    text = (
        'The river was a "red line" for the Tarvel council.\n'
        'Engineers inspected the "unitary" design and the so-called "kill zone" of the dam.\n'
        "The festival showed the documentary “Nine Days in Orlova.”"
    )
    assert _quotes(claims_of, text) == []


def test_unnamed_speaker_is_described(claims_of):
    text = (
        "“The decision came after weeks of pressure,” said a senior Tarvel official, who "
        "requested anonymity. “This is a defensive step.”"
    )
    quotes = _quotes(claims_of, text)
    assert [(q.speaker, q.speaker_description) for q in quotes] == [
        (None, "a senior Tarvel official"),
        (None, "a senior Tarvel official"),
    ]


def test_quote_spanning_sentences(claims_of):
    text = (
        'Harbour master Pia Solberg said: "The storm broke two moorings. We moved the '
        'ferries inland. Nobody was hurt."'
    )
    quotes = _quotes(claims_of, text)
    assert len(quotes) == 1
    q = quotes[0]
    assert q.text.startswith("The storm") and q.text.endswith("Nobody was hurt.")
    assert q.speaker == "Pia Solberg"
    assert q.sentence_end > q.sentence_start


def test_quote_after_a_colon_paragraph(claims_of):
    text = 'The harbour master, Pia Solberg, said:\n"Nobody was hurt in the storm."'
    quotes = _quotes(claims_of, text)
    assert [(q.text, q.speaker) for q in quotes] == [
        ("Nobody was hurt in the storm.", "Pia Solberg")
    ]


def test_apostrophes_are_not_quote_marks(claims_of):
    text = "The mayor’s office didn’t comment, and the ferries’ owners stayed silent."
    assert _quotes(claims_of, text) == []


def test_stated_and_pronoun_before_the_quote(claims_of):
    text = (
        "Finance Minister Rasa Vilkaite presented the budget on Monday.\n"
        'She stated, "Every ferry line will keep its subsidy."'
    )
    [q] = _quotes(claims_of, text)
    assert (q.text, q.speaker, q.about) == (
        "Every ferry line will keep its subsidy.", "Rasa Vilkaite", "state"
    )


def test_she_is_the_subject_before_not_a_town_or_a_name_in_passing(claims_of):
    text = (
        "A storm struck the coast on Monday, cracking the harbour wall in Marisol.\n\n"
        "Mayor Ilka Brandt said the town owed much to Tomas Vell, who led the volunteers. "
        '"We were fortunate this time, but we must raise the sea wall," she said.'
    )
    [q] = _quotes(claims_of, text)
    assert (q.speaker, q.attribution) == ("Ilka Brandt", "pronoun")


def test_attribution_says_how_the_speaker_was_found(claims_of):
    text = (
        '"The ferries run again," said Pia Solberg, the harbour master, on Tuesday. '
        '"Every berth is open."\n\n'
        "Councillor Ada Mensah toured the quay. “We will pay for the repairs,” she said.\n\n"
        "“The insurers have not paid a cent,” said a senior port official."
    )
    got = [(q.speaker, q.speaker_description, q.attribution) for q in _quotes(claims_of, text)]
    assert got == [
        ("Pia Solberg", None, "explicit"),
        ("Pia Solberg", None, "previous"),
        ("Ada Mensah", None, "pronoun"),
        (None, "a senior port official", "description"),
    ]


def test_a_quote_without_a_speaker_has_no_attribution(claims_of):
    text = "The notice on the gate was short. “The bridge stays closed until the spring.”"
    [q] = _quotes(claims_of, text)
    assert (q.speaker, q.attribution) == (None, None)


def test_a_titled_name_the_model_misses_is_the_full_speaker(claims_of):
    text = (
        "Harbour MP Oskar Vintner questioned the dredging plan on Friday. "
        'Vintner argues, "The channel will silt up within a year."'
    )
    [q] = _quotes(claims_of, text)
    assert (q.speaker, q.attribution) == ("Oskar Vintner", "explicit")


def test_surname_and_full_name_are_one_speaker_across_a_set(nlp):
    from consilience.analyze import analyze, apply_canonical, canonicalize_entities
    from consilience.records import Article

    texts = [
        '"We were fortunate this time," said Governor Ilka Brandt, who thanked volunteers.',
        'Brandt praised the crews. "The cliff road is open again," Brandt said on Sunday.',
    ]
    analyses = [
        analyze(Article(source=f"{i}.txt", outlet=f"o{i}", title="t", text=t).ensure_ids())
        for i, t in enumerate(texts)
    ]
    apply_canonical(analyses, canonicalize_entities(analyses))
    speakers = {c.speaker for a in analyses for c in a.claims if c.kind == "quote"}
    assert speakers == {"Ilka Brandt"}
