"""Demo data: realistic synthetic sessions, written through the live workshop's own functions.

    generator  sessions, participants and their plans from a seed; the one demo session for `make run`
    work       what one synthetic participant or table does (sorts, worksheets, feedback, paper sorts)
    texts      the synthetic names and texts in each language
"""

from .generator import DEMO_PIN, Spec, ensure_demo_session, generate, version_specs

__all__ = ["DEMO_PIN", "Spec", "ensure_demo_session", "generate", "version_specs"]
