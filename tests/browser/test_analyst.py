"""An analyst in a real browser: filters to one country, and the CSVs they download hold only it."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest
from playwright.sync_api import expect

from booster import demo
from booster.content import load_ui_strings
from booster.store import FileStore

from . import people as do
from .conftest import shot, wait_for_run

pytestmark = pytest.mark.browser
UI = load_ui_strings()
# page path -> (title key, what shows that the view has finished drawing)
VIEWS = {"worksheets": ("analysis.title_worksheets", lambda page: page.get_by_test_id("stDataFrame").first),
         "feedback": ("analysis.title_feedback",
                      lambda page: page.locator(".st-key-fb_distribution_chart .js-plotly-plot")),
         "backlog": ("analysis.title_backlog", lambda page: page.get_by_test_id("stDataFrame").last),
         "data": ("analysis.title_data", lambda page: do.key(page, "prep_bundle_download"))}


@pytest.fixture(scope="module")
def analyst_url(server):
    demo.generate(FileStore(server.data_dir), sessions=4, participants=8, seed=1)
    return server.url + "/cardsort?role=analyst"


def _title(page, key: str) -> None:
    expect(page.get_by_role("heading", name=UI.t(key, "en"), level=1)).to_be_visible()


def _filter_country(page, country: str) -> None:
    page.locator(".st-key-filters_box summary").click()
    box = do.key(page, "flt_country").locator("input")
    # Opened by its button, then typed into (typing into a closed box can leave it closed under load, as in
    # test_paper_entry); Enter takes the list's first option: only once the list shows the typed country alone.
    do.key(page, "flt_country").get_by_role("button", name="Open").click()
    expect(page.get_by_role("option").first).to_be_visible()
    box.press_sequentially(country)
    expect(page.get_by_role("option")).to_have_count(1)
    expect(page.get_by_role("option", name=country, exact=True)).to_be_visible()
    box.press("Enter")
    wait_for_run(page)
    box.press("Escape")


def test_filtered_placements_download_holds_only_that_country(analyst_url, new_page):
    page = new_page()
    page.goto(analyst_url)
    wait_for_run(page)
    _title(page, "analysis.title_cardsort")
    expect(page.get_by_text(re.compile(r"^Showing 4 of 4 sessions"))).to_be_visible()
    _filter_country(page, "Indonesia")
    expect(page.get_by_text(re.compile(r"^Showing 2 of 4 sessions"))).to_be_visible()
    page.get_by_role("link", name=UI.t("nav.data", "en")).click()
    wait_for_run(page)
    _title(page, "analysis.title_data")
    expect(page.get_by_text(re.compile(r"^Showing 2 of 4 sessions"))).to_be_visible()
    download = do.worker_download(page, "csv")
    with zipfile.ZipFile(io.BytesIO(download.path().read_bytes())) as zf:
        rows = list(csv.DictReader(io.StringIO(zf.read("placements.csv").decode("utf-8"))))
    assert rows, "the demo's Indonesian sessions have complete sorts"
    assert {row["country"] for row in rows} == {"Indonesia"}


def test_every_analyst_view_on_desktop_and_the_card_sort_on_a_phone(analyst_url, new_page):
    page = new_page()
    page.goto(analyst_url)
    wait_for_run(page)
    _title(page, "analysis.title_cardsort")
    expect(page.locator(".st-key-cs_matrix_chart .js-plotly-plot")).to_be_visible(timeout=30_000)
    shot(page, "analyst-cardsort")
    for path, (title, drawn) in VIEWS.items():
        page.goto(analyst_url.replace("/cardsort?", f"/{path}?"))
        wait_for_run(page)
        _title(page, title)
        expect(drawn(page)).to_be_visible()
        shot(page, f"analyst-{path}")
    phone = new_page(phone=True)
    phone.goto(analyst_url)
    wait_for_run(phone)
    expect(phone.locator(".st-key-cs_matrix_chart .js-plotly-plot")).to_be_visible(timeout=30_000)  # a long run on a busy machine
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the card sort analysis scrolls sideways on a phone: {width}px wide"
    shot(phone, "analyst-cardsort-phone")


def test_the_workbook_is_prepared_with_progress_and_then_downloaded(analyst_url, new_page):
    page = new_page()
    page.goto(analyst_url.replace("/cardsort?", "/data?"))
    wait_for_run(page)
    _title(page, "analysis.title_data")
    do.key(page, "prep_xlsx").locator("button").click()
    ready = do.key(page, "dl_xlsx").locator("button")
    expect(ready).to_be_visible(timeout=do.WORKER_MS)  # the worker process made it; the page polled each second
    shot(page, "analyst-data-xlsx-ready")
    with page.expect_download() as download:
        ready.click()
    with zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes())) as zf:
        assert "xl/worksheets/sheet1.xml" in zf.namelist() and "[Content_Types].xml" in zf.namelist()
    expect(do.key(page, "again_xlsx").locator("button")).to_be_visible()
