"""booster.analysis.worksheet_stats: wide sheets, search, user groups, contrasts, profiles, field gaps."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from analysis_fixtures import PA, PB, PC, FakeContent, contents, fill
from booster.analysis import worksheet_stats as ws
from booster.analysis.tables import load_tables
from booster.store import MemoryStore


@pytest.fixture
def tables():
    return load_tables(fill(MemoryStore()), contents())


def test_challenge_table_and_search(tables):
    t = ws.challenge_table(tables.worksheet_answers).set_index("owner_id")
    assert t.loc[PA, "service_name"] == "Building permits"
    assert t.loc[PB, "challenge_statement"] == ""
    assert t.loc[PA, "country"] == "Indonesia"
    assert ws.search(t.reset_index(), "PERMIT")["owner_id"].tolist() == [PA]
    assert len(ws.search(t, "")) == 2 and ws.search(t, "no such thing").empty


def test_wide_contrast_and_group(tables):
    t = ws.answers_wide(tables.worksheet_answers, "user_characteristics").set_index("owner_id")
    assert t.loc[PC, "contrast_digital_literacy"] == "2"
    assert t.loc[PC, "contrast_digital_literacy_note"] == "low"
    assert t.loc[PC, "priority_profiles"] == "Older farmer / far from office; Young farmer"
    assert ws.answers_wide(tables.worksheet_answers, "nothing").empty


def test_user_group_counts(tables):
    c = ws.user_group_counts(tables.worksheet_answers)
    assert c.to_dict("records") == [{"user_group": "Small businesses", "n": 2, "countries": "Indonesia"},
                                    {"user_group": "Farmers", "n": 1, "countries": "Indonesia"}]


def test_contrast_distribution(tables):
    d = ws.contrast_distribution(tables.worksheet_answers)
    assert d["position"].tolist() == [1, 2, 3, 4, 5]
    assert d["count"].tolist() == [0, 1, 0, 0, 0]


def test_a_contrast_left_not_set_is_counted_apart_never_as_a_middle_answer():
    store = fill(MemoryStore())
    doc = store.read(("AAAAAA", "responses", PC, "user_characteristics"))
    doc["data"]["answers"]["contrast_age"] = {"value": None, "note": "only a note"}
    store.write(("AAAAAA", "responses", PC, "user_characteristics"), doc)
    other = {**doc, "owner_id": PA, "data": {"answers": {"contrast_digital_literacy": {"value": 3, "note": ""}},
                                             "revisions": {}}}
    store.write(("AAAAAA", "responses", PA, "user_characteristics"), other)
    answers = load_tables(store, contents()).worksheet_answers
    d = ws.contrast_distribution(answers)
    assert set(d["field_id"]) == {"contrast_digital_literacy"}, "not set is no position"
    assert d["count"].tolist() == [0, 1, 1, 0, 0]
    counts = ws.contrast_not_set(answers, ["contrast_digital_literacy", "contrast_age", "contrast_income"])
    assert counts.to_dict("records") == [
        {"field_id": "contrast_digital_literacy", "n_set": 2, "n_not_set": 0},
        {"field_id": "contrast_age", "n_set": 0, "n_not_set": 2},
        {"field_id": "contrast_income", "n_set": 0, "n_not_set": 2}]


def test_priority_profiles(tables):
    p = ws.priority_profiles(tables.worksheet_answers)
    assert p[["item_index", "name", "reason"]].values.tolist() == [[0, "Older farmer", "far from office"],
                                                                  [1, "Young farmer", ""]]


def test_field_gaps(tables):
    g = ws.field_gaps(tables.worksheet_answers, FakeContent(), tables.responses)
    g = g.set_index(["activity", "field_id"])
    sc = g.loc["service_challenge"]
    columns = ["n_responses", "n_empty", "empty_share", "mean_revisions"]
    assert sc.loc["service_name", columns].tolist() == [1, 0, 0.0, 2.0]  # PB's sheet is still in progress
    assert sc.loc["challenge_statement", "empty_share"] == 0.0
    assert sc.loc["context", "empty_share"] == 1.0
    uc = g.loc["user_characteristics"]
    assert uc.loc["priority_profiles", "empty_share"] == 0.0 and uc.loc["user_group", "mean_revisions"] == 1.0


def test_field_gaps_count_submitted_sheets_only():
    from analysis_fixtures import response

    store = fill(MemoryStore())
    for pid in ("p-0000000001", "p-0000000002", "p-0000000003"):  # abandoned: opened, nothing typed
        store.write(("AAAAAA", "responses", pid, "service_challenge"),
                    response("AAAAAA", pid, "service_challenge", {"answers": {}}, status="in_progress"))
    tables = load_tables(store, contents())
    g = ws.field_gaps(tables.worksheet_answers, FakeContent(), tables.responses).set_index("field_id")
    # 1 submitted sheet (PA: service name, user group, statement; no context); PB and the 3 others are unsubmitted
    assert g.loc["service_name", ["n_responses", "n_empty"]].tolist() == [1, 0]
    assert g.loc["challenge_statement", "empty_share"] == 0.0 and g.loc["context", "empty_share"] == 1.0


def test_worksheet_fields():
    f = ws.worksheet_fields(FakeContent())
    assert f[f.activity == "user_characteristics"]["type"].tolist() == ["text", "contrast", "group"]


def _field_gaps_by_copies(answers, content, responses):
    """field_gaps as first written (merge the answers with the submitted sheets, then one field at a
    time): slow and memory-hungry, plainly right; the reference the row-number version must match."""
    fields = ws.worksheet_fields(content)
    sheets = responses[responses["status"] == "submitted"][ws.SHEET].drop_duplicates()
    merged = answers[[*ws.SHEET, "field_id", "revisions"]].assign(
        filled=answers["value"].fillna("").astype(str).str.strip() != "").merge(sheets, on=ws.SHEET)
    rows = []
    for activity, group in fields.groupby("activity", sort=False):
        n = int((sheets["activity"] == activity).sum())
        for field in group.itertuples():
            mine = merged[(merged["activity"] == activity) & (merged["field_id"] == field.field_id)]
            filled = len(mine[mine["filled"]][ws.KEYS].drop_duplicates())
            revisions = mine.drop_duplicates(ws.KEYS)["revisions"].sum()
            rows.append({"activity": activity, "field_id": field.field_id, "label": field.label,
                         "n_responses": n, "n_empty": n - filled, "empty_share": (n - filled) / n if n else float("nan"),
                         "mean_revisions": revisions / n if n else float("nan")})
    return pd.DataFrame(rows, columns=["activity", "field_id", "label", "n_responses", "n_empty",
                                       "empty_share", "mean_revisions"])


_ANSWER = st.tuples(st.sampled_from(["S1", "S2"]), st.sampled_from(["p1", "p2", "p3"]),
                    st.sampled_from(["service_challenge", "user_characteristics"]),
                    st.sampled_from(["service_name", "context", "user_group", "nowhere"]),
                    st.sampled_from([None, "", "  ", "text"]), st.integers(0, 3))


@settings(max_examples=150, deadline=None)
@given(st.lists(_ANSWER, max_size=30), st.lists(st.tuples(st.sampled_from(["S1", "S2"]), st.sampled_from(["p1", "p2"]),
       st.sampled_from(["service_challenge", "user_characteristics"]), st.sampled_from(["submitted", "in_progress"])),
       max_size=8))
def test_field_gaps_match_the_plain_count(answers, responses):
    answers = pd.DataFrame(answers, columns=[*ws.SHEET, "field_id", "value", "revisions"]).astype(
        {c: "str" for c in [*ws.SHEET, "field_id"]} | {"revisions": "int64"})
    answers["value"] = answers["value"].astype("str")
    responses = pd.DataFrame(responses, columns=[*ws.SHEET, "status"]).astype("str")
    pd.testing.assert_frame_equal(ws.field_gaps(answers, FakeContent(), responses),
                                  _field_gaps_by_copies(answers, FakeContent(), responses))
