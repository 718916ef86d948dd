"""Syndicated copies are found; different reports of the same event are not."""

from __future__ import annotations

from consilience.dedup import Deduper, Signature, pick_original, signature
from consilience.records import Article

WIRE = (
    "A freight train derailed near the village of Ostrava Mala early on Friday, spilling "
    "diesel into the Lesna river and forcing the evacuation of about 400 residents, the "
    "regional fire service said. Eleven of the train's 32 wagons left the tracks on a bend "
    "about two kilometres east of the station. Nobody was hurt, the operator said, but the "
    "line between the two cities will stay closed until at least Monday while cranes lift "
    "the wagons. Environmental officials placed floating barriers across the river and "
    "warned people living downstream not to draw water from their wells until tests show "
    "the water is safe. The cause of the derailment is under investigation."
)
OWN_REPORT = (
    "Residents of Ostrava Mala were told to leave their homes on Friday after a goods train "
    "came off the rails outside the village. Firefighters said fuel had leaked into the "
    "river. The rail operator has opened an inquiry and says services will resume next week. "
    "Local farmers worry about their fields along the river banks, where the water spread "
    "during the morning, and the mayor asked the government for emergency help."
)


def test_syndicated_copy_with_extra_paragraph_is_a_near_duplicate():
    dd = Deduper(threshold=0.8)
    dd.add("wire", signature(WIRE))
    copy = WIRE + " Our reporter at the scene saw tanker lorries queueing to pump out the fuel."
    matches = dd.candidates(signature(copy))
    assert [m.original_id for m in matches] == ["wire"]
    assert matches[0].similarity >= 0.9


def test_truncated_copy_is_a_near_duplicate():
    dd = Deduper()
    dd.add("wire", signature(WIRE))
    cut = WIRE[: int(len(WIRE) * 0.7)]
    assert [m.original_id for m in dd.candidates(signature(cut))] == ["wire"]


def test_independent_report_of_same_event_is_not_a_duplicate():
    dd = Deduper()
    dd.add("wire", signature(WIRE))
    assert dd.candidates(signature(OWN_REPORT)) == []


def test_signature_round_trips_through_bytes():
    sig = signature(WIRE)
    back = Signature.from_bytes(sig.to_bytes())
    assert back.size == sig.size
    assert back.minhash.jaccard(sig.minhash) == 1.0
    dd = Deduper()
    dd.load([("wire", sig.to_bytes())])
    assert dd.candidates(signature(WIRE))[0].original_id == "wire"


def test_original_is_earliest_published_whatever_the_order():
    early = Article(id="b", source="b", outlet="B", title="t", published="2025-01-02")
    late = Article(id="a", source="a", outlet="A", title="t", published="2025-01-03")
    assert pick_original(late, [early]) is early
    assert pick_original(early, [late]) is None  # the new one is the original


def test_original_without_dates_is_stable_across_orders():
    x = Article(id="x1", source="x", outlet="X", title="t")
    y = Article(id="y1", source="y", outlet="Y", title="t")
    assert pick_original(y, [x]) is x
    assert pick_original(x, [y]) is None
