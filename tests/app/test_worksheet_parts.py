"""The parts a worksheet reruns in (ui/worksheet_form._parts): one field each, a choice with the field it picks from."""

from booster.content import load_content
from ui import worksheet_form


def test_each_field_is_its_own_part_but_a_choice_shares_the_part_of_its_source():
    sheets = load_content("v1").worksheets
    for activity, sheet in sheets.items():
        parts = worksheet_form._parts(sheet)
        assert [f for part in parts for f in part] == [f.id for f in sheet.fields], activity  # all, in order
    parts = worksheet_form._parts(sheets["user_characteristics"])
    assert ("user_profiles", "priority_profiles") in parts
    assert all(len(part) == 1 for part in parts if "user_profiles" not in part)


def test_a_long_worksheet_is_shown_in_pages_that_never_split_a_part():
    """Pages of at most PAGE_WEIGHT (a contrast weighs 2, a group 1 per item field), in order."""
    weights = {"contrast": 2, "group": None}
    for version in ("v1", "v2"):
        for activity, sheet in load_content(version).worksheets.items():
            pages = worksheet_form._pages(sheet)
            assert [part for page in pages for part in page] == worksheet_form._parts(sheet), activity
            fields = {f.id: f for f in sheet.fields}
            for page in pages:
                weight = sum(weights.get(fields[i].type) or len(fields[i].fields) or 1 for part in page for i in part)
                assert weight <= worksheet_form.PAGE_WEIGHT or len(page) == 1, (activity, page)
            for page, after in zip(pages, pages[1:]):  # a page ends only where the next part would not fit
                weight = sum(weights.get(fields[i].type) or len(fields[i].fields) or 1
                             for part in (*page, after[0]) for i in part)
                assert weight > worksheet_form.PAGE_WEIGHT, (activity, page)
    sheets = load_content("v1").worksheets
    assert len(worksheet_form._pages(sheets["service_challenge"])) == 1  # seven text fields: one page
    uc = worksheet_form._pages(sheets["user_characteristics"])
    assert len(uc) == 3 and uc[0][0] == ("user_group",)
    assert ("user_profiles", "priority_profiles") in uc[-1]  # a choice stays on the page of what it picks from
    assert worksheet_form._page_of(sheets["user_characteristics"], "left_out") == 2
