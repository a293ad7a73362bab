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
