"""Analyst: take the evidence away (tidy CSVs, an XLSX workbook, an offline HTML report, all of the
filtered data) and move whole sessions between machines as bundles."""

import streamlit as st

from booster.files import bundle
from ui import (analysis_filters, analysis_view as view, bundle_import, prepared_file, resources,
                retention_view)
from ui.i18n import t


tables = analysis_filters.start("analysis.title_data")

if tables is not None:
    shown = list(tables.sessions["session_id"])
    st.subheader(t("analysis.exports_title"))
    st.caption(t("analysis.exports_help"))
    with st.container(key="exports"):
        st.caption(t("analysis.export_elsewhere"))
        view.prepared_downloads(
            [("csv", t("analysis.download_csvs"), "booster-analysis-csv.zip", "application/zip",
              ":material/folder_zip:"),
             ("xlsx", t("analysis.download_xlsx"), "booster-analysis.xlsx",
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
    prepared_file.offer("bundle_download", t("analysis.download_bundle"), lambda: bundle.export_bundle(store, code),
                        file_name=f"booster-session-{code}.zip", mime="application/zip", icon=":material/download:",
                        codes=[code], role="analyst", wanted=code)

st.subheader(t("analysis.import_title"))
uploads = st.file_uploader(t("analysis.upload_bundle"), type=["zip"], accept_multiple_files=True,
                           key="bundle_upload", help=t("analysis.upload_help"))
if bundle_import.import_uploads(uploads):
    st.rerun()

retention_view.show()
