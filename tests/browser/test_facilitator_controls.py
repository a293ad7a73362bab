"""The facilitator's open/close clicks take effect every time, while participants' screens poll.

Before the controls became on_click callbacks, about one click in sixty was lost under this load:
the board's own refresh run finishing at the same moment reset the button's one-shot value."""

import json

import pytest
from playwright.sync_api import expect

from . import people as do

pytestmark = pytest.mark.browser


def test_open_and_close_never_lose_a_click(server, new_page):
    facilitator = new_page()
    code = do.create_session(facilitator, server.url, "Controls", "2468")
    for n in range(4):
        do.join(new_page(), server.url, code, f"P{n}")
    for _ in range(10):
        for activity in ("card_sort", "service_challenge"):
            for action, shows in (("open", "close"), ("close", "open")):
                do.click(facilitator, f"{action}_{activity}")
                expect(do.key(facilitator, f"{shows}_{activity}")).to_be_visible()
                stored = json.loads((server.data_dir / code / "session.json").read_text())
                assert stored["activity_state"][activity]["status"] == ("open" if action == "open" else "closed")
