"""The room: a facilitator, a projector (1920x1080) and three phones, in real browsers.

The projector shows the join code large and a QR code that decodes to the join link; the room
timer counts on all three kinds of screen; pause and +1 min reach the phones and the projector by
their own polling (how soon is measured by bench/bench_load.py, not here); reveal shows the debrief on the projector and on a 360 px phone
without sideways scrolling; the board's same-day workbook, prepared while the phones poll, downloads
at once and holds the session's sorts.
"""

from __future__ import annotations

import contextlib
import io
import re
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from booster import workshop
from booster.content import load_content, load_ui_strings
from booster.live import projector
from booster.store import FileStore

from .conftest import RUN_MS, new_context, shot, wait_for_run
from .people import click, create_session, join, key, participant_id

pytestmark = pytest.mark.browser  # the run-wide 600 s timeout (120 s seen on a busy machine)
EN = load_ui_strings()


_MEASURE = """() => {
    const main = document.querySelector('[data-testid=stMain]');
    const doc = document.scrollingElement;
    return {docW: doc.scrollWidth, docH: doc.scrollHeight, w: innerWidth, h: innerHeight,
            mainW: main.scrollWidth, mainCW: main.clientWidth, mainH: main.scrollHeight, mainCH: main.clientHeight};
}"""
_FITS = "m.docW <= m.w && m.docH <= m.h && m.mainH <= m.mainCH + 1"
_NO_SIDEWAYS = "m.docW <= m.w && m.mainW <= m.mainCW"


def _laid_out(page, rule: str) -> None:
    """The page and Streamlit's scrolling main area, measured against `rule` (nothing may scroll on
    the wall; on a phone nothing may scroll sideways). Measured once the layout meets it or has had a
    wait's time to: a screen that polls may be mid-redraw (an old element beside its new copy)."""
    with contextlib.suppress(PlaywrightTimeout):  # the assertion below shows the measurements
        page.wait_for_function(f"() => {{ const m = ({_MEASURE})(); return {rule}; }}")
    m = page.evaluate(_MEASURE)
    assert page.evaluate(f"(m) => {rule}", m), m


def _fits(page) -> None:
    _laid_out(page, _FITS)


def _no_sideways_scroll(page) -> None:
    _laid_out(page, _NO_SIDEWAYS)


def _decoded_qr(page) -> list[str]:
    image = Image.open(io.BytesIO(key(page, "proj_qr").locator("img").screenshot()))
    return [r.text for r in zxingcpp.read_barcodes(image)]


def _submit_sorts(data_dir, code: str, pids: list[str]) -> None:
    """The three phones' card sorts, written as the board would (the sorting itself has its own tests)."""
    store, content = FileStore(data_dir), load_content("v1")
    deck = workshop.get_session(store, code).deck(content)
    for i, pid in enumerate(pids):
        placements = {card: content.card(card).intended_step for card in deck}
        placements["persona"] = ["understand", "design", "unsure"][i]
        workshop.save_sort(store, code, pid, placements, deck, by=pid)
        workshop.submit(store, code, pid, "card_sort", by=pid)



def _grown(page, selector: str, pixels: float) -> None:
    """Wait until the element's box is at least `pixels` high and wide (state, not time)."""
    page.wait_for_function(
        "([sel, px]) => { const e = document.querySelector(sel);"
        " if (!e) return false; const r = e.getBoundingClientRect();"
        " return r.height >= px && r.width >= Math.min(px, window.innerWidth / 2); }",
        arg=[selector, pixels], timeout=20_000)


def test_projector_timer_and_debrief_follow_the_facilitator(server, new_page, browser):
    facilitator = new_page()
    code = create_session(facilitator, server.url, "Uji coba ruang", "4826")
    link = facilitator.get_by_role("link", name=EN.t("facilitator.projector", "en"))
    wall_url = link.get_attribute("href")
    # The link carries the session's view key, never its PIN (the key is drawn from the PIN's hash and the uid).
    view = parse_qs(urlparse(wall_url).query)["view"]
    assert view == [projector.view_token(FileStore(server.data_dir), code)]

    wall_ctx = new_context(browser, viewport={"width": 1920, "height": 1080})
    wall = wall_ctx.new_page()
    try:
        wall.goto(wall_url)
        wait_for_run(wall)
        expect(key(wall, "proj_code")).to_have_text(code)
        _grown(wall, ".st-key-proj_code", 0.10 * 1080)  # the wall's CSS and the QR image arrive after the text
        _grown(wall, ".st-key-proj_qr img", 0.50 * 1080)
        code_box, qr_box = key(wall, "proj_code").bounding_box(), key(wall, "proj_qr").locator("img").bounding_box()
        assert code_box["height"] >= 0.10 * 1080, code_box
        assert min(qr_box["width"], qr_box["height"]) >= 0.50 * 1080, qr_box
        assert _decoded_qr(wall) == [f"{server.url}/?code={code}&lang=en"]
        expect(wall.locator("[data-testid=stHeader]")).to_be_hidden()
        expect(wall.locator("[data-testid=stSidebar]")).to_have_count(0)
        _fits(wall)
        shot(wall, "room_projector_join_1920")
        wall.set_viewport_size({"width": 1280, "height": 720})
        _grown(wall, ".st-key-proj_code", 0.10 * 720)
        qr_box = key(wall, "proj_qr").locator("img").bounding_box()  # sized in vh: no rerun needed
        assert min(qr_box["width"], qr_box["height"]) >= 0.50 * 720, qr_box
        assert key(wall, "proj_code").bounding_box()["height"] >= 0.10 * 720
        _fits(wall)
        shot(wall, "room_projector_join_1280")
        wall.set_viewport_size({"width": 1920, "height": 1080})

        phones = [new_page(phone=True) for _ in range(3)]
        for i, phone in enumerate(phones):
            join(phone, server.url, code, f"Peserta {i + 1}")
        expect(key(wall, "proj_joined")).to_have_text(re.compile(r"^3 joined"))
        pids = [participant_id(phone) for phone in phones]

        key(facilitator, "min_card_sort").locator("input").fill("5")
        key(facilitator, "min_card_sort").locator("input").press("Tab")
        wait_for_run(facilitator)
        click(facilitator, "open_card_sort")
        counting = re.compile(r"Time left [0-5]:\d\d")  # 5 minutes at most: the facilitator's setting
        screens = [(facilitator, "timer_left_card_sort"), (wall, "proj_timer"),
                   *[(phone, "room_timer") for phone in phones]]
        for page, name in screens:
            expect(key(page, name)).to_have_text(counting)
        for page, name in screens:  # counting: each screen shows a later time than it did
            before = key(page, name).inner_text()
            expect(key(page, name)).not_to_have_text(before)
        _fits(wall)
        shot(wall, "room_projector_activity_1920")
        shot(phones[0], "room_phone_timer_360")
        shot(facilitator, "room_facilitator_timer")

        click(facilitator, "timer_pause_card_sort")
        expect(key(wall, "proj_timer")).to_have_text(re.compile(r"^Paused at [0-4]:\d\d$"))
        held = key(wall, "proj_timer").inner_text()  # where it stopped depends on how long the above took
        for phone in phones:
            expect(key(phone, "room_timer")).to_have_text(re.compile(rf"^{held}$"))
        minutes, seconds = re.fullmatch(r"Paused at (\d):(\d\d)", held).groups()
        click(facilitator, "timer_add_card_sort")
        plus_one = f"Paused at {int(minutes) + 1}:{seconds}"
        expect(key(wall, "proj_timer")).to_have_text(re.compile(rf"^{plus_one}$"))
        for phone in phones:
            expect(key(phone, "room_timer")).to_have_text(re.compile(rf"^{plus_one}$"))
        click(facilitator, "timer_resume_card_sort")
        expect(key(wall, "proj_timer")).to_have_text(re.compile(rf"Time left [{minutes}{int(minutes) + 1}]:\d\d"))

        _submit_sorts(server.data_dir, code, pids)
        expect(key(wall, "proj_progress")).to_contain_text("3 of 3 submitted")
        key(facilitator, "reveal_card_sort").locator("label").click()
        wait_for_run(facilitator)
        expect(key(wall, "debrief_card_sort")).to_be_visible()
        expect(key(wall, "debrief_card_sort")).to_contain_text("Based on 3 submitted card sorts")
        expect(key(wall, "debrief_disagreed")).to_contain_text(re.compile(r"Persona: 33% put it in .* \(n=3\)"))
        expect(key(wall, "debrief_card_sort")).not_to_contain_text("Peserta")
        _fits(wall)
        shot(wall, "room_projector_debrief_1920")
        wall.set_viewport_size({"width": 1280, "height": 720})
        _fits(wall)
        shot(wall, "room_projector_debrief_1280")

        phone = phones[0]
        reveal = key(phone, "reveal_card_sort")
        expect(reveal).to_be_visible()
        expect(reveal).to_contain_text("Based on 3 submitted card sorts")
        reveal.scroll_into_view_if_needed()
        _no_sideways_scroll(phone)
        shot(phone, "room_phone_debrief_360")
        key(phone, "debrief_disagreed").scroll_into_view_if_needed()
        _no_sideways_scroll(phone)
        shot(phone, "room_phone_debrief_360_disagreed")

        # The workbook is prepared on a press and then offered as bytes that belong to the facilitator's
        # screen, so the phones and the wall polling meanwhile (each of their runs sweeps Streamlit's
        # unclaimed files) cannot take it away before the browser fetches it.
        facilitator.get_by_text(EN.t("facilitator.export", "en"), exact=True).click()
        click(facilitator, "prep_download_session_xlsx")
        ready = key(facilitator, "download_session_xlsx").locator("button")
        expect(ready).to_be_visible(timeout=RUN_MS)  # making it can take a while on a loaded machine
        for phone in phones:  # still polling when the file is fetched
            expect(key(phone, "reveal_card_sort")).to_be_visible()
        with facilitator.expect_download() as download:  # the bytes are already there: no wait for a build
            ready.click()
        book = pd.read_excel(download.value.path(), sheet_name=None)
        assert set(book["sessions"]["session_id"]) == {code}
        assert book["placements"]["participant_id"].nunique() == 3
        facilitator.set_viewport_size({"width": 360, "height": 780})  # the panel on a facilitator's phone
        key(facilitator, "download_session_xlsx").scroll_into_view_if_needed()
        _no_sideways_scroll(facilitator)
        shot(facilitator, "room_export_prepared_360")
    finally:
        wall_ctx.close()
