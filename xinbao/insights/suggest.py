"""Suggestions while drafting and screening: category and 喜/忧, learned from the hub's own history of
adopted items with a small offline model (scikit-learn: TF-IDF over character 1–2-grams and a
multinomial logistic regression), retrained nightly by the worker. Shown with a confidence, never
applied by themselves. The hub's topic tags (报送要点) are suggested when the text matches them.

The trained model is stored as plain numbers (vocabulary, idf, weights; no pickle) in
``SuggestionModel`` and applied with numpy: a suggestion takes well under a millisecond.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from django.utils import timezone

from .models import SuggestionModel
from .text import normalise

if TYPE_CHECKING:
    from xinbao.orgs.models import Unit, User

MIN_SAMPLES = 30
MAX_SAMPLES = 20000
MAX_FEATURES = 20000
TARGETS = ("category", "tone")


def prepare(text: str) -> str:
    return normalise(text).lower()


def _grams(text: str) -> list[str]:
    return list(text) + [text[i : i + 2] for i in range(len(text) - 1)]


@dataclass
class Trained:
    vocabulary: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray
    classes: list[str]

    def to_json(self) -> dict[str, Any]:
        return {
            "vocabulary": self.vocabulary,
            "idf": self.idf.round(6).tolist(),
            "coef": self.coef.round(6).tolist(),
            "intercept": self.intercept.round(6).tolist(),
            "classes": self.classes,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Trained:
        return cls(
            data["vocabulary"],
            np.array(data["idf"]),
            np.array(data["coef"]),
            np.array(data["intercept"]),
            list(data["classes"]),
        )

    def probabilities(self, text: str) -> dict[str, float]:
        """The same as the fitted pipeline's ``predict_proba`` (TF-IDF, l2 norm, softmax)."""
        counts: dict[int, int] = {}
        for gram in _grams(prepare(text)):
            index = self.vocabulary.get(gram)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        if not counts:
            x_idx, x_val = np.zeros(0, dtype=int), np.zeros(0)
        else:
            x_idx = np.fromiter(counts.keys(), dtype=int)
            x_val = np.fromiter(counts.values(), dtype=float) * self.idf[x_idx]
            norm = np.linalg.norm(x_val)
            x_val = x_val / norm if norm else x_val
        scores = self.coef[:, x_idx] @ x_val + self.intercept
        if len(self.classes) == 2 and self.coef.shape[0] == 1:  # binary: one row of weights
            p = 1 / (1 + np.exp(-scores[0]))
            return {self.classes[0]: float(1 - p), self.classes[1]: float(p)}
        exp = np.exp(scores - scores.max())
        probs = exp / exp.sum()
        return {c: float(p) for c, p in zip(self.classes, probs, strict=True)}


def fit(texts: Sequence[str], labels: Sequence[str]) -> Trained:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(analyzer=_grams, max_features=MAX_FEATURES, sublinear_tf=False)
    x = vectorizer.fit_transform([prepare(t) for t in texts])
    model = LogisticRegression(max_iter=1000, C=10.0)
    model.fit(x, list(labels))
    vocabulary = {str(k): int(v) for k, v in vectorizer.vocabulary_.items()}
    return Trained(vocabulary, vectorizer.idf_, model.coef_, model.intercept_, [str(c) for c in model.classes_])


def accuracy(trained: Trained, texts: Sequence[str], labels: Sequence[str]) -> float:
    if not texts:
        return 0.0
    hits = 0
    for text, label in zip(texts, labels, strict=True):
        probs = trained.probabilities(text)
        hits += max(probs, key=lambda k: probs[k]) == label
    return hits / len(texts)


def split(texts: Sequence[str], labels: Sequence[str], held_out: float = 0.2, seed: int = 0) -> tuple[Any, ...]:
    """A stratified split (every class keeps its share in both parts)."""
    from sklearn.model_selection import train_test_split

    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    stratify = labels if min(counts.values()) >= 2 else None
    return tuple(train_test_split(list(texts), list(labels), test_size=held_out, random_state=seed, stratify=stratify))


# --- Training per hub ----------------------------------------------------------------------------------


def training_rows(hub: Unit, target: str) -> tuple[list[str], list[str]]:
    """The hub's adopted items (its own screening decisions): their text and their ``target`` label."""
    from xinbao.items.models import Submission, SubmissionState

    rows = (
        Submission.objects.filter(hub=hub, state=SubmissionState.ADOPTED)
        .order_by("-received_at")
        .values_list("text", target)[:MAX_SAMPLES]
    )
    texts, labels = [], []
    for text, label in rows:
        if text and label:
            texts.append(text)
            labels.append(label)
    return texts, labels


def retrain(hub: Unit, now: datetime.datetime | None = None) -> list[SuggestionModel]:
    """Train the hub's models (category, tone) on 80% of its history; accuracy on the other 20%; then
    refit on everything. A hub with too little history (or one class only) gets no model."""
    now = now or timezone.now()
    saved = []
    for target in TARGETS:
        texts, labels = training_rows(hub, target)
        if len(texts) < MIN_SAMPLES or len(set(labels)) < 2:
            SuggestionModel.objects.filter(hub=hub, target=target).delete()
            continue
        train_x, test_x, train_y, test_y = split(texts, labels)
        score = accuracy(fit(train_x, train_y), test_x, test_y) if len(set(train_y)) >= 2 else None
        trained = fit(texts, labels)
        row, _created = SuggestionModel.objects.update_or_create(
            hub=hub,
            target=target,
            defaults={"data": trained.to_json(), "samples": len(texts), "accuracy": score, "trained_at": now},
        )
        saved.append(row)
    return saved


def retrain_all(now: datetime.datetime) -> int:
    from .alerts import hubs

    return sum(len(retrain(hub, now)) for hub in hubs())


# --- Suggesting ---------------------------------------------------------------------------------------------


@dataclass
class Suggestion:
    target: str
    label: str
    value: str
    confidence: float
    samples: int
    accuracy: float | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "value": self.value,
            "label": self.label,
            "confidence": round(self.confidence, 3),
            "samples": self.samples,
            "accuracy": None if self.accuracy is None else round(self.accuracy, 3),
        }


_cache: dict[int, tuple[datetime.datetime, Trained]] = {}


def _model(row: SuggestionModel) -> Trained:
    cached = _cache.get(row.pk)
    if cached is None or cached[0] != row.trained_at:
        cached = (row.trained_at, Trained.from_json(row.data))
        _cache[row.pk] = cached
    return cached[1]


def suggest_for_hubs(hub_ids: Sequence[int], title: str, body: str) -> list[Suggestion]:
    from xinbao.items.models import Category, Tone

    labels = {"category": dict(Category.choices), "tone": dict(Tone.choices)}
    found: list[Suggestion] = []
    for row in SuggestionModel.objects.filter(hub_id__in=list(hub_ids)).order_by("hub_id", "target"):
        if any(s.target == row.target for s in found):
            continue
        probs = _model(row).probabilities(f"{title}\n{body}")
        value = max(probs, key=lambda k: probs[k])
        label = str(labels.get(row.target, {}).get(value, value))
        found.append(Suggestion(row.target, label, value, probs[value], row.samples, row.accuracy))
    return found


def suggest(user: User | None, title: str, body: str) -> list[Suggestion]:
    """Suggestions for ``user``'s text from the models of the hub(s) the user's unit reports to (or of
    the user's own hub, for hub staff)."""
    from .similarity import reader_scopes

    return suggest_for_hubs(reader_scopes(user), title, body)


def timed(trained: Trained, text: str) -> float:
    start = time.perf_counter()
    trained.probabilities(text)
    return (time.perf_counter() - start) * 1000
