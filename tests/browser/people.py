"""What a facilitator and a participant do in the browser, as small verbs over stable keys."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from playwright.sync_api import Page, expect

from booster.content import load_ui_strings

from .conftest import shot, wait_for_run


def key(page: Page, name: str):
    return page.locator(f".st-key-{name}")


def fill(page: Page, name: str, text: str) -> None:
    """Type into a text input or area and leave it (Tab), which is when Streamlit sends the value."""
    box = key(page, name).locator("input, textarea").first
    box.fill(text)
    box.press("Tab")
    wait_for_run(page)


def click(page: Page, name: str) -> None:
    # A button with help text is drawn twice (one copy for the tooltip, hidden on touch screens).
    key(page, name).locator("button:visible").first.click()
    wait_for_run(page)


def choose_radio(page: Page, name: str, option_text: str) -> None:
    key(page, name).get_by_text(option_text, exact=True).click()


def create_session(page: Page, url: str, title: str, pin: str, mode: str = "individual",
                   language: str = "English") -> str:
    """A new session whose participants use `language` (chosen, not the country's default)."""
    page.goto(url + "/new?role=facilitator")
    wait_for_run(page)
    key(page, "ns_title").locator("input").fill(title)
    key(page, "ns_language").get_by_role("combobox").click()
    page.get_by_role("option", name=language, exact=True).click()
    key(page, "ns_pin").locator("input").fill(pin)
    if mode == "group":
        key(page, "ns_mode").get_by_text(load_ui_strings().t("facilitator.mode_group", "en")).click()
    click(page, "create_session")
    code = key(page, "join_code").locator("code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{6}", code), code
    return code


def set_activity(page: Page, activity: str, action: str) -> None:
    """action: open or close; waits until the facilitator's own screen shows the new state.

    Under load (three participants' screens rerunning at once as the room changes) Streamlit 1.67
    occasionally drops a click that lands while the previous run is still drawing; a facilitator
    then clicks again, and so does this helper, once. A second lost click fails the test."""
    shows = key(page, f"{'close' if action == 'open' else 'open'}_{activity}")
    click(page, f"{action}_{activity}")
    try:
        expect(shows).to_be_visible(timeout=8_000)
    except AssertionError:
        print(f"click on {action}_{activity} had no effect; clicking again")
        click(page, f"{action}_{activity}")
        expect(shows).to_be_visible(timeout=8_000)


def join(page: Page, url: str, code: str, name: str, screenshot: str | None = None) -> None:
    page.goto(f"{url}/?code={code}")
    wait_for_run(page)
    key(page, "join_name").locator("input").fill(name)
    if screenshot:
        shot(page, screenshot)
    click(page, "join_button")
    expect(page).to_have_url(re.compile(r"[?&]t=p-"))
    wait_for_run(page)


def _settled_box(page: Page, locator) -> dict:
    """The element's box once the layout stops moving: Streamlit resizes a component's iframe after
    its first paint, and a drag aimed at the old coordinates drops the card in the wrong place."""
    box = locator.bounding_box()
    for _ in range(50):
        page.wait_for_timeout(100)
        again = locator.bounding_box()
        if again == box:
            return box
        box = again
    return box


def drag(page: Page, source, target) -> None:
    """A real pointer drag: press, move past the 10 px activation distance, travel, release.

    If the card did not land (the board was still settling), the person drags it again, once."""
    expect(source).to_be_visible()
    source_text = source.inner_text().strip()
    landed = target.get_by_text(source_text, exact=True)
    for attempt in range(2):
        source.scroll_into_view_if_needed()
        s, t = _settled_box(page, source), _settled_box(page, target)
        sx, sy = s["x"] + s["width"] / 2, s["y"] + s["height"] / 2
        page.mouse.move(sx, sy)
        page.mouse.down()
        page.mouse.move(sx + 5, sy + 15, steps=4)
        page.mouse.move(t["x"] + t["width"] / 2, t["y"] + t["height"] / 2, steps=25)
        page.mouse.move(t["x"] + t["width"] / 2 + 2, t["y"] + t["height"] / 2 + 2, steps=3)
        page.mouse.up()
        wait_for_run(page)  # a drop is saved by a rerun; let it finish before judging or retrying
        try:
            expect(landed).to_be_visible(timeout=10_000)
            break
        except AssertionError:
            if attempt:
                raise
            print(f"drag of {source_text!r} did not land; dragging again")


def sort_frame(page: Page):
    return page.frame_locator("iframe[title='streamlit_sortables.sortable_items']")


def give_feedback(page: Page, activity: str, score: str, comment: str) -> None:
    for question in ("ease", "relevance", "effectiveness"):
        key(page, f"fb_{activity}_{question}").locator("label").filter(
            has_text=re.compile(rf"^{score}( ·.*)?$")).click()
    key(page, f"fb_{activity}_confusing").locator("textarea").fill(comment)
    click(page, f"feedback_submit_{activity}")


def stored(data_dir: Path, *parts: str, timeout: float = 10.0, until=lambda doc: True) -> dict:
    """A saved document; waits for it (and for `until(doc)`), since a save lands just after the
    browser's event. Returns the last version read, so a failed wait shows what was stored."""
    path = data_dir.joinpath(*parts[:-1]) / f"{parts[-1]}.json"
    deadline = time.monotonic() + timeout
    while True:
        doc = json.loads(path.read_text()) if path.exists() else None
        if (doc is not None and until(doc)) or time.monotonic() > deadline:
            return doc if doc is not None else json.loads(path.read_text())
        time.sleep(0.1)


def participant_id(page: Page) -> str:
    return re.search(r"t=(p-[0-9a-f]+)\.", page.url).group(1)
