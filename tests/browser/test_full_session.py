"""A whole pilot session in real browsers: a facilitator and three participants, one on a phone."""


import pytest
from playwright.sync_api import expect

from booster import workshop
from booster.content import load_content

from . import people as do
from .conftest import shot, wait_for_run

pytestmark = pytest.mark.browser

SERVICE = {"service_name": "Building permit applications", "user_group": "Small shop owners",
           "user_goal": "Open a shop legally within a month", "context": "Mostly on phones, evenings",
           "service_provider": "City licensing office", "challenge_statement": "We want to understand why "
           "applicants give up halfway"}
USERS = {"user_group": "Small shop owners", "user_profiles_0_name": "Rural seller",
         "user_profiles_0_description": "Sells from home, shares one phone",
         "priority_profiles_0_reason": "Faces the most barriers", "left_out": "People with disabilities"}
PICKS = {"user_characteristics": {"priority_profiles_0_name": "Rural seller"}}


def _card_sort(page, content, name, data_dir, code, phone=False):
    assert len(do.unsorted_cards(page)) == len(content.deck_card_ids(content.default_decks()))  # all drawn
    if phone:
        do.tap_place(page, "service_challenge", "scope")
    else:
        do.mouse_drag(page, "service_challenge", "scope")
    pid = do.participant_id(page)
    placed = do.stored(data_dir, code, "responses", pid, "card_sort",
                       until=lambda d: d["data"]["placements"])["data"]["placements"]
    assert placed == {"service_challenge": "scope"}, "the card really moved and it was saved"
    do.note_on_card(page, "persona", f"{name}: this label is unclear")
    do.stored(data_dir, code, "responses", pid, "card_sort", until=lambda d: d["data"]["comments"])
    shot(page, f"cardsort-{name}")
    do.click(page, "submit_sort")
    do.click(page, "confirm_submit_sort_button")
    do.give_feedback(page, "card_sort", "4", f"{name} found two cards alike")
    return pid


def _worksheet(page, activity, answers, name, reload_after=None):
    expect(do.box(page, f"ws_{activity}_{next(iter(answers))}")).to_be_visible(timeout=20_000)
    for index, (field, text) in enumerate(answers.items()):
        do.turn_to(page, activity, f"ws_{activity}_{field}_live")  # a long worksheet is shown a page at a time
        do.fill(page, f"ws_{activity}_{field}", text)
        if index == reload_after:
            page.reload()
            # Right after a reload the app may not have started its run yet: wait for the sheet itself,
            # on the page it showed (the URL names it).
            expect(do.box(page, f"ws_{activity}_{field}")).to_be_visible(timeout=20_000)
            wait_for_run(page)
            for earlier in list(answers)[: index + 1]:
                if earlier == field or do.box(page, f"ws_{activity}_{earlier}").count():  # on this page
                    expect(do.box(page, f"ws_{activity}_{earlier}")).to_have_value(
                        answers[earlier], timeout=20_000)  # a reload redraws the whole sheet first
    for field, option in PICKS.get(activity, {}).items():
        do.turn_to(page, activity, f"ws_{activity}_{field}")
        do.pick(page, f"ws_{activity}_{field}", option)
    shot(page, f"worksheet-{activity}-{name}")
    do.turn_to(page, activity, f"submit_{activity}")
    do.click(page, f"submit_{activity}")
    shot(page, f"feedback-{activity}-{name}")
    do.give_feedback(page, activity, "5", "Clear enough")


def test_a_whole_session(server, new_page):
    content = load_content("v1")
    facilitator = new_page()
    code = do.create_session(facilitator, server.url, "Pilot Jakarta", "2468")
    do.set_activity(facilitator, "card_sort", "open")
    shot(facilitator, "facilitator-board")

    names = ["Ayu", "Budi", "Citra"]
    pages = [new_page(), new_page(), new_page(phone=True)]
    for page, name in zip(pages, names):
        do.join(page, server.url, code, name, screenshot=f"join-{name}")
    pids = [_card_sort(page, content, name, server.data_dir, code, phone=index == 2)
            for index, (page, name) in enumerate(zip(pages, names))]

    do.set_activity(facilitator, "card_sort", "close")
    do.set_activity(facilitator, "service_challenge", "open")
    for page, name in zip(pages, names):
        _worksheet(page, "service_challenge", SERVICE, name, reload_after=2)

    do.set_activity(facilitator, "service_challenge", "close")
    do.set_activity(facilitator, "user_characteristics", "open")
    for page, name in zip(pages, names):
        _worksheet(page, "user_characteristics", USERS, name, reload_after=1)

    expect(do.key(facilitator, "board_joined").locator("[data-testid=stMetricValue]")).to_have_text("3")
    shot(facilitator, "facilitator-board-end")

    for pid, name in zip(pids, names):
        sort = do.stored(server.data_dir, code, "responses", pid, "card_sort")
        assert sort["status"] == "submitted"
        assert sort["data"]["placements"]["service_challenge"] == "scope"
        assert list(sort["data"]["comments"].values()) == [f"{name}: this label is unclear"]
        sheet = do.stored(server.data_dir, code, "responses", pid, "service_challenge")
        assert sheet["data"]["answers"] == SERVICE and sheet["status"] == "submitted"
        users = do.stored(server.data_dir, code, "responses", pid, "user_characteristics")["data"]["answers"]
        assert users["user_group"] == USERS["user_group"] and users["left_out"] == USERS["left_out"]
        # The first profile is the one every screen of a table starts with: matched by position, no id;
        # the priority profile stores that pick (`#0`), read back as the profile's current name.
        assert users["priority_profiles"][0] == {"name": "#0", "reason": "Faces the most barriers"}
        assert workshop.picked_name(users, "user_profiles", "#0") == "Rural seller"
        feedback = do.stored(server.data_dir, code, "feedback", pid, "card_sort")["answers"]
        assert feedback["ease"] == 4 and feedback["confusing"] == f"{name} found two cards alike"


def test_a_pause_in_typing_saves_the_field_and_a_reload_keeps_it(server, new_page):
    facilitator = new_page()
    code = do.create_session(facilitator, server.url, "Pilot Bandung", "2468")
    do.set_activity(facilitator, "service_challenge", "open")
    page = new_page(phone=True)
    do.join(page, server.url, code, "Dewi")
    box = do.box(page, "ws_service_challenge_service_name")
    box.press_sequentially("Izin usaha mikro", delay=40)  # no Tab, no Enter: the participant just stops
    pid = do.participant_id(page)
    saved = do.stored(server.data_dir, code, "responses", pid, "service_challenge",
                      until=lambda doc: doc["data"]["answers"].get("service_name") == "Izin usaha mikro")
    assert saved["data"]["answers"] == {"service_name": "Izin usaha mikro"}
    page.reload()
    wait_for_run(page)
    expect(do.box(page, "ws_service_challenge_service_name")).to_have_value("Izin usaha mikro")
