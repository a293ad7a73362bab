"""Analyst: take the evidence away (tidy CSVs, an XLSX workbook, an offline HTML report, all of the
filtered data) and move whole sessions between machines as bundles."""

import streamlit as st

from booster.files import bundle, export
from ui import analysis_filters, analysis_view as view, bundle_import, resources, retention_view, session_records
from ui.i18n import t


def contents_for(tables) -> dict:
    """The content of every version the data uses, resolved now (download callables run on
    another thread, outside the page's run)."""
    found = {}
    for version in tables.sessions["content_version"].dropna().astype(str).unique():
        if version in resources.versions():
            found[version] = resources.content(version)
    return found


tables = analysis_filters.start("analysis.title_data")

if tables is not None:
    contents = contents_for(tables)
    shown = list(tables.sessions["session_id"])
    st.subheader(t("analysis.exports_title"))
    st.caption(t("analysis.exports_help"))
    with st.container(key="exports"):
        st.download_button(t("analysis.download_csvs"),
                           session_records.audited(lambda: export.csv_zip(tables, contents), shown, "analyst"),
                           file_name="booster-analysis-csv.zip", mime="application/zip", key="dl_csvs",
                           on_click="ignore", icon=":material/folder_zip:")
        st.caption(t("analysis.export_elsewhere"))
        view.prepared_downloads(
            [("xlsx", t("analysis.download_xlsx"), "booster-analysis.xlsx",
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ":material/table:"),
             ("html", t("analysis.download_html"), "booster-report.html", "text/html", ":material/description:")],
            shown, analysis_filters.include_incomplete(), analysis_filters.kind_filters())

    st.subheader(t("analysis.bundles_title"))
    st.caption(t("analysis.bundles_help"))
    sessions = tables.sessions.sort_values(["date", "session_id"])
    store = resources.store()
    titles = dict(zip(sessions["session_id"], sessions["title"].astype(str)))
    code = st.selectbox(t("analysis.bundle_session"), list(titles), key="bundle_session",
                        format_func=lambda c: f"{c} · {titles[c]}")
    st.download_button(t("analysis.download_bundle"),
                       session_records.audited(lambda: bundle.export_bundle(store, code), [code], "analyst"),
                       file_name=f"booster-session-{code}.zip", mime="application/zip", key="bundle_download",
                       on_click="ignore", icon=":material/download:")

st.subheader(t("analysis.import_title"))
uploads = st.file_uploader(t("analysis.upload_bundle"), type=["zip"], accept_multiple_files=True,
                           key="bundle_upload", help=t("analysis.upload_help"))
if bundle_import.import_uploads(uploads):
    st.rerun()

retention_view.show()
