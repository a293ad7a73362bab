"""Statistics on participants' feedback (the `feedback` table: one row per answered question).

Ratings are 1-5. A mean's 95% confidence interval is the Student t-interval
mean +/- t(0.975, n-1) * sd / sqrt(n) (sd with n-1), not clipped to the scale; it is undefined
(NaN) for n < 2. Open answers are listed as they are and summarised by TF-IDF keywords with
English and Indonesian stop words removed.
"""

from __future__ import annotations

import functools
import numpy as np
import pandas as pd
from scipy import stats

SCALE = [1, 2, 3, 4, 5]
INDONESIAN_STOP_WORDS = frozenset("""
ada adalah agar akan aku anda apa apakah atau bagaimana bagi bahwa banyak baru belum bisa buat
bukan cukup dalam dan dapat dari dengan di dia harus hal hanya ini itu jadi jika juga kalau kami
kamu karena ke kita lagi lain lebih maka masih mau mereka mungkin nya oleh pada para perlu pun
saat saja sama sangat satu saya sebagai sebelum secara sedang sehingga sekali semua sendiri seperti
setelah siapa sudah supaya tapi telah tentang tetapi tidak untuk usai yaitu yakni yang
""".split())
TOKEN = r"(?u)\b[^\W\d_]{2,}\b"


@functools.cache
def stop_words() -> list[str]:
    """English and Indonesian stop words. scikit-learn is imported here, not with the module: it
    costs ~15 MB and a third of a second, which an export worker or a live room never needs."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return sorted(ENGLISH_STOP_WORDS | INDONESIAN_STOP_WORDS)


def _ratings(feedback: pd.DataFrame) -> pd.DataFrame:
    return feedback[feedback["score"].notna()]


def with_tools(feedback: pd.DataFrame, tool_of) -> pd.DataFrame:
    """The feedback with every row's `tool` (what it rates: a Booster tool id, or `structure`); a
    row stored without one gets `tool_of(activity)` (booster.content.Content.feedback_tool)."""
    if feedback.empty or feedback["tool"].notna().all():
        return feedback
    missing = feedback["tool"].isna()
    tools = feedback["tool"].astype(object).copy()
    tools[missing] = [tool_of(a) for a in feedback.loc[missing, "activity"]]
    return feedback.assign(tool=tools)


def score_summary(feedback: pd.DataFrame, by=(), item: str = "activity") -> pd.DataFrame:
    """Per activity (or, with item="tool", per Booster tool rated) and question (and each `by`
    column): n, mean, sd, ci_lo, ci_hi, n_1..n_5."""
    keys = [item, "question", *by]
    ratings = _ratings(feedback[[*keys, "score"]])  # only what is counted: every column of 250,000 rows is 40 MB
    g = ratings.groupby(keys)["score"]
    out = pd.DataFrame({"n": g.size(), "mean": g.mean(), "sd": g.std(ddof=1)})
    half = stats.t.ppf(0.975, out["n"] - 1) * out["sd"] / np.sqrt(out["n"])
    out["ci_lo"], out["ci_hi"] = out["mean"] - half, out["mean"] + half
    counts = ratings.groupby([*keys, "score"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=[float(s) for s in SCALE], fill_value=0)
    counts.columns = [f"n_{s}" for s in SCALE]
    return out.join(counts).reset_index()


def distribution(feedback: pd.DataFrame, by=()) -> pd.DataFrame:
    """Long table: activity, question, (by...), score 1-5, count, share of that question's n."""
    keys = ["activity", "question", *by]
    ratings = _ratings(feedback[[*keys, "score"]])
    counts = ratings.groupby([*keys, "score"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=[float(s) for s in SCALE], fill_value=0)
    long = counts.stack().rename("count").reset_index()
    long["score"] = long["score"].astype(int)
    long["share"] = long["count"] / long.groupby(keys)["count"].transform("sum")
    return long


def comments(feedback: pd.DataFrame) -> pd.DataFrame:
    """The open answers, one per row, with where they came from."""
    cols = ["session_id", "participant_id", "activity", "question", "text", "country", "language",
            "answer_language", "date", "content_version"]
    texts = feedback[feedback["text"].notna() & (feedback["text"].astype(str).str.strip() != "")]
    return texts[[c for c in cols if c in texts.columns]].reset_index(drop=True)


def keywords(texts, top: int = 10) -> pd.DataFrame:
    """The `top` terms (words and two-word phrases) by summed TF-IDF weight over the texts."""
    texts = [t for t in texts if isinstance(t, str) and t.strip()]
    empty = pd.DataFrame({"term": pd.Series(dtype="str"), "weight": pd.Series(dtype=float)})
    if not texts:
        return empty
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(stop_words=stop_words(), token_pattern=TOKEN, ngram_range=(1, 2))
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # only stop words: nothing left to weigh
        return empty
    weights = np.asarray(matrix.sum(axis=0)).ravel()
    terms = vectorizer.get_feature_names_out()
    order = sorted(range(len(terms)), key=lambda i: (-weights[i], terms[i]))[:top]
    return pd.DataFrame({"term": terms[order], "weight": weights[order]})
