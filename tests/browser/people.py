"""What a facilitator and a participant do in the browser, as small verbs over stable keys."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from playwright.sync_api import Page, expect

from booster.content import load_ui_strings

from .conftest import RUN_MS, WAIT_MS, shot, wait_for_run


def key(page: Page, name: str):
    return page.locator(f".st-key-{name}")


def box(page: Page, name: str, live: bool = True):
    """The input or text area of a live text field (our component): a worksheet's, key
    `<name>_live`, or (live=False) a feedback question's, key `<name>`."""
    return key(page, f"{name}_live" if live else name).locator("input, textarea")


def fill(page: Page, name: str, text: str, live: bool = True) -> None:
    """Type into a live text field and leave it (Tab): the live field sends it at once."""
    target = box(page, name, live)
    target.fill(text)
    target.press("Tab")
    wait_for_run(page)


def pick(page: Page, name: str, option: str) -> None:
    """Choose an option of a select box (a priority profile from the profiles written above)."""
    wait_for_run(page)
    box = key(page, name).get_by_role("combobox")
    box.click()
    choice = page.get_by_role("option", name=option, exact=True)
    try:
        expect(choice).to_be_visible(timeout=5_000)
    except AssertionError:  # the list closed when a rerun redrew the sheet under it: open it again
        print(f"the options of {name} did not open; clicking again")
        box.click()
    choice.click()
    wait_for_run(page)
    expect(key(page, name).get_by_role("combobox")).to_have_value(option)


def click(page: Page, name: str) -> None:
    # A button with help text is drawn twice (one copy for the tooltip, hidden on touch screens).
    key(page, name).locator("button:visible").first.click()
    wait_for_run(page)


def turn_to(page: Page, activity: str, name: str) -> None:
    """Turn the worksheet's pages with Next, as a participant does, until the element keyed `name` (a
    field's widget key, or `<field>_live` for a text field) is on the screen."""
    target = key(page, name)
    for _ in range(5):
        wait_for_run(page)
        if target.count():
            return
        click(page, f"ws_next_{activity}")
    raise AssertionError(f"no page of {activity} shows {name}")


def until(page: Page, act, settled, tries: int = 3) -> None:
    """Do `act()` until `settled(timeout_ms)` (an expect) holds, at most `tries` times, the page's runs
    ended between tries. For a click that under load sometimes does not take (a list that closes
    again, a box left unticked): what is waited for is the state, never a time."""
    for attempt in range(tries):
        act()
        try:
            settled(7_000)
            return
        except AssertionError:
            if attempt == tries - 1:
                raise
            wait_for_run(page)


def check(page: Page, name: str) -> None:
    """Tick the checkbox with key `name` (under load a click on a box just drawn, in a box still
    opening above it, once left it unticked for 20 s)."""
    box = key(page, name).locator("input")
    until(page, lambda: box.is_checked() or key(page, name).locator("label").click(),  # a late tick stays
          lambda ms: expect(box).to_be_checked(timeout=ms))


def create_session(page: Page, url: str, title: str, pin: str, mode: str = "individual",
                   language: str = "English") -> str:
    """A new session whose participants use `language` (chosen, not the country's default)."""
    page.goto(url + "/new?role=facilitator")
    wait_for_run(page)
    key(page, "ns_title").locator("input").fill(title)
    chosen = key(page, "ns_language").get_by_role("combobox")
    chosen.click()
    page.get_by_role("option", name=language, exact=True).click()
    expect(chosen).to_have_value(language)
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


def board(page: Page):
    """The card-sort board (our own component; Playwright's CSS locators reach into its shadow root)."""
    return key(page, "sort_board")


def board_card(page: Page, card: str, pile: str | None = None):
    """A card on the board: anywhere, on one step's pile, or ("") among the cards to sort."""
    if pile is None:
        return board(page).locator(f"[data-card='{card}']")
    where = ".deck" if pile == "" else f".pile[data-drop='{pile}']"
    return board(page).locator(f"{where} [data-card='{card}']")


def tray_destination(page: Page, pile: str):
    return board(page).locator(f".tray .dest[data-drop='{pile}']")


def tap_place(page: Page, card: str, pile: str) -> None:
    """Tap a card, then its step in the tray (count what that took with `count_taps`)."""
    board_card(page, card).locator(".card-main").tap()
    tray_destination(page, pile).tap()
    expect(board_card(page, card, pile)).to_be_visible()


def count_taps(page: Page) -> None:
    """From now on, count every touch the page receives (touchstart reaches the document from the
    board's shadow root too); read the count with `taps`."""
    page.evaluate("""() => { window.boosterTaps = 0;
        document.addEventListener('touchstart', () => { window.boosterTaps += 1; }, {capture: true}); }""")


def taps(page: Page) -> int:
    return page.evaluate("() => window.boosterTaps")


def _touch(cdp, kind: str, x: float = 0, y: float = 0) -> None:
    points = [] if kind == "touchEnd" else [{"x": x, "y": y}]
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})


def _centre(locator) -> tuple[float, float]:
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def touch_drag(page: Page, card: str, pile: str) -> None:
    """A finger drag by the card's handle onto a step of the tray that opens while dragging
    (real touch events through the DevTools protocol: Playwright's touchscreen only taps)."""
    grip = board_card(page, card).locator(".grip")
    # To the middle of the screen: at its top edge a "Saved" toast may lie over the handle.
    grip.evaluate("el => el.scrollIntoView({block: 'center'})")
    cdp = page.context.new_cdp_session(page)
    x, y = _centre(grip)
    _touch(cdp, "touchStart", x, y)
    for step in range(1, 5):
        _touch(cdp, "touchMove", x + 3 * step, y + 3 * step)
    target = tray_destination(page, pile)
    expect(target).to_be_visible()
    tx, ty = _centre(target)
    for step in range(1, 11):
        _touch(cdp, "touchMove", x + (tx - x) * step / 10, y + (ty - y) * step / 10)
    _touch(cdp, "touchEnd")
    cdp.detach()
    expect(board_card(page, card, pile)).to_be_visible()


def mouse_drag(page: Page, card: str, pile: str) -> None:
    """A laptop drag: press on the card, move past the start distance, drop on the step in the tray
    that opens at the bottom of the screen while dragging (always in view, unlike the piles below)."""
    source = board_card(page, card).locator(".card-main")
    target = tray_destination(page, pile)
    source.scroll_into_view_if_needed()
    sx, sy = _centre(source)
    page.mouse.move(sx, sy)
    page.mouse.down()
    page.mouse.move(sx + 10, sy + 10, steps=3)
    expect(board(page).locator(".tray")).to_be_visible()  # the drag has started
    tx, ty = _centre(target)
    page.mouse.move(tx, ty, steps=10)
    page.mouse.up()
    expect(board_card(page, card, pile)).to_be_visible()


def note_on_card(page: Page, card: str, comment: str, phone: bool = False) -> None:
    """Open a card from the board, write a comment, save it (with taps on a phone)."""
    press = (lambda loc: loc.tap()) if phone else (lambda loc: loc.click())
    press(board_card(page, card).locator(".card-main"))
    press(board(page).locator(".tray .note-open"))
    board(page).locator(".tray textarea.comment").fill(comment)
    press(board(page).locator(".tray .note-save"))
    expect(board(page).locator(".tray")).to_be_hidden()


def unsorted_cards(page: Page) -> list[str]:
    expect(board(page).locator("[data-card]").first).to_be_visible()
    return board(page).locator(".deck [data-card]").evaluate_all("els => els.map(e => e.dataset.card)")


def give_feedback(page: Page, activity: str, score: str, comment: str) -> None:
    """Rate the three questions (each rating is kept by its own run) and send the feedback."""
    for question in ("ease", "relevance", "effectiveness"):
        choice = key(page, f"fb_{activity}_{question}").locator("label").filter(
            has_text=re.compile(rf"^{score}( ·.*)?$"))
        choice.click()
        wait_for_run(page)
        expect(choice.locator("input")).to_be_checked()
    fill(page, f"fb_{activity}_confusing", comment, live=False)
    click(page, f"feedback_submit_{activity}")


def stored(data_dir: Path, *parts: str, timeout: float = WAIT_MS / 1000, until=lambda doc: True) -> dict:
    """A saved document; waits for it (and for `until(doc)`), since a save lands just after the
    browser's event, as long as a browser wait would. Returns the last version read, so a failed
    wait shows what was stored."""
    path = data_dir.joinpath(*parts[:-1]) / f"{parts[-1]}.json"
    deadline = time.monotonic() + timeout
    while True:
        doc = json.loads(path.read_text()) if path.exists() else None
        if (doc is not None and until(doc)) or time.monotonic() > deadline:
            return doc if doc is not None else json.loads(path.read_text())
        time.sleep(0.1)


def participant_id(page: Page) -> str:
    return re.search(r"t=(p-[0-9a-f]+)\.", page.url).group(1)


WORKER_MS = 120_000  # an export made by the worker process: spawning it and loading the store, on a loaded machine


def prepared_download(page: Page, name: str, prepare: str | None = None, timeout: int = RUN_MS):
    """Press "Prepare" (key `prepare`, else prep_<name>) for the file whose download button has key
    `name`, then download it once it is offered (ui/prepared_file.py); the Playwright Download. Making
    it may take a run's time on a loaded machine; the download itself is of bytes already there."""
    click(page, prepare or f"prep_{name}")
    ready = key(page, name).locator("button")
    expect(ready).to_be_visible(timeout=timeout)
    with page.expect_download() as download:
        ready.click()
    return download.value


def worker_download(page: Page, kind: str):
    """An analyst's export made by the worker process (ui.analysis_view.prepared_downloads): "csv", "xlsx", "html"."""
    return prepared_download(page, f"dl_{kind}", prepare=f"prep_{kind}", timeout=WORKER_MS)
