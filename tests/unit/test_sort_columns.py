from booster.live import sort_columns as sortboard

STEPS = ["scope", "engage"]
LABELS = {"persona": "Persona", "crazy_8": "Crazy 8", "map": "Stakeholder Map"}


def header(pile):
    return pile.upper()


def test_piles_are_unsorted_steps_unsure_then_own_groups():
    assert sortboard.piles(STEPS, {"pitch": "Pitch"}) == ["unsorted", "scope", "engage", "unsure", "custom:pitch"]


def test_shuffle_is_stable_per_participant_and_differs_between_them():
    deck = [f"c{i}" for i in range(20)]
    assert sortboard.shuffled(deck, "p-1") == sortboard.shuffled(deck, "p-1")
    assert sortboard.shuffled(deck, "p-1") != sortboard.shuffled(deck, "p-2")
    assert sorted(sortboard.shuffled(deck, "p-1")) == sorted(deck)


def test_containers_round_trip_to_the_same_placements():
    piles = sortboard.piles(STEPS)
    placements = {"persona": "engage", "crazy_8": "unsure"}
    containers = sortboard.to_containers(placements, list(LABELS), piles, header, LABELS.get)
    assert containers[0] == {"header": "UNSORTED", "items": ["Stakeholder Map"]}
    assert containers[2] == {"header": "ENGAGE", "items": ["Persona"]}
    back = sortboard.from_containers(containers, piles, header, {v: k for k, v in LABELS.items()})
    assert back == {"persona": "engage", "crazy_8": "unsure", "map": None}


def test_a_card_on_a_pile_that_no_longer_exists_shows_as_unsorted():
    containers = sortboard.to_containers({"persona": "custom:gone"}, ["persona"], sortboard.piles(STEPS),
                                         header, LABELS.get)
    assert containers[0]["items"] == ["Persona"]


def test_unknown_labels_and_headers_are_ignored():
    piles = sortboard.piles(STEPS)
    back = sortboard.from_containers([{"header": "NOPE", "items": ["Persona"]},
                                      {"header": "SCOPE", "items": ["<script>"]}], piles, header,
                                     {v: k for k, v in LABELS.items()})
    assert back == {}


def test_changed_reports_only_moved_cards():
    before = {"persona": "engage", "crazy_8": "design"}
    after = {"persona": "engage", "crazy_8": "unsure", "map": None}
    assert sortboard.changed(before, after) == {"crazy_8": "unsure"}
