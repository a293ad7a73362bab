"""An analyst asks "did the revision help?": the Revisions page compares v1 and v2 sessions with charts,
in English on a laptop and in Indonesian on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from booster import demo
from booster.content import load_ui_strings
from booster.store import FileStore

from .conftest import new_context, shot, wait_for_run

pytestmark = pytest.mark.browser
UI = load_ui_strings()


@pytest.fixture(scope="module")
def revisions_url(server):
    demo.generate(FileStore(server.data_dir), sessions=6, participants=8, seed=5,
                  specs=demo.version_specs(["v1", "v2"]))
    return server.url + "/revisions?role=analyst"


@pytest.mark.parametrize("lang, phone", [("en", False), ("id", True)])
def test_before_and_after_charts_show_each_card_and_tool(revisions_url, browser, lang, phone):
    size = {"width": 360, "height": 740} if phone else {"width": 1366, "height": 900}
    context = new_context(browser, viewport=size, is_mobile=phone, has_touch=phone)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(revisions_url + f"&lang={lang}")
    wait_for_run(page)
    expect(page.get_by_role("heading", name=UI.t("revision.title", lang), level=1)).to_be_visible(timeout=30_000)
    cards = page.locator(".st-key-rv_cards_chart .js-plotly-plot")
    expect(cards).to_be_visible(timeout=60_000)  # the first comparison on a loaded machine takes a while
    expect(page.locator(".st-key-rv_tools_chart .js-plotly-plot")).to_be_attached()
    expect(page.get_by_text(UI.t("revision.cards_chart", lang))).to_be_visible()
    renamed = "Persona → Persona (from research)" if lang == "en" else "Persona → Persona (dari hasil riset)"
    expect(cards.get_by_text(renamed + f" ({UI.t('revision.action_rename', lang)})")).to_be_attached()
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"] + 1, "no sideways scrolling"
    if not phone:  # answered from one laptop screen: the verdict and the changed cards' rows, without scrolling
        verdict = page.get_by_text(re.compile(r"changed cards: "))
        changed = cards.get_by_text(renamed + f" ({UI.t('revision.action_rename', lang)})")
        for part in (verdict, changed):
            box = part.bounding_box()
            assert box and box["y"] >= 0 and box["y"] + box["height"] <= size["height"], (part, box)
    name = f"revisions_before_after_{lang}{'_phone' if phone else ''}"
    shot(page, name)
    cards.scroll_into_view_if_needed()
    cards.screenshot(path=str(shot(page, name).with_name(f"{name}_cards_chart.png")))
    context.close()
