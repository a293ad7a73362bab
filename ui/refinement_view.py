"""The refinement loop on screen: the mark form under the backlog's evidence, the saved marks, the
proposed next version (changelog and zip), and the before/after comparison of two versions."""

from __future__ import annotations

import streamlit as st

from booster import content as content_mod
from booster.analysis import refinement, revision_stats
from ui import analysis_names as names, analysis_view as view, resources
from ui.guard import guard
from ui.i18n import lang, t
from ui.text import plain

LANGS = ("en", "id")


def all_card_names() -> dict:
    """Every card of every installed version by name (ui.analysis_names.card_names)."""
    return names.card_names()


def action_name(action: str) -> str:
    return t(f"revision.action_{action}") if action else ""


# ---- the mark form (backlog page) ------------------------------------------------------------------


def mark_form(row, item_name: str) -> None:
    """Mark one backlog row (a row of booster.analysis.build_backlog) for the next version."""
    st.subheader(t("revision.mark_title"))
    actions = refinement.ACTIONS_FOR.get(row.item_type)
    if not actions:
        st.caption(t("revision.cannot_mark"))
        return
    store = resources.store()
    saved = refinement.load_marks(store).get(refinement.mark_key(row.item_type, row.item_id))
    if saved:
        st.info(t("revision.already_marked", action=action_name(saved["action"]), note=plain(saved["note"] or "–")),
                icon=":material/bookmark:")
    st.caption(t("revision.mark_help"))
    labels = {a: action_name(a) for a in actions}  # worked out now: format_func may run outside the script
    action = st.radio(t("revision.action"), actions, key="mk_action", horizontal=True, format_func=labels.get)
    mark = {"item_type": row.item_type, "item_id": row.item_id, "action": action,
            "evidence": refinement.evidence_of(row._asdict())}
    mark |= _action_fields(action, row)
    mark["note"] = st.text_area(t("revision.note"), key="mk_note", max_chars=600, help=t("revision.note_help"))
    mark["by"] = st.text_input(t("revision.by"), key="mk_by", max_chars=80)
    left, right = st.columns(2)
    if left.button(t("revision.save_mark"), key="mk_save", type="primary", icon=":material/bookmark_add:"):
        with guard():
            refinement.save_mark(store, mark)
            st.success(t("revision.mark_saved", item=item_name), icon=":material/check:")
    if saved and right.button(t("revision.remove_mark"), key="mk_remove", icon=":material/bookmark_remove:"):
        with guard():
            refinement.remove_mark(store, row.item_type, row.item_id)
            st.rerun()


def _both(label_key: str, key: str, area: bool = False) -> dict:
    """One text per language; an empty Indonesian one keeps the old wording, listed as needing translation."""
    widget = st.text_area if area else st.text_input
    texts = {code: widget(t(label_key, language=t(f"revision.lang_{code}")), key=f"{key}_{code}", max_chars=300)
             for code in LANGS}
    if not texts["id"].strip() and texts["en"].strip():
        st.caption(t("revision.needs_translation_hint"))
    return texts


def _action_fields(action: str, row) -> dict:
    if action == "rename":
        return {"new_name": _both("revision.new_name", "mk_name")}
    if action == "clarify":
        return {"new_description": _both("revision.new_description", "mk_desc", area=True)}
    if action == "move":
        steps = names.step_ids()
        pile = names.pile_names()
        return {"new_step": st.selectbox(t("revision.new_step"), steps, key="mk_step",
                                         format_func=lambda s: pile.get(s, s))}
    if action == "split":
        st.caption(t("revision.split_help"))
        steps, pile = [""] + names.step_ids(), names.pile_names() | {"": t("revision.same_step")}
        parts = []
        for i in (1, 2, 3):
            with st.container(border=True):
                name = {code: st.text_input(t("revision.part_name", n=i, language=t(f"revision.lang_{code}")),
                                            key=f"mk_part{i}_{code}", max_chars=120) for code in LANGS}
                step = st.selectbox(t("revision.part_step", n=i), steps, key=f"mk_part{i}_step",
                                    format_func=lambda s: pile.get(s, s))
            if any(v.strip() for v in name.values()):
                parts.append({"name": name, **({"step": step} if step else {})})
        return {"parts": parts}
    return {}


# ---- saved marks and the proposal (revisions page) ----------------------------------------------------


def marks_table(marks: dict, items: dict) -> None:
    rows = [{"item": str(items.get(m["item_type"], {}).get(m["item_id"], m["item_id"])),
             "type": names.item_types().get(m["item_type"], m["item_type"]), "action": action_name(m["action"]),
             "note": m.get("note", ""), "by": m.get("by", ""), "at": m.get("at", "")[:16].replace("T", " ")}
            for m in marks.values()]
    import pandas as pd

    view.table(pd.DataFrame(rows), "rv_marks", {"item": t("analysis.col_item"), "type": t("analysis.col_type"),
                                                 "action": t("revision.action"), "note": t("revision.note"),
                                                 "by": t("revision.by"), "at": t("revision.col_at")})


def remove_form(marks: dict, items: dict) -> None:
    """Take back one mark (it then stays out of the next proposal)."""
    label = {k: f"{items.get(m['item_type'], {}).get(m['item_id'], m['item_id'])} · {action_name(m['action'])}"
             for k, m in marks.items()}
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    chosen = left.selectbox(t("revision.mark_to_remove"), list(marks), key="rv_remove_pick", format_func=label.get)
    if right.button(t("revision.remove_mark"), key="rv_remove", icon=":material/bookmark_remove:"):
        with guard():
            refinement.remove_mark(resources.store(), *chosen.split(":", 1))
            st.rerun()


def proposal_section(marks: dict) -> None:
    st.subheader(t("revision.propose_title"))
    st.caption(t("revision.propose_help"))
    versions = resources.versions()
    base = st.selectbox(t("revision.base_version"), versions, key="rv_base",
                        index=versions.index(resources.default_version() or versions[-1]))
    version = refinement.next_version(versions)
    if not st.button(t("revision.build", version=version), key="rv_build", type="primary",
                     icon=":material/build:", disabled=not marks):
        return
    with guard():
        proposal = refinement.propose(content_mod.CONTENT_ROOT / base, list(marks.values()), version,
                                      skip_missing=True)
        refinement.validate(proposal)
        st.success(t("revision.built", version=version, n=len(proposal.changes)), icon=":material/check:")
        for item in proposal.needs_translation:
            st.warning(t("revision.needs_translation", item=item), icon=":material/translate:")
        for item in proposal.skipped:
            st.warning(t("revision.skipped", item=item), icon=":material/warning:")
        st.download_button(t("revision.download_zip", version=version), proposal.zip_bytes(),
                           file_name=f"booster_content_{version}.zip", mime="application/zip", key="rv_zip",
                           on_click="ignore", icon=":material/download:")
        with st.expander(t("revision.changelog"), expanded=True):
            st.code(proposal.files[refinement.CHANGELOG_FILE], language="markdown", wrap_lines=True)


# ---- before / after ---------------------------------------------------------------------------------


def default_pair(versions: list[str]) -> tuple[str, str]:
    """The newest version with sessions, against the version it was proposed from (else the one before)."""
    after = versions[-1]
    based_on = refinement.load_changes(after).get("based_on")
    before = based_on if based_on in versions and based_on != after else versions[-2]
    return before, after


def summary_sentence(cards, tools) -> str:
    changed = cards[cards["change"] != ""]
    better = int((changed["beyond_chance"] & (changed["diff"] > 0)).sum())
    worse = int((changed["beyond_chance"] & (changed["diff"] < 0)).sum())
    rated = tools.dropna(subset=["diff"])
    return t("revision.summary", changed=len(changed), better=better, worse=worse,
             ratings=len(rated), up=int((rated["beyond_chance"] & (rated["diff"] > 0)).sum()),
             down=int((rated["beyond_chance"] & (rated["diff"] < 0)).sum()))


def compare_section(tables) -> None:
    versions = sorted(tables.sessions["content_version"].dropna().astype(str).unique(), key=content_mod.version_key)
    if len(versions) < 2:
        st.info(t("analysis.one_version"), icon=":material/info:")
        return
    before0, after0 = default_pair(versions)
    left, right = st.columns(2)
    before = left.selectbox(t("revision.before"), versions, index=versions.index(before0), key="rv_before")
    after = right.selectbox(t("revision.after"), versions, index=versions.index(after0), key="rv_after")
    if before == after:
        st.info(t("revision.same_version"), icon=":material/info:")
        return
    cards = revision_stats.compare_cards(tables.placements, before, after, refinement.load_changes(after))
    tools = revision_stats.compare_feedback(tables.feedback, before, after)
    st.markdown(summary_sentence(cards, tools))
    card_names = compared_names(before, after)
    if not cards.empty:  # the changed cards come first, so the answer and its evidence share one screen
        view.chart(revision_stats.card_chart(cards.assign(change=cards["change"].map(action_name)), card_names,
                                             "", before, after), "rv_cards_chart", t("revision.cards_chart"))
    st.caption(t("revision.method"))
    if not cards.empty:
        shown = names.named(cards, card=("card_id", card_names), change_name=("change", {
            a: action_name(a) for a in refinement.ACTIONS}))
        view.table(shown, "rv_cards", _card_columns(before, after), ratios=(
            "share_before", "lo_before", "hi_before", "share_after", "lo_after", "hi_after", "diff", "diff_lo",
            "diff_hi"))
    if not tools.empty:
        labels = names.activity_names() | names.question_names() | {"card_sort": t("analysis.structure")}
        view.chart(revision_stats.feedback_chart(tools, labels, "", before, after), "rv_tools_chart",
                   t("revision.tools_chart"))
        shown = names.named(tools, tool=("activity", labels), question_name=("question", labels))
        view.table(shown, "rv_tools", _tool_columns(before, after), decimals=(
            "mean_before", "ci_lo_before", "ci_hi_before", "mean_after", "ci_lo_after", "ci_hi_after", "diff",
            "diff_lo", "diff_hi"))
    st.download_button(t("analysis.download_csv"), view.csv_bytes(cards), file_name=f"cards_{before}_{after}.csv",
                       mime="text/csv", key="rv_csv", on_click="ignore", icon=":material/download:")


def compared_names(before: str, after: str) -> dict:
    """Card names for a comparison: a card renamed between the two versions reads "old → new"."""
    out = all_card_names()
    old, new = (resources.content(v) for v in (before, after))
    for card in set(old.card_ids()) & set(new.card_ids()):
        was, now = old.label("card", card, lang()), new.label("card", card, lang())
        out[card] = now if was == now else f"{was} → {now}"
    return out


def _card_columns(before: str, after: str) -> dict:
    return {"card": t("analysis.col_card"), "change_name": t("revision.col_change"),
            "n_before": f"n ({before})", "share_before": before, "lo_before": t("revision.col_lo", v=before),
            "hi_before": t("revision.col_hi", v=before), "n_after": f"n ({after})", "share_after": after,
            "lo_after": t("revision.col_lo", v=after), "hi_after": t("revision.col_hi", v=after),
            "diff": t("revision.col_diff"), "diff_lo": t("revision.col_diff_lo"), "diff_hi": t("revision.col_diff_hi"),
            "beyond_chance": t("revision.col_beyond")}


def _tool_columns(before: str, after: str) -> dict:
    return {"tool": t("analysis.col_activity"), "question_name": t("analysis.col_question"),
            "n_before": f"n ({before})", "mean_before": before, "ci_lo_before": t("revision.col_lo", v=before),
            "ci_hi_before": t("revision.col_hi", v=before), "n_after": f"n ({after})", "mean_after": after,
            "ci_lo_after": t("revision.col_lo", v=after), "ci_hi_after": t("revision.col_hi", v=after),
            "diff": t("revision.col_diff"), "diff_lo": t("revision.col_diff_lo"), "diff_hi": t("revision.col_diff_hi"),
            "beyond_chance": t("revision.col_beyond")}
