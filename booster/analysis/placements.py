"""Why people placed a card where they did: each sorter's placements next to their words.

A sorter is one (session_id, participant_id) pair of the `placements` table (a person, a paper
sort or a table group). A pile is a step id, `unsure`, or an own group `custom:<slug>`; the
placement matrix's "own groups" column (`piles.OWN_GROUPS`) stands for every own group.

- `notes_with_piles`: each card comment or suggested name with the pile its writer put the card in.
- `cell_sorters`: the sorters behind one cell of the placement matrix (a card and a pile), with
  their comment and suggested name for that card.
- `sorter_sort`: one sorter's whole sort, pile by pile.
- `common_sorts`: participant-centric analysis (as OptimalSort names it). Two complete sorts agree
  on a card when they put it in the same pile; a sort "is shared" by every other sort that agrees
  with it on at least `threshold` of the cards both placed. The sort shared by most others is
  listed first, then the next among the sorts not already sharing a listed one, and so on.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from ..piles import CUSTOM_PREFIX, OWN_GROUPS
from .memo import by_identity

SORTER = ["session_id", "participant_id"]
NOTE_TYPES = ("comment", "suggested_name")


def notes_with_piles(card_notes: pd.DataFrame, placements: pd.DataFrame) -> pd.DataFrame:
    """The card notes with `step_id` and `custom_label` of the writer's placement of that card
    (NaN when the card is not among the placements the filters keep)."""
    piles = placements[[*SORTER, "card_id", "step_id", "custom_label"]]
    return card_notes.merge(piles, on=[*SORTER, "card_id"], how="left")


def _notes_wide(card_notes: pd.DataFrame) -> pd.DataFrame:
    """One row per sorter and card, columns `comment` and `suggested_name`."""
    notes = card_notes[card_notes["note_type"].isin(NOTE_TYPES)]
    wide = notes.pivot_table(index=[*SORTER, "card_id"], columns="note_type", values="text", aggfunc="first")
    return wide.reindex(columns=list(NOTE_TYPES)).reset_index()


def in_pile(step_ids: pd.Series, pile: str) -> pd.Series:
    """Whether each placement is in `pile`; `OWN_GROUPS` matches every own group."""
    if pile == OWN_GROUPS:
        return step_ids.str.startswith(CUSTOM_PREFIX)
    return step_ids == pile


def cell_sorters(placements: pd.DataFrame, card_notes: pd.DataFrame, card_id: str, pile: str) -> pd.DataFrame:
    """The sorters who put `card_id` in `pile`: their placement row (own group's label, session
    metadata) with their `comment` and `suggested_name` for the card; commenters first."""
    hit = placements[(placements["card_id"] == card_id) & in_pile(placements["step_id"], pile)]
    out = hit.merge(_notes_wide(card_notes), on=[*SORTER, "card_id"], how="left")
    said = out["comment"].notna() | out["suggested_name"].notna()
    return (out.assign(_said=said).sort_values(["_said", "session_id", "participant_id"], ascending=[False, True, True])
            .drop(columns="_said").reset_index(drop=True))


def sorter_sort(placements: pd.DataFrame, card_notes: pd.DataFrame, session_id: str, participant_id: str,
                pile_order=()) -> pd.DataFrame:
    """One sorter's placements (card, pile, intended step, is_intended, comment, suggested name),
    piles in `pile_order` (own groups after, by label), cards by id within a pile."""
    mine = placements[(placements["session_id"] == session_id) & (placements["participant_id"] == participant_id)]
    out = mine.merge(_notes_wide(card_notes), on=[*SORTER, "card_id"], how="left")
    rank = {pile: i for i, pile in enumerate(pile_order)}
    out = out.assign(_rank=out["step_id"].map(rank).fillna(len(rank)), _label=out["custom_label"].fillna(""))
    return out.sort_values(["_rank", "_label", "card_id"]).drop(columns=["_rank", "_label"]).reset_index(drop=True)


def sorter_names(participants: pd.DataFrame) -> pd.DataFrame:
    """Per sorter (session_id, participant_id as in placements, i.e. the owner): the names of the
    people behind it, comma-separated ('' when nobody gave a name), and its kind."""
    p = participants.assign(name=participants["name"].fillna("").astype(str).str.strip())
    g = p.groupby(["session_id", "owner_id"], sort=True)
    out = pd.DataFrame({"names": g["name"].agg(lambda s: ", ".join(dict.fromkeys(n for n in s if n))),
                        "kind": g["kind"].first(), "members": g.size()})
    return out.reset_index().rename(columns={"owner_id": "participant_id"})


def _sort_matrix(placements: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """(sorters, codes): complete sorts only; codes[i, j] = pile code of card j for sorter i, -1 if unplaced."""
    done = placements[placements["complete"].astype(bool)]
    sorters = done[SORTER].drop_duplicates().sort_values(SORTER).reset_index(drop=True)
    row = pd.MultiIndex.from_frame(sorters).get_indexer(pd.MultiIndex.from_frame(done[SORTER]))
    col, _ = pd.factorize(done["card_id"], sort=True)
    pile, _ = pd.factorize(done["step_id"], sort=True)
    codes = np.full((len(sorters), col.max() + 1 if len(col) else 0), -1)
    codes[row, col] = pile
    return sorters, codes


ROWS_AT_ONCE = 1024  # sorters compared with all the others at a time: memory is this x sorters


def piles_held(codes: np.ndarray) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """(placed, in_pile): sparse 0/1 matrices, a sorter per row; a card per column of `placed`, a
    (card, pile) per column of `in_pile`. Sparse because participants' own groups make the piles
    as many as the room's ideas: dense, 3,000 sorters x 2,000 piles took 722 MB."""
    who, card = np.nonzero(codes >= 0)
    piles = int(codes.max()) + 1 if codes.size else 0
    ones = np.ones(len(who), np.float32)
    placed = sparse.csr_matrix((ones, (who, card)), shape=codes.shape)
    in_pile = sparse.csr_matrix((ones, (who, card * piles + codes[who, card])),
                                shape=(len(codes), codes.shape[1] * piles))
    return placed, in_pile


def sort_agreement(codes: np.ndarray, rows: slice = slice(None),
                   held: tuple[sparse.csr_matrix, sparse.csr_matrix] | None = None) -> np.ndarray:
    """Sorter x sorter share of the cards both placed that they put in the same pile (NaN: none
    shared), for the sorters `rows` against all. Counted as products of 0/1 matrices (`held`:
    piles_held(codes), given when asked again for other rows), exact whole numbers, divided as before."""
    placed, in_pile = held or piles_held(codes)
    same = (in_pile[rows] @ in_pile.T).toarray().astype(np.int64)
    shared = (placed[rows] @ placed.T).toarray().astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(shared > 0, same / shared, np.nan)


@by_identity(maxsize=4)  # a tab's warm rerun asks again for the same placements
def common_sorts(placements: pd.DataFrame, threshold: float = 2 / 3, top: int = 5) -> pd.DataFrame:
    """The most shared complete sorts: session_id, participant_id (the sort), identical (sorts
    the same as it, itself included), agreeing (other sorts sharing it), n_sorts (complete sorts),
    share (agreeing / other sorts), off_step (its cards outside their intended step).
    Sorters are compared ROWS_AT_ONCE at a time, so 20,000 sorts never need a 20,000-square matrix."""
    sorters, codes = _sort_matrix(placements)
    columns = [*SORTER, "identical", "agreeing", "n_sorts", "share", "off_step"]
    if sorters.empty:
        return pd.DataFrame(columns=columns)
    n = len(sorters)
    agreeing, identical = np.zeros(n, np.int64), np.zeros(n, np.int64)
    held = piles_held(codes)
    for start in range(0, n, ROWS_AT_ONCE):
        rows = slice(start, min(start + ROWS_AT_ONCE, n))
        shares = np.nan_to_num(sort_agreement(codes, rows, held))
        close = shares >= threshold
        close[np.arange(rows.stop - start), np.arange(start, rows.stop)] = False  # not itself
        agreeing[rows], identical[rows] = close.sum(axis=1), (shares == 1).sum(axis=1)
    off = _off_step(placements, sorters)
    order = sorted(range(n), key=lambda i: (-agreeing[i], -identical[i], off[i], i))
    picked, covered = [], np.zeros(n, bool)
    for i in order:
        if len(picked) == top:
            break
        if not covered[i]:
            picked.append(i)
            covered |= np.nan_to_num(sort_agreement(codes, slice(i, i + 1), held)[0]) >= threshold
            covered[i] = True
    rows = [(*sorters.iloc[i], int(identical[i]), int(agreeing[i]), n,
             agreeing[i] / (n - 1) if n > 1 else np.nan, int(off[i])) for i in picked]
    return pd.DataFrame(rows, columns=columns)


def _off_step(placements: pd.DataFrame, sorters: pd.DataFrame) -> np.ndarray:
    off = (~placements["is_intended"].astype(bool)).groupby([placements[c] for c in SORTER]).sum()
    return off.reindex(pd.MultiIndex.from_frame(sorters), fill_value=0).to_numpy(int)
