"""A person opens the app and switches it to Bahasa Indonesia."""

import pytest
from playwright.sync_api import expect

from booster.content import load_ui_strings

from .conftest import shot, wait_for_run

pytestmark = pytest.mark.browser


def test_switching_language_shows_indonesian_text(server, new_page):
    strings = load_ui_strings()
    page = new_page()
    page.goto(server.url + "/")
    wait_for_run(page)
    expect(page.get_by_role("heading", name=strings.t("app.title", "en"))).to_be_visible()
    page.locator(".st-key-ui_lang").get_by_role("radio", name="Bahasa Indonesia").click()
    wait_for_run(page)
    expect(page.get_by_text(strings.t("home.participant_help", "id"))).to_be_visible()
    shot(page, "home-id")
    page.reload()
    wait_for_run(page)
    expect(page.get_by_text(strings.t("home.participant_help", "id"))).to_be_visible()


def test_home_fits_a_360px_phone(server, new_page):
    page = new_page(phone=True)
    page.goto(server.url + "/")
    wait_for_run(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways on a phone: {width}px wide"
    shot(page, "home-phone")
