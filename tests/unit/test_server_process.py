"""The app server's process tuning: its first run freezes the start-up heap and raises the young
collection's threshold, once (run in a fresh interpreter: both change the whole process)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import gc
from ui import server_process
before = gc.get_threshold()
server_process.after_run()
frozen = gc.get_freeze_count()
after_first = gc.get_threshold()
gc.set_threshold(before[0], *after_first[1:])  # a later run leaves the process as it is
server_process.after_run()
print(server_process.YOUNG_COLLECTION_THRESHOLD, before[0], after_first[0], after_first[1:] == before[1:], frozen > 0, gc.get_threshold()[0],
      gc.get_freeze_count() == frozen)
"""


def test_the_first_run_freezes_the_heap_and_raises_the_young_threshold_once():
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True)
    wanted, before, first, older_kept, frozen, later, freeze_kept = out.stdout.split()
    assert int(before) < int(wanted)  # Python's own is lower, so the change below is the app's doing
    assert int(first) == int(wanted) and older_kept == "True" and frozen == "True"
    assert int(later) == int(before) and freeze_kept == "True"


THEME_PROBE = """
from streamlit import config
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime import app_session
from ui import server_process

config.get_config_options()
config.set_option("theme.primaryColor", "#123456")
config.set_option("theme.chartCategoricalColors", ["#111111", "#222222"])
config.set_option("theme.dark.backgroundColor", "#101010")
streamlits = app_session._populate_theme_msg


def page_theme(populate):
    # As Streamlit's new-session message nests them; four of the six sections are empty here.
    theme = ForwardMsg().new_session.custom_theme
    populate(theme)
    for section, part in (("light", theme.light), ("dark", theme.dark), ("sidebar", theme.sidebar),
                          ("light.sidebar", theme.light.sidebar), ("dark.sidebar", theme.dark.sidebar)):
        populate(part, "theme." + section)
    return theme.SerializeToString()


server_process.tune_for_many_phones()
assert app_session._populate_theme_msg is not streamlits
theirs = page_theme(streamlits)
assert page_theme(app_session._populate_theme_msg) == theirs  # built
assert page_theme(app_session._populate_theme_msg) == theirs  # copied from the cache
print(server_process._themes["theme"][0].primary_color)
config._on_config_parsed.send()  # the config read again: built anew from it
print(len(server_process._themes))
"""


def test_the_theme_is_built_once_and_is_streamlits_own():
    """Streamlit builds it from the config at the start of every run; ours is built once per config
    section, byte for byte Streamlit's, and built anew when the config is read again."""
    out = subprocess.run([sys.executable, "-c", THEME_PROBE], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["#123456", "0"]
