"""A whole pilot session in real browsers: a facilitator and three participants, one on a phone."""


import pytest
from playwright.sync_api import expect

from booster.content import load_content, load_ui_strings

from . import people as do
from .conftest import shot, wait_for_run

pytestmark = pytest.mark.browser

SERVICE = {"service_name": "Building permit applications", "user_group": "Small shop owners",
           "user_goal": "Open a shop legally within a month", "context": "Mostly on phones, evenings",
           "service_provider": "City licensing office", "challenge_statement": "We want to understand why "
           "applicants give up halfway"}
USERS = {"user_group": "Small shop owners", "user_profiles_0_name": "Rural seller",
         "user_profiles_0_description": "Sells from home, shares one phone", "priority_profiles_0_name":
         "Rural seller", "priority_profiles_0_reason": "Faces the most barriers", "left_out": "People with "
         "disabilities"}


def _drag_card(page, content, card, step):
    frame = do.sort_frame(page)
    source = frame.locator(".sortable-item", has_text=content.card_label(card, "en")).first
    header = f"{content.steps[[s.id for s in content.steps].index(step)].number}. {content.step_name(step, 'en')}"
    target = frame.locator(".sortable-container").filter(
        has=frame.locator(".sortable-container-header", has_text=header)).locator(".sortable-container-body")
    do.drag(page, source, target)


def _card_sort(page, content, name, data_dir, code):
    ui = load_ui_strings()
    expect(do.sort_frame(page).locator(".sortable-item").first).to_be_visible()
    expect(do.sort_frame(page).locator(".sortable-item")).to_have_count(len(content.card_ids()))  # all drawn
    _drag_card(page, content, "service_challenge", "scope")
    pid = do.participant_id(page)
    placed = do.stored(data_dir, code, "responses", pid, "card_sort")["data"]["placements"]
    assert placed == {"service_challenge": "scope"}, "the drag really moved the card and it was saved"
    wait_for_run(page)  # the save lands mid-run; let that run redraw the board before typing a note
    page.get_by_role("tab", name=ui.t("cardsort.tab_choose", "en")).click()
    comment_box = page.locator("[class*='st-key-comment_'] textarea").first
    comment_box.fill(f"{name}: this label is unclear")
    do.click(page, "place_card")
    shot(page, f"cardsort-{name}")
    do.click(page, "submit_sort")
    do.click(page, "confirm_submit_sort_button")
    do.give_feedback(page, "card_sort", "4", f"{name} found two cards alike")
    return pid


def _worksheet(page, activity, answers, name, reload_after=None):
    expect(do.key(page, f"ws_{activity}_{next(iter(answers))}")).to_be_visible(timeout=20_000)
    for index, (field, text) in enumerate(answers.items()):
        do.fill(page, f"ws_{activity}_{field}", text)
        if index == reload_after:
            page.reload()
            # Right after a reload the app may not have started its run yet: wait for the sheet itself.
            expect(do.key(page, f"ws_{activity}_{next(iter(answers))}")).to_be_visible(timeout=20_000)
            wait_for_run(page)
            for earlier in list(answers)[: index + 1]:
                expect(do.key(page, f"ws_{activity}_{earlier}").locator("input, textarea").first).to_have_value(
                    answers[earlier])
    shot(page, f"worksheet-{activity}-{name}")
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
    pids = [_card_sort(page, content, name, server.data_dir, code) for page, name in zip(pages, names)]

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
        # The first profile is the one every screen of a table starts with: matched by position, no id.
        assert users["priority_profiles"][0] == {"name": "Rural seller", "reason": "Faces the most barriers"}
        feedback = do.stored(server.data_dir, code, "feedback", pid, "card_sort")["answers"]
        assert feedback["ease"] == 4 and feedback["confusing"] == f"{name} found two cards alike"


def test_a_pause_in_typing_saves_the_field_and_a_reload_keeps_it(server, new_page):
    facilitator = new_page()
    code = do.create_session(facilitator, server.url, "Pilot Bandung", "2468")
    do.set_activity(facilitator, "service_challenge", "open")
    page = new_page(phone=True)
    do.join(page, server.url, code, "Dewi")
    box = do.key(page, "ws_service_challenge_service_name").locator("input")
    box.press_sequentially("Izin usaha mikro", delay=40)  # no Tab, no Enter: the participant just stops
    pid = do.participant_id(page)
    saved = do.stored(server.data_dir, code, "responses", pid, "service_challenge",
                      until=lambda doc: doc["data"]["answers"].get("service_name") == "Izin usaha mikro")
    assert saved["data"]["answers"] == {"service_name": "Izin usaha mikro"}
    page.reload()
    wait_for_run(page)
    expect(do.key(page, "ws_service_challenge_service_name").locator("input")).to_have_value("Izin usaha mikro")
