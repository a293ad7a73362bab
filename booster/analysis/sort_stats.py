"""Card-sort statistics on the `placements` table (one row per card a sorter placed).

A sorter is one (session_id, participant_id) pair: a person, a paper sort or a table group.
Formulas (the field's usual definitions, see the project brief section 3):

- agreement of a card = k / n, k = sorters who put it in its intended step, n = sorters who placed
  it anywhere (the `unsure` pile included); 95% Wilson score interval.
- Spencer's category agreement of a pile = mean over the cards placed in it of
  (sorters who put that card there / sorters who used the pile).
- similarity of two cards = sorters who put both in the same pile / sorters who placed both;
  the `unsure` pile is not a shared group, unsorted cards count in neither.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import cophenet, leaves_list, linkage
from scipy.spatial.distance import squareform

from ..errors import NotFound, ValidationError
from ..piles import CUSTOM_PREFIX as CUSTOM, OWN_GROUPS, UNSURE, slugify

MERGES_KEY = ("_analysis", "group_merges")
Z95 = 1.959963984540054


def wilson(k, n, z: float = Z95):
    """Wilson score interval for k successes in n trials (arrays welcome); NaN where n == 0."""
    k, n = np.asarray(k, float), np.asarray(n, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        denom = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def _sorter(placements: pd.DataFrame) -> pd.Series:
    return placements["session_id"].astype(str) + "/" + placements["participant_id"].astype(str)


def placement_matrix(placements: pd.DataFrame, card_ids, piles):
    """(counts, shares): card x pile. Custom piles count under "custom" when that is a column;
    a share is out of the sorters who placed the card anywhere."""
    piles, card_ids = list(piles), list(card_ids)
    step = placements["step_id"]
    column = step.where(step.isin(piles), np.where(step.str.startswith(CUSTOM) & (OWN_GROUPS in piles),
                                                   OWN_GROUPS, None))
    counts = (pd.DataFrame({"card_id": placements["card_id"], "pile": column}).dropna()
              .groupby(["card_id", "pile"]).size().unstack(fill_value=0)
              .reindex(index=card_ids, columns=piles, fill_value=0).fillna(0).astype(int))
    totals = placements.groupby("card_id").size().reindex(card_ids)
    return counts, counts.div(totals, axis=0)


def intended_agreement(placements: pd.DataFrame) -> pd.DataFrame:
    """Per card: intended_step, n, k (in the intended step), share and its Wilson 95% lo/hi."""
    g = placements.groupby("card_id")
    out = pd.DataFrame({"intended_step": g["intended_step"].first(), "n": g.size(),
                        "k": g["is_intended"].sum().astype(int)})
    out["share"] = out["k"] / out["n"]
    out["lo"], out["hi"] = wilson(out["k"], out["n"])
    return out.reset_index()[["card_id", "intended_step", "n", "k", "share", "lo", "hi"]]


def category_agreement(placements: pd.DataFrame) -> pd.DataFrame:
    """Spencer's agreement per pile: n_sorters who used it, n_cards placed in it, agreement."""
    df = placements.assign(sorter=_sorter(placements))
    users = df.groupby("step_id")["sorter"].nunique()
    per_card = df.groupby(["step_id", "card_id"])["sorter"].nunique()
    share = per_card / users.reindex(per_card.index.get_level_values(0)).to_numpy()
    return pd.DataFrame({"n_sorters": users, "n_cards": per_card.groupby(level=0).size(),
                         "agreement": share.groupby(level=0).mean()}).rename_axis("step_id").reset_index()


def _codes(values) -> tuple[np.ndarray, pd.Index]:
    """Integer codes 0..k-1 of `values` (a Series or array; Arrow text is encoded without
    converting every cell to a Python string) and the k distinct values."""
    codes, uniques = pd.factorize(values)
    return codes, pd.Index(uniques)


def _sorter_codes(placements: pd.DataFrame) -> np.ndarray:
    """One integer per sorter (session, participant pair), without building a text key per row."""
    session, _ = _codes(placements["session_id"])
    person, people = _codes(placements["participant_id"])
    return session.astype(np.int64) * max(len(people), 1) + person


_CHUNK = 2048  # sorters compared at once: bounds the temporary sorters x cards x cards array


def similarity_counts(placements: pd.DataFrame, card_ids):
    """(same, both): card x card counts of sorters with both cards in one pile / both placed.

    Each sorter is one row of pile codes (-1: not placed, -2: unsure, which is no shared group);
    two cards count as placed together by a sorter when that row holds the same code >= 0 for
    both. Counting row by row with comparisons is exact and needs no matrix product (BLAS threads
    compete with the live server for the laptop's two cores)."""
    card_ids = list(card_ids)
    n = len(card_ids)
    card, cards_seen = _codes(placements["card_id"])
    card = pd.Index(card_ids).get_indexer(cards_seen)[card] if len(card) else card
    known = card >= 0
    sorter, sorters = _codes(_sorter_codes(placements)[known])
    pile, piles = _codes(placements["step_id"])
    pile = np.where(piles.to_numpy() == UNSURE, -2, np.arange(len(piles)))[pile] if len(pile) else pile
    rows = np.full((len(sorters), n), -1, dtype=np.int32)
    rows[sorter, card[known]] = pile[known]
    same, both = np.zeros((n, n), np.int64), np.zeros((n, n), np.int64)
    for start in range(0, len(sorters), _CHUNK):
        chunk = rows[start:start + _CHUNK]
        placed = chunk != -1
        both += (placed[:, :, None] & placed[:, None, :]).sum(axis=0)
        same += ((chunk[:, :, None] == chunk[:, None, :]) & (chunk >= 0)[:, :, None]).sum(axis=0)
    frame = lambda m: pd.DataFrame(m, index=card_ids, columns=card_ids)  # noqa: E731
    return frame(same), frame(both)


def similarity_matrix(placements: pd.DataFrame, card_ids) -> pd.DataFrame:
    """Share of the sorters who placed both cards that put them in the same (non-unsure) pile."""
    same, both = similarity_counts(placements, card_ids)
    same, both = same.to_numpy(float), both.to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.where(both > 0, same / both, np.nan)
    np.fill_diagonal(values, np.where(np.diag(both) > 0, 1.0, np.nan))
    return pd.DataFrame(values, index=list(card_ids), columns=list(card_ids))


def cluster(similarity: pd.DataFrame):
    """(linkage matrix, card ids in dendrogram leaf order, cophenetic correlation).

    Average linkage on distance 1 - similarity; pairs nobody sorted count as distance 1."""
    ids = list(similarity.index)
    if len(ids) < 2:
        return np.empty((0, 4)), ids, float("nan")
    dist = 1 - np.nan_to_num(similarity.to_numpy(float), nan=0.0)
    dist = np.clip((dist + dist.T) / 2, 0, 1)
    np.fill_diagonal(dist, 0)
    condensed = squareform(dist, checks=False)
    tree = linkage(condensed, method="average")
    corr = cophenet(tree, condensed)[0] if np.ptp(condensed) > 0 else float("nan")
    return tree, [ids[i] for i in leaves_list(tree)], float(corr)


def unsure_summary(placements: pd.DataFrame) -> pd.DataFrame:
    """Per card: n sorters, how many chose `unsure`, and that share; most unsure first."""
    g = placements.assign(u=placements["step_id"] == UNSURE).groupby("card_id")
    out = pd.DataFrame({"n": g.size(), "unsure": g["u"].sum().astype(int)})
    out["unsure_share"] = out["unsure"] / out["n"]
    return out.reset_index().sort_values(["unsure_share", "card_id"], ascending=[False, True],
                                         ignore_index=True)


def custom_groups(placements: pd.DataFrame) -> pd.DataFrame:
    """Participant-made groups: slug, label, n_sorters, n_cards placed, the cards (comma list)."""
    df = placements[placements["step_id"].str.startswith(CUSTOM)]
    df = df.assign(slug=df["step_id"].str[len(CUSTOM):], sorter=_sorter(df),
                   custom_label=df["custom_label"].fillna(df["step_id"].str[len(CUSTOM):]))
    g = df.groupby(["slug", "custom_label"])
    out = pd.DataFrame({"n_sorters": g["sorter"].nunique(), "n_cards": g.size(),
                        "cards": g["card_id"].agg(lambda s: ", ".join(sorted(set(s))))})
    return (out.reset_index().rename(columns={"custom_label": "label"})
            .sort_values(["n_sorters", "slug"], ascending=[False, True], ignore_index=True))


def apply_merges(placements: pd.DataFrame, merges: dict) -> pd.DataFrame:
    """Rename custom groups: a key (raw label or slug, any case) maps to one standard name."""
    wanted = {k.strip().casefold(): v.strip() for k, v in merges.items()}
    out = placements.copy()
    custom = out["step_id"].str.startswith(CUSTOM)
    slug = out["step_id"].str[len(CUSTOM):]
    label = out["custom_label"].fillna(slug).astype(str).str.strip().str.casefold()
    standard = label.map(wanted).fillna(slug.map(wanted)).where(custom)
    hit = standard.notna()
    if not hit.any():  # an empty selection has no string dtype, so the concatenation below would fail
        return out
    out.loc[hit, "custom_label"] = standard[hit]
    out.loc[hit, "step_id"] = CUSTOM + standard[hit].map(slugify)  # the same slugs as live sorts
    return out


def load_merges(store) -> dict:
    try:
        return dict(store.read(MERGES_KEY).get("merges") or {})
    except NotFound:
        return {}


def merge_problem(merges) -> str | None:
    """Why `merges` is not a map of group names to non-empty standard names, else None."""
    if not isinstance(merges, dict):
        return "the group merges are not a map of group names to names."
    for raw, name in merges.items():
        if not (isinstance(raw, str) and isinstance(name, str) and raw.strip() and name.strip()):
            return f"{raw!r} -> {name!r} must map a group name to a non-empty name."
    return None


def save_merges(store, merges: dict) -> None:
    if problem := merge_problem(merges):
        raise ValidationError("group merges", problem)
    store.write(MERGES_KEY, {"schema_version": 1, "merges": dict(merges)})


def add_merges(store, labels, name: str) -> dict:
    """Merge the own groups named `labels` under `name`, keeping the merges saved before; returns
    every saved merge."""
    merges = {**load_merges(store), **{label: name for label in labels}}
    save_merges(store, merges)
    return merges


def remove_merges(store, labels) -> dict:
    """Undo the merges of the own groups named `labels`; returns the merges left."""
    merges = {raw: name for raw, name in load_merges(store).items() if raw not in set(labels)}
    save_merges(store, merges)
    return merges


def _upper(matrix: pd.DataFrame) -> np.ndarray:
    return matrix.to_numpy(float)[np.triu_indices(len(matrix), k=1)]


def compare_groups(placements: pd.DataFrame, by: str = "country"):
    """(agreement, distances) between groups of sorters (by "country", "language", ...).

    agreement: per card, `share_<group>` and `n_<group>` side by side.
    distances: per pair of groups, mean absolute difference and Pearson r of the similarity
    matrices' upper triangles, over the card pairs both groups sorted (n_pairs)."""
    groups = sorted(placements[by].dropna().unique())
    card_ids = sorted(placements["card_id"].unique())
    agreement = pd.DataFrame(index=pd.Index(card_ids, name="card_id"))
    sims = {}
    for g in groups:
        part = placements[placements[by] == g]
        a = intended_agreement(part).set_index("card_id")
        agreement[f"share_{g}"], agreement[f"n_{g}"] = a["share"], a["n"].astype("Int64")
        sims[g] = _upper(similarity_matrix(part, card_ids))
    rows = [_distance(a, b, sims[a], sims[b]) for a, b in itertools.combinations(groups, 2)]
    distances = pd.DataFrame(rows, columns=["group_a", "group_b", "n_pairs", "mean_abs_diff", "pearson_r"])
    return agreement.reset_index(), distances


def _distance(a, b, x: np.ndarray, y: np.ndarray) -> tuple:
    both = ~np.isnan(x) & ~np.isnan(y)
    x, y = x[both], y[both]
    mad = float(np.mean(np.abs(x - y))) if len(x) else float("nan")
    r = float(np.corrcoef(x, y)[0, 1]) if len(x) > 1 and x.std() > 0 and y.std() > 0 else float("nan")
    return a, b, int(both.sum()), mad, r


CONFUSION_COLUMNS = ["card_id", "n", "wrong_pile", "wrong_share", "top_cogrouped_card",
                     "top_cogrouped_share", "confused_card", "confused_share"]


def top_confusions(placements: pd.DataFrame) -> pd.DataFrame:
    """Per card: the wrong pile chosen most often (not `unsure`, not the intended step) and its
    share of the card's sorters; the other card most often in the same pile (top_cogrouped_*);
    and among cards meant for a different step, the one most often grouped with it (confused_*)."""
    card_ids = sorted(placements["card_id"].unique())
    n = placements.groupby("card_id").size()
    wrong = placements[~placements["is_intended"] & (placements["step_id"] != UNSURE)]
    counts = wrong.groupby(["card_id", "step_id"]).size().reset_index(name="k")
    top = counts.sort_values(["k", "step_id"], ascending=[False, True]).drop_duplicates("card_id").set_index("card_id")
    intended = placements.groupby("card_id")["intended_step"].first()
    sim = similarity_matrix(placements, card_ids)
    rows = []
    for card in card_ids:
        others = sim.loc[card].drop(card).dropna()
        other_step = others[intended.reindex(others.index).to_numpy() != intended[card]]
        rows.append({"card_id": card, "n": int(n[card]),
                     "wrong_pile": top["step_id"].get(card), "wrong_share": top["k"].get(card, 0) / n[card],
                     **_best(others, "top_cogrouped"), **_best(other_step, "confused")})
    return pd.DataFrame(rows, columns=CONFUSION_COLUMNS)


def card_summary(placements: pd.DataFrame) -> pd.DataFrame:
    """Per card: agreement with its Wilson interval, the unsure share, the top wrong pile and the
    confusions (intended_agreement + unsure_summary + top_confusions, in intended_agreement's order)."""
    agreement = intended_agreement(placements)
    unsure = unsure_summary(placements)[["card_id", "unsure", "unsure_share"]]
    confusions = top_confusions(placements).drop(columns="n")
    return agreement.merge(unsure, on="card_id").merge(confusions, on="card_id")


def _best(shares: pd.Series, prefix: str) -> dict:
    shares = shares[shares > 0].sort_index().sort_values(ascending=False, kind="stable")
    if shares.empty:
        return {f"{prefix}_card": None, f"{prefix}_share": 0.0}
    return {f"{prefix}_card": shares.index[0], f"{prefix}_share": float(shares.iloc[0])}
