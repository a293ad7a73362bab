"""The analysis's API in one place: screens call `analysis.<function>(...)` on the tables it loads.

The functions live in focused modules and are re-exported here:

    tables           the store as tidy pandas tables (load_tables, cached by TableCache); filters
    table_rows       one stored document -> table rows; the problems that skip a document
    sort_stats       card-sort statistics: agreement, placements, similarity, clusters, group merges
    feedback_stats   rating summaries with intervals, distributions, comments, keywords
    worksheet_stats  worksheet answers: wide sheets, search, user groups, contrasts, profiles, gaps
    backlog          the ranked refinement backlog, its evidence, the version comparison
    compare          one segment of sessions against the rest, with the tests (modules of their own)
    placements       why cards went where: notes with piles, a matrix cell's sorters, common sorts
    charts           Plotly figures of the above (no Streamlit); compare_charts for compare/placements

Every failure is an exception from booster.errors; see docs/DATA.md for what the store holds.
"""

from __future__ import annotations

from . import charts
from .backlog import backlog_markdown, build_backlog, compare_versions, evidence_comments
from .feedback_stats import comments, distribution, keywords, score_summary
from .sort_stats import (add_merges, card_summary, category_agreement, cluster, compare_groups, custom_groups,
                         intended_agreement, load_merges, merge_problem, placement_matrix, remove_merges,
                         save_merges, similarity_matrix, top_confusions, unsure_summary)
from .tables import TableCache, Tables, counted_sorts, filter_tables, load_tables
from .worksheet_stats import (answers_wide, contrast_distribution, contrast_positions, field_gaps, priority_profiles,
                              search, user_group_counts)

__all__ = [
    "charts",
    "Tables", "TableCache", "load_tables", "filter_tables", "counted_sorts",
    "intended_agreement", "category_agreement", "placement_matrix", "similarity_matrix", "cluster",
    "unsure_summary", "top_confusions", "card_summary", "custom_groups", "compare_groups",
    "load_merges", "save_merges", "add_merges", "remove_merges", "merge_problem",
    "score_summary", "distribution", "comments", "keywords",
    "answers_wide", "search", "user_group_counts", "contrast_distribution", "contrast_positions",
    "priority_profiles", "field_gaps",
    "build_backlog", "backlog_markdown", "evidence_comments", "compare_versions",
]
