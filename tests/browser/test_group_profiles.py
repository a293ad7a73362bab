"""A table of three writes User Characteristics profiles at the same moment (issue 14): two people
add a profile each while a third has written the first, with names long enough that a merge of two
would overflow the 80-character limit. Every text must survive, in its own profile, on every screen."""

import pytest
from playwright.sync_api import Page, expect

from . import people as do
from .conftest import shot, wait_for_run

pytestmark = pytest.mark.browser
SHEET = "ws_user_characteristics"
PROFILES = f"{SHEET}_user_profiles"


# Under load Streamlit 1.67 can draw a fragment's widget twice for a while; a person types into the first.
def _names(page: Page, index: int):
    return do.box(page, f"{PROFILES}_{index}_name")


def _name(page: Page, index: int):
    return _names(page, index).first


def _description(page: Page, index: int):
    return do.box(page, f"{PROFILES}_{index}_description")


def _last_index(page: Page) -> int:
    """The position of the last profile this screen shows (where a person types a new one)."""
    return max(i for i in range(6) if do.key(page, f"{PROFILES}_{i}_name_live").count())


def _no_crash(*pages: Page) -> None:
    for page in pages:
        expect(page.locator("[data-testid=stException]")).to_have_count(0)


def _profiles(server, code, until):
    doc = do.stored(server.data_dir, code, "responses", "g-1", "user_characteristics", until=until)
    return doc["data"]["answers"]["user_profiles"]


def _table(server, new_page, code_holder: list):
    facilitator = new_page()
    code = do.create_session(facilitator, server.url, "Profiles at one table", "2468", mode="group")
    do.set_activity(facilitator, "user_characteristics", "open")
    ayu, budi, citra = new_page(), new_page(), new_page(phone=True)
    for page, name in ((ayu, "Ayu"), (budi, "Budi"), (citra, "Citra")):
        do.join(page, server.url, code, name)
        expect(do.box(page, "ws_user_characteristics_user_group")).to_be_visible(timeout=20_000)
        do.turn_to(page, "user_characteristics", f"{PROFILES}_0_name_live")  # the profiles' page
        expect(_name(page, 0)).to_be_visible()
    code_holder.append(code)
    return ayu, budi, citra


def test_two_people_adding_profiles_at_once_keep_every_text(server, new_page):
    holder: list = []
    ayu, budi, citra = _table(server, new_page, holder)
    code = holder[0]
    first = ("Pedagang sayur lansia di pasar tradisional kecamatan", "Tidak memakai aplikasi.")
    _name(ayu, 0).fill(first[0])
    do.fill(ayu, f"{PROFILES}_0_description", first[1])
    _profiles(server, code, until=lambda d: first[1] in str(d["data"]["answers"].get("user_profiles")))

    # Budi and Citra each press "Add one more" on a screen that shows only their empty first slot.
    for page in (budi, citra):
        do.key(page, f"add_{PROFILES}").locator("button").click()
    for page in (budi, citra):  # the added profile is on screen once the add's run is over
        expect(_name(page, 1)).to_be_visible()
        wait_for_run(page)
    typed = {budi: ("Ibu penjual kue rumahan yang berjualan lewat WhatsApp", "Usaha dari rumah, satu ponsel."),
             citra: ("Pengguna kursi roda yang tinggal di desa terpencil 3T", "Tidak bisa naik tangga kantor.")}
    slots = {page: _last_index(page) for page in typed}
    for page, (name, description) in typed.items():
        _name(page, slots[page]).fill(name)
        _description(page, slots[page]).fill(description)
    for page in typed:  # both leave the field at the same moment: their saves overlap
        _description(page, slots[page]).press("Tab")
    for page in typed:
        wait_for_run(page)

    texts = [*first, *typed[budi], *typed[citra]]
    profiles = _profiles(server, code, until=lambda d: all(
        t in str(d["data"]["answers"].get("user_profiles")) for t in texts))
    as_pairs = sorted((p["name"], p["description"]) for p in profiles)
    assert as_pairs == sorted([first, typed[budi], typed[citra]]), profiles
    _no_crash(ayu, budi, citra)

    # Every screen can bring in the table's three profiles, each whole, and none emptied.
    for page in (ayu, budi, citra):
        do.click(page, "refresh_user_characteristics")
        for index, (name, description) in enumerate((p["name"], p["description"]) for p in profiles):
            expect(_name(page, index)).to_have_value(name)
            expect(_description(page, index)).to_have_value(description)
    shot(citra, "group-profiles-phone")
    again = _profiles(server, code, until=lambda d: True)
    assert sorted((p["name"], p["description"]) for p in again) == as_pairs, "a refresh changed nothing stored"


def test_two_names_merged_over_the_limit_are_kept_whole_and_never_cut_by_the_field(server, new_page):
    holder: list = []
    ayu, budi, _ = _table(server, new_page, holder)
    code = holder[0]
    # Both write the first profile's name at the same moment, neither seeing the other's.
    names = {ayu: "Petani kopi di lereng gunung yang menjual ke tengkulak",
             budi: "Nelayan tradisional yang melaut tanpa perahu bermotor"}
    for page, name in names.items():
        _name(page, 0).fill(name)
    for page in names:
        _name(page, 0).press("Tab")
    for page in names:
        wait_for_run(page)
    merged = _profiles(server, code, until=lambda d: all(
        n in str(d["data"]["answers"].get("user_profiles")) for n in names.values()))[0]["name"]
    assert len(merged) > 80 and all(n in merged for n in names.values())

    # The screen that saved second shows the whole merge, says it is over the limit, and its next
    # save (a description) does not send a cut name back.
    for page in names:
        do.click(page, "refresh_user_characteristics")
        expect(_name(page, 0)).to_have_value(merged)  # whole: a merge with line breaks shows in a text area
    expect(do.key(ayu, f"{PROFILES}_0_name_live").locator(".message")).to_contain_text("over the limit of 80")
    shot(ayu, "group-profiles-over-limit")
    do.fill(ayu, f"{PROFILES}_0_description", "Menjual hasil panen lewat perantara.")
    profile = _profiles(server, code, until=lambda d: "perantara" in str(d["data"]["answers"]["user_profiles"]))[0]
    assert profile["name"] == merged
    _no_crash(ayu, budi)
