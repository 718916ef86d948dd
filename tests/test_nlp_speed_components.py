"""The fast attribute_ruler and lemmatizer give exactly what the stock components give.

``consilience.analyze.nlp.load()`` swaps the model's attribute_ruler and rule lemmatizer for
the vectorized ones in ``consilience.analyze.fastrules``; everything downstream (claims,
quantities, dates) relies on the annotations being unchanged, token for token.
"""

from __future__ import annotations

import numpy as np
import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, ORTH, POS, TAG

from consilience.analyze.fastrules import FastAttributeRuler, FastEnglishLemmatizer

pytestmark = pytest.mark.slow

# Fictional news, written for this test: quotes, contractions ("don't", "'s", "won't",
# "ain't"), figures, tenses, proper nouns, "there is" (an expletive that the ruler turns into
# a VERB), and the colloquial multi-token patterns of the ruler ("gonna", "gotta", "let's",
# "y'all", "c'mon").
PARAGRAPHS = [
    'The Harbourview council said on Tuesday that 1,240 residents had been evacuated after '
    'the Marlow Dam gave way. "We don\'t know yet how many homes were lost," Mayor Ines '
    "Okafor told the Tallis Gazette. She'd visited the site twice and won't rule out more "
    "closures.",
    "Flooding has cut the A41 in three places, and engineers are inspecting 17 bridges. The "
    "region's emergency fund, worth $4.5 million, is being released today; officials say it "
    "will cover about 60% of the repairs. Smith's team has estimated the damage at 12 million "
    "euros.",
    "There is little doubt the storm was the worst since 1998. There were 3 deaths, and there "
    "are reports of 40 injured. \"It ain't over,\" said Captain Rui Benn of the Calder Coast "
    "Guard. \"We're gonna be here all week, and we've gotta keep the roads open. Let's be "
    'clear: y\'all should stay home. C\'mon, folks, don\'t drive."',
    "Prices rose 2.3 per cent in May, the Office for Figures reported, while wages grew by "
    "1.1 per cent. Economists had expected a smaller rise; some now think the bank will raise "
    "rates again in September. \"I'd have done it sooner,\" one analyst wrote.",
    "Did the ministry know? It did, according to documents seen by the Orland Post, and it "
    "has admitted that it had been warned in 2029. The minister, who has resigned, says she "
    "does not remember the memo.\n\n  Reporting by Ana Vey;\tediting by Tom Lusk.",
    "  ",
    "",
]

ATTRS = [ORTH, POS, TAG, MORPH, LEMMA, DEP, HEAD, ENT_TYPE, ENT_IOB]


@pytest.fixture(scope="module")
def stock():
    import spacy

    from consilience.analyze.nlp import MODEL

    return spacy.load(MODEL)


def _views(doc):
    return [(t.text, t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_, t.ent_type_) for t in doc]


def test_the_fast_components_replace_the_stock_ones_in_place(nlp, stock):
    assert nlp.pipe_names == stock.pipe_names
    assert isinstance(nlp.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), FastEnglishLemmatizer)
    assert nlp.get_pipe("attribute_ruler").patterns == stock.get_pipe("attribute_ruler").patterns


def test_annotations_are_identical_to_the_stock_pipeline(nlp, stock):
    text = "\n\n".join(PARAGRAPHS)
    # Twice: the second pass is answered from the caches the first one filled.
    for _ in range(2):
        docs = [nlp(text), *nlp.pipe(PARAGRAPHS, batch_size=2)]
        expected = [stock(text), *stock.pipe(PARAGRAPHS, batch_size=2)]
        for got, want in zip(docs, expected, strict=True):
            assert _views(got) == _views(want)
            assert np.array_equal(got.to_array(ATTRS), want.to_array(ATTRS))


def test_the_rules_that_span_two_tokens_are_applied(nlp):
    doc = nlp(PARAGRAPHS[2])
    lemma = {t.text: t.lemma_ for t in doc}
    assert lemma["na"] == "to" and lemma["gon"] == "go"  # "gonna"
    assert lemma["ta"] == "to"  # "gotta"
    assert lemma["'s"] == "us"  # "Let's"
    assert lemma["ai"] == "be"  # "ain't"
    there = [t for t in doc if t.lower_ == "there" and t.dep_ == "expl"]
    assert there and all(t.nbor().pos_ == "VERB" for t in there)
