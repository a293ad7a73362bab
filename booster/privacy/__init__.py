"""Data protection: what is stored about a participant and withdrawing it, deleting whole sessions
(tombstones, retention), and each session's record of who did what.

    rights      my_data, withdraw, set_withdrawals, withdrawals_open, notice_text
    deletion    delete_session, check_confirmation, sessions, due_for_deletion, purge, tombstones,
                find_tombstone, tombstone_line
    audit       record, record_many, entries (the record of actions), ACTIONS, ROLES

Screens and the command line use the modules by name (`privacy.rights.withdraw(...)`); every failure
is an exception from booster.errors; docs/DATA.md has the stored shapes.
"""

from . import audit, deletion, rights

__all__ = ["audit", "deletion", "rights"]
