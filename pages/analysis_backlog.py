"""Analyst: one ranked list of what to rename, move, clarify or cut, with the numbers and the
participants' own words behind each item; downloads; content versions side by side."""

import streamlit as st

from booster import content as content_mod
from booster.analysis import backlog
from ui import analysis_filters, analysis_names as names, analysis_view as view, refinement_view
from ui.i18n import lang, t

tables = analysis_filters.start("analysis.title_backlog")
if tables is None:
    st.stop()
types, items = names.item_types(), names.item_names(tables.placements)
TABS = [t("analysis.tab_backlog"), t("analysis.tab_versions")]
tabs = dict(zip(TABS, st.tabs(TABS, key="bl_tab", on_change="rerun")))


def backlog_columns() -> dict:
    """The backlog table's columns and their headers, in reading order."""
    questions = names.question_names()
    return {
        "rank": "#", "type": t("analysis.col_type"), "item": t("analysis.col_item"),
        "score": t("analysis.col_score"), "reasons": t("analysis.col_reasons"), "n": t("analysis.col_n"),
        "agreement_share": t("analysis.col_share"), "agreement_lo": t("analysis.col_lo"),
        "agreement_hi": t("analysis.col_hi"), "unsure_share": t("analysis.col_unsure_share"),
        "notes_count": t("analysis.col_notes"), "wrong_pile": t("analysis.col_wrong_pile"),
        "confused_with": t("analysis.col_confused_with"),
        "confused_share": t("analysis.col_confused"),
        **{f"feedback_{q}": questions.get(q, q) for q in ("ease", "relevance", "effectiveness")},
        "confusing_count": t("analysis.col_confusing"), "category_agreement": t("analysis.col_agreement"),
        "empty_share": t("analysis.col_empty_share"), "countries": t("analysis.col_countries")}


def item_label(row) -> str:
    return str(items.get(row.item_type, {}).get(row.item_id, row.item_id))


def type_label(row) -> str:
    """The item's type; a card's says whether it is a Booster tool, a step inside one or the app's own."""
    if row.item_type == "card" and isinstance(row.card_kind, str):
        return names.card_kind_names().get(row.card_kind, types["card"])
    return types.get(row.item_type, row.item_type)


def in_words(ranked):
    """Labels, types and reasons in the screen's language (reasons name steps, cards and questions)."""
    said = {"step": items["step"], "card": items["card"], "feedback": names.question_names()}
    name = lambda kind, item: str(said.get(kind, {}).get(item, item))  # noqa: E731
    return ranked.assign(item=[item_label(r) for r in ranked.itertuples()],
                         type=[type_label(r) for r in ranked.itertuples()],
                         reasons=[backlog.reason_sentences(c, lang(), name) for c in ranked["reason_codes"]])


def markdown(ranked) -> str:
    """The download's table in the screen's language: types and names in words, headers translated."""
    headers = ("#", t("analysis.col_type"), t("analysis.col_item"), t("analysis.col_score"), t("analysis.col_reasons"))
    return backlog.backlog_markdown(ranked.assign(label=ranked["item"]), headers=headers, nothing=t("analysis.nothing"))


def backlog_tab() -> None:
    st.caption(t("analysis.backlog_help"))
    flagged = st.toggle(t("analysis.flagged_only"), value=True, key="bl_flagged")
    ranked = view.remembered(backlog.build_backlog, tables, names.newest_content(), flagged_only=flagged)
    if ranked.empty:
        st.info(t("analysis.nothing"), icon=":material/info:")
        return
    ranked = in_words(ranked)
    others = ((ranked["item_type"] == "card") & (ranked["card_kind"] != "tool") & (ranked["score"] > 0)).sum()
    if others:
        st.info(t("card_kinds.backlog_others", n=int(others)), icon=":material/style:")
    ranked = names.named(ranked, wrong_pile=("wrong_pile", items["step"]),
                      confused_with=("confused_with", items["card"]))
    view.table(ranked, "bl_table", backlog_columns(),
             percent=("agreement_share", "category_agreement", "empty_share"),
             ratios=("agreement_lo", "agreement_hi", "unsure_share", "confused_share"),
             decimals=("score", "feedback_ease", "feedback_relevance", "feedback_effectiveness"))
    left, right = st.columns(2)
    left.download_button(t("analysis.download_csv"), view.csv_bytes(ranked.drop(columns="reason_codes")),
                         file_name="booster-backlog.csv", mime="text/csv", key="bl_csv", on_click="ignore",
                         icon=":material/download:")
    right.download_button(t("analysis.download_markdown"),
                          markdown(ranked), file_name="booster-backlog.md", mime="text/markdown", key="bl_md", on_click="ignore",
                          icon=":material/download:")
    evidence(ranked)


def evidence_items(chosen) -> dict:
    """Names of what each piece of evidence is about: a card, an activity or a worksheet field."""
    if chosen.item_type in ("tool", "structure"):
        return items["tool"]
    if chosen.item_type == "field":
        activity = chosen.item_id.partition(".")[0]
        return {f.id: names.field_name(activity, f.id) for f in names.newest_content().worksheets[activity].fields}
    return items.get("card", {})


def evidence(ranked) -> None:
    st.subheader(t("analysis.evidence_title"))
    rows = {f"{r.item_type}:{r.item_id}": r for r in ranked.itertuples()}
    chosen = rows[st.selectbox(t("analysis.evidence_item"), list(rows), key="bl_item",
                               format_func=lambda k: f"#{rows[k].rank} · {rows[k].type} · {rows[k].item}")]
    mark_section(chosen)
    words = view.remembered(backlog.evidence_comments, tables, chosen.item_type, chosen.item_id)
    words = names.named(words, kind_name=("kind", names.note_types()), item_name=("item", evidence_items(chosen)))
    if words.empty:
        st.caption(t("analysis.no_evidence"))
        return
    view.table(words, "bl_evidence_table", {"text": t("analysis.col_text"), "kind_name": t("analysis.col_kind"),
                                          "item_name": t("analysis.col_item"), "country": t("analysis.country"),
                                          "language": t("analysis.language"), "session_id": t("analysis.col_session")})


def mark_section(chosen) -> None:
    """The refinement loop starts here: mark the chosen item rename / move / clarify / split / cut
    (saved in the store; the Revisions page turns the marks into the next content version)."""
    with st.expander(t("revision.mark_expander", item=chosen.item), icon=":material/bookmark_add:"):
        refinement_view.mark_form(chosen, chosen.item)


def versions_tab() -> None:
    if tables.sessions["content_version"].nunique() < 2:
        st.info(t("analysis.one_version"), icon=":material/info:")
    compared = view.remembered(backlog.compare_versions, tables)
    versions = sorted(tables.sessions["content_version"].dropna().astype(str).unique(), key=content_mod.version_key)
    st.subheader(t("analysis.versions_cards"))
    cards = names.named(compared.cards, card=("card_id", items["card"]))
    view.table(cards, "bl_versions_cards", {"card": t("analysis.col_card"), **names.by_version("share", versions)},
             percent=[f"share_{v}" for v in versions])
    if not compared.similarity.empty:
        view.table(compared.similarity, "bl_versions_similarity", names.distance_columns(),
                 decimals=("mean_abs_diff", "pearson_r"))
    st.subheader(t("analysis.versions_feedback"))
    ratings = names.named(compared.feedback, activity_name=("activity", items["tool"]),
                       question_name=("question", names.question_names()))
    view.table(ratings, "bl_versions_feedback", {"activity_name": t("analysis.col_activity"),
                                               "question_name": t("analysis.col_question"),
                                               **names.by_version("mean", versions)},
             decimals=[f"mean_{v}" for v in versions])


VIEWS = [backlog_tab, versions_tab]
view.show_open_tab(tabs, VIEWS)
