"""Insights benchmark: near-duplicate precision/recall, similarity indexing and lookup, search, suggestions.

Data: the items benchmark's organisation (bench_items: a city hub, 20 county hubs, 50 townships each) and
``BENCH_ITEMS`` generated items (default 1,000,000; ``SCALE=small``: 5,000), indexed by
``insights.tasks.rebuild_items``. Precision/recall: a planted corpus from ``xinbao.insights.corpus``
(synthetic government-style texts written for this project; the project's own licence): ``BASE`` texts
indexed under one county hub, ``DUPS`` edited copies (sentences reordered, new title, other unit name,
10–30% of characters rewritten in short spans) and as many unrelated texts as queries.
Suggestions: the same generator's labelled texts (4 categories), 80/20 stratified split.

Targets (issue 14): precision and recall ≥ 0.9; lookup < 50 ms at 1,000,000 items; indexing 1,000,000
items < 10 minutes; search < 100 ms median for common and rare terms; suggestion < 50 ms.
"""

from __future__ import annotations

import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, median_ms, report, scale, sized


def n_items() -> int:
    return int(os.environ.get("BENCH_ITEMS", sized(1_000_000, 5_000)))


def _database() -> None:
    if "DATABASE_URL" not in os.environ:
        path = ROOT / "var" / "bench" / f"insights-{scale()}-{n_items()}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"


def _planted(hub_units, author, base_n: int, dup_n: int):  # type: ignore[no-untyped-def]
    """Index ``base_n`` corpus texts as items of ``hub_units``; return (queries, truth, negatives)."""
    from django.utils import timezone

    from xinbao.insights import corpus
    from xinbao.insights.tasks import rebuild_items
    from xinbao.items.models import Item, ItemState, ItemVersion

    rng = random.Random(2026)
    texts = [corpus.text(rng) for _ in range(base_n)]
    now = timezone.now()
    items = Item.objects.bulk_create(
        [
            Item(
                unit=rng.choice(hub_units),
                author=author,
                title=t.title[:200],
                category="news",
                state=ItemState.SUBMITTED,
                submitted_at=now,
            )
            for t in texts
        ],
        batch_size=2000,
    )
    ItemVersion.objects.bulk_create(
        [
            ItemVersion(item=i, number=1, title=t.title[:200], body=t.body, editor=author, submitted=True)
            for i, t in zip(items, texts, strict=True)
        ],
        batch_size=2000,
    )
    rebuild_items([i.pk for i in items])
    picked = rng.sample(range(base_n), dup_n)
    queries = [corpus.near_duplicate(rng, texts[k]) for k in picked]
    truth = [items[k].pk for k in picked]
    negatives = [corpus.text(rng) for _ in range(dup_n)]
    return queries, truth, negatives


def precision_recall(hub, hub_units, author) -> None:  # type: ignore[no-untyped-def]
    from xinbao.insights import similarity

    base_n, dup_n = sized(20_000, 2_000), sized(1_000, 200)
    queries, truth, negatives = _planted(hub_units, author, base_n, dup_n)
    since = datetime.date(2000, 1, 1)
    found_true = flagged = 0
    for text, original in zip(queries, truth, strict=True):
        hits = [
            pk
            for pk, s in similarity.candidates(f"{text.title}\n{text.body}", [hub.pk], since)
            if s >= similarity.DEFAULT_THRESHOLD
        ]
        flagged += len(hits)
        found_true += original in hits
    for text in negatives:
        flagged += sum(
            1
            for _pk, s in similarity.candidates(f"{text.title}\n{text.body}", [hub.pk], since)
            if s >= similarity.DEFAULT_THRESHOLD
        )
    precision = found_true / flagged if flagged else 1.0
    recall = found_true / len(truth)
    print(f"  planted corpus: {base_n} texts, {dup_n} edited copies, {dup_n} unrelated queries", flush=True)
    report("insights: near-duplicate precision", precision, "ratio", ">= 0.9")
    report("insights: near-duplicate recall", recall, "ratio", ">= 0.9")


def main() -> None:
    _database()
    from bench.common import setup_django

    setup_django()
    from django.db import connection, transaction

    from bench.bench_items import PREFIX, _tree
    from xinbao.insights import corpus, minhash, search, similarity, suggest
    from xinbao.insights.models import SearchDoc, SimilarityBand, SimilaritySignature
    from xinbao.insights.tasks import rebuild_items
    from xinbao.items.generate import generate_items
    from xinbao.items.models import Item
    from xinbao.orgs.models import Unit, User

    os.environ["BENCH_ITEMS"] = str(n_items())
    root = _tree()
    have = Item.objects.filter(unit__code__startswith=PREFIX).count()
    if have < n_items():
        print(f"  generating {n_items() - have} items (have {have}) …", flush=True)
        generate_items(n_items() - have, seed=have, progress=False, under=root)
    ids = list(Item.objects.filter(unit__code__startswith=PREFIX).order_by("pk").values_list("pk", flat=True))
    total = len(ids)

    # Indexing: similarity alone, then search documents (jieba), both through rebuild's batches.
    SimilarityBand.objects.all().delete()
    SimilaritySignature.objects.all().delete()
    SearchDoc.objects.all().delete()
    start = time.perf_counter()
    rebuild_items(ids, progress=lambda n: print(f"    indexed {n}", flush=True) if n % 100_000 == 0 else None)
    seconds = time.perf_counter() - start
    from xinbao.insights.tasks import rebuild_submissions
    from xinbao.items.models import Submission

    sub_ids = list(Submission.objects.filter(hub__code__startswith=PREFIX).values_list("pk", flat=True))
    start = time.perf_counter()
    rebuild_submissions(sub_ids)
    report(
        f"insights: search documents of {len(sub_ids)} submissions",
        (time.perf_counter() - start) / 60,
        "min",
        "reported",
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"  {total} items indexed in {seconds:.0f} s (signatures, bands and search documents)", flush=True)
    report(f"insights: index {total} items (similarity + search)", seconds / 60, "min", "< 10 min (similarity)")
    # Similarity alone: signatures and bands of a 50,000-item sample, scaled to the whole.
    SimilarityBand.objects.filter(item_id__in=ids[: min(total, 50_000)]).delete()
    SimilaritySignature.objects.filter(item_id__in=ids[: min(total, 50_000)]).delete()
    from xinbao.items.models import ItemVersion

    sample = ids[: min(total, 50_000)]
    texts = dict(ItemVersion.objects.filter(item_id__in=sample).values_list("item_id", "body"))
    entries = [
        similarity.Entry(item_id=pk, unit_id=u, day=datetime.date.today(), submitted=True, text=texts.get(pk, ""))
        for pk, u in Item.objects.filter(pk__in=sample).values_list("pk", "unit_id")
    ]
    start = time.perf_counter()
    for k in range(0, len(entries), 2000):
        with transaction.atomic():
            similarity.index_entries(entries[k : k + 2000], replace=False)
    per_item = (time.perf_counter() - start) / len(entries)
    report(
        "insights: similarity indexing, 1,000,000 items (extrapolated)", per_item * 1_000_000 / 60, "min", "< 10 min"
    )

    county = Unit.objects.get(code=f"{PREFIX}-C00")
    editor = User.objects.filter(unit=county).first()
    officer = User.objects.filter(unit__code=f"{PREFIX}-C00-T00").first()
    rng = random.Random(5)
    probe_ids = rng.sample(ids, 20)
    probe_texts = [t for t in ItemVersion.objects.filter(item_id__in=probe_ids).values_list("body", flat=True)]
    since = datetime.date.today() - datetime.timedelta(days=30)
    queue = iter(probe_texts * 10)
    report(
        "insights: similar-item lookup (30-day window)",
        median_ms(lambda: similarity.candidates(next(queue), [county.pk], since), repeat=len(probe_texts) * 5),
        "ms",
        "< 50 ms",
    )
    queue = iter(probe_texts * 10)
    report(
        "insights: similar-item lookup (all dates, worst case)",
        median_ms(
            lambda: similarity.candidates(next(queue), [county.pk], datetime.date(2000, 1, 1)),
            repeat=len(probe_texts) * 5,
        ),
        "ms",
        "< 50 ms",
    )
    report(
        "insights: similar_for (read policy applied)",
        median_ms(lambda: similarity.similar_for(editor, "", probe_texts[0])),
        "ms",
        "< 50 ms",
    )

    for label, word in [
        ("common", "冷链物流"),
        ("rare", "积案化解"),
        ("very common", "建议"),
        ("no match", "量子通信"),
    ]:
        n = search.search(editor, word).total
        report(
            f"insights: search hub, {label} term ({word}, {n} hits)",
            median_ms(lambda w=word: search.search(editor, w), repeat=11),
            "ms",
            "< 100 ms",
        )
    report(
        "insights: search unit, common term (冷链物流)",
        median_ms(lambda: search.search(officer, "冷链物流"), repeat=11),
        "ms",
        "< 100 ms",
    )

    hubs = list(Unit.objects.filter(code__startswith=f"{PREFIX}-C0").exclude(code__contains="-T")[:1])
    planted_hub = Unit.objects.get(code=f"{PREFIX}-C01")
    units = list(Unit.objects.filter(code__startswith=f"{PREFIX}-C01-T"))
    del hubs
    precision_recall(planted_hub, units, officer)

    data = corpus.labelled(sized(10_000, 2_000))
    texts_ = [f"{d.title}\n{d.body}" for d in data]
    labels = [d.category for d in data]
    train_x, test_x, train_y, test_y = suggest.split(texts_, labels)
    trained = suggest.fit(train_x, train_y)
    report(
        "insights: category suggestion accuracy (held-out 20%)",
        suggest.accuracy(trained, test_x, test_y),
        "ratio",
        "reported",
    )
    times = sorted(suggest.timed(trained, t) for t in test_x[:500])
    report("insights: time per suggestion (median)", times[len(times) // 2], "ms", "< 50 ms")
    del minhash


if __name__ == "__main__":
    main()
