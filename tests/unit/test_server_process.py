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
gc.set_threshold(700, *after_first[1:])  # a later run leaves the process as it is
server_process.after_run()
print(server_process.YOUNG_COLLECTION_THRESHOLD, before[0], after_first[0], after_first[1:] == before[1:], frozen > 0, gc.get_threshold()[0],
      gc.get_freeze_count() == frozen)
"""


def test_the_first_run_freezes_the_heap_and_raises_the_young_threshold_once():
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True)
    wanted, before, first, older_kept, frozen, later, freeze_kept = out.stdout.split()
    assert int(before) == 700 < int(wanted)  # Python's own, so the change below is the app's doing
    assert int(first) == int(wanted) and older_kept == "True" and frozen == "True"
    assert int(later) == 700 and freeze_kept == "True"
