"""Synthetic items at scale for benchmarks: ``generate_items(1_000_000)`` in batches of bulk inserts.

Over the existing units and their channel links: each item gets one unit version; submitted ones a
submission at the unit's own hub, decided in believable proportions; a share of the adopted ones is
adopted (with credit) and some forwarded to the upper hub. Benchmark data only: rows are inserted in
bulk and not audited one by one (the command that calls this is the audited act).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from xinbao.orgs.models import Unit, UnitChannel, User

from .models import (
    Adoption,
    AdoptionCredit,
    AdoptionLevel,
    Category,
    Item,
    ItemState,
    ItemType,
    ItemVersion,
    Submission,
    SubmissionState,
    Tone,
)

BATCH = 5000
PLACES = ["城关", "新华", "东城", "西城", "南湖", "北山", "石桥", "杨柳", "高岭", "长乐", "双河", "青石", "花溪"]
TOPICS = [
    "农村饮水安全",
    "秋粮收购",
    "老旧小区改造",
    "基层网格治理",
    "营商环境优化",
    "森林防火",
    "防汛抗旱",
    "乡村民宿",
    "校外培训治理",
    "农村寄递物流",
    "医保基金监管",
    "就业帮扶",
    "河长制落实",
    "安全生产检查",
    "招商引资",
    "冷链物流",
    "数字乡村建设",
    "养老服务",
    "耕地保护",
    "信访积案化解",
]
OUTCOMES = ["取得积极成效", "存在的问题及建议", "进展顺利", "值得关注", "的做法与启示", "情况反映", "亟待破解"]
SENTENCES = [
    "今年以来，{p}镇坚持问题导向，围绕{t}工作精准发力。",
    "截至目前，已累计投入资金{n}万元，覆盖群众{m}余人。",
    "一是强化组织领导，成立工作专班，明确责任分工。",
    "二是完善工作机制，建立周调度、月通报制度。",
    "三是注重宣传引导，群众知晓率和参与率明显提高。",
    "调查发现，部分村组在{t}方面仍存在短板，群众反映较为集中。",
    "主要原因是资金投入不足、专业人员缺乏、部门协同不够。",
    "建议进一步加大统筹力度，将{t}纳入年度重点工作清单。",
    "同比增长{k}%，高于全县平均水平{j}个百分点。",
    "下一步，将持续跟踪问效，确保各项措施落地见效。",
]
CATEGORIES = [c for c in Category.values if c not in (Category.COMBINED, Category.URGENT)]
ITEM_FATES = [(ItemState.DRAFT, 4), (ItemState.PENDING_SIGNOFF, 2), (ItemState.SUBMITTED, 88), (ItemState.RETURNED, 6)]
SUB_FATES = [
    (SubmissionState.PENDING, 25),
    (SubmissionState.ADOPTED, 40),
    (SubmissionState.REJECTED, 20),
    (SubmissionState.RESERVE, 15),
]


@dataclass
class World:
    links: list[tuple[int, int, int]]  # (unit_id, channel_id, hub_id)
    upper: dict[tuple[int, int], int]  # (hub_id, channel_id) -> upper hub id
    author: dict[int, int]  # unit_id -> a person of the unit
    fallback_author: int
    hub_info: dict[int, tuple[str, str]]  # hub id -> (name, level)


def _world(under: Unit | None) -> World:
    from xinbao.orgs.queries import subtree_filter

    members = UnitChannel.objects.filter(hub__isnull=False, unit__deleted_at__isnull=True)
    if under is not None:
        members = members.filter(subtree_filter(under.path, field="unit__path"))
    links = list(members.order_by("unit_id", "channel_id").values_list("unit_id", "channel_id", "hub_id"))
    if not links:
        raise ValueError("没有报送关系：请先生成单位（manage.py generate_data --units N 或 demo_data）。")
    upper = {
        (u, c): h
        for u, c, h in UnitChannel.objects.filter(is_hub=True, hub__isnull=False).values_list(
            "unit_id", "channel_id", "hub_id"
        )
    }
    author: dict[int, int] = {}
    for unit_id, user_id in User.objects.filter(unit__isnull=False).order_by("-id").values_list("unit_id", "id"):
        author[unit_id] = user_id
    fallback = User.objects.order_by("id").values_list("id", flat=True).first()
    if fallback is None:
        fallback = User.objects.create(username="generator", display_name="生成数据").pk
    hub_ids = {h for _u, _c, h in links} | set(upper.values())
    hub_info = {
        pk: (name, level) for pk, name, level in Unit.objects.filter(pk__in=hub_ids).values_list("pk", "name", "level")
    }
    return World(links, upper, author, fallback, hub_info)


def _pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    return rng.choices([v for v, _w in weighted], weights=[w for _v, w in weighted])[0]


def _text(rng: random.Random) -> tuple[str, str]:
    place, topic = rng.choice(PLACES), rng.choice(TOPICS)
    title = f"{place}镇{topic}{rng.choice(OUTCOMES)}"
    values = {"p": place, "t": topic, "n": rng.randint(10, 9000), "m": rng.randint(100, 90000)}
    values |= {"k": rng.randint(1, 30), "j": rng.randint(1, 9)}
    body = "\n".join(s.format(**values) for s in rng.sample(SENTENCES, rng.randint(3, 5)))
    return title, body


def _batches(count: int) -> Iterator[int]:
    while count > 0:
        size = min(BATCH, count)
        yield size
        count -= size


def generate_items(count: int, seed: int = 0, progress: bool = False, under: Unit | None = None) -> int:
    """Create ``count`` items (with versions, submissions, adoptions) for units reporting to some hub
    (only under ``under`` when given). Returns the number created."""
    rng = random.Random(seed)
    world = _world(under)
    now = timezone.now()
    bar = _progress(count) if progress else None
    created = 0
    ids = _Ids()
    try:
        for size in _batches(count):
            with transaction.atomic():
                _one_batch(rng, world, size, now, ids)
            created += size
            if bar is not None:
                bar.update(size)
    finally:
        _reset_sequences()
        if bar is not None:
            bar.close()
    return created


class _Ids:
    """Primary keys handed out here, so rows can point at each other before they are inserted."""

    def __init__(self) -> None:
        models_: tuple[type[models.Model], ...] = (Item, Submission, Adoption)
        self.last = {model: model._default_manager.aggregate(m=Max("id"))["m"] or 0 for model in models_}

    def take(self, model: type[models.Model]) -> int:
        self.last[model] += 1
        return self.last[model]


def _reset_sequences() -> None:
    """Explicit ids leave PostgreSQL's sequences behind; move them past the new rows (SQLite: no-op)."""
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(
        no_style(), [Item, Submission, Adoption, ItemVersion, AdoptionCredit]
    )
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _insert(model: type[models.Model], objs: list[Any], now: datetime.datetime) -> None:
    """A plain multi-row INSERT (executemany): the ORM's per-value preparation in ``bulk_create``
    dominates the time at a million rows. Rows without an id get one from the database."""
    if not objs:
        return
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and getattr(objs[0], f.attname) is None)]
    ops = connection.ops
    rows = []
    for obj in objs:
        row = []
        for field in fields:
            value = getattr(obj, field.attname)
            if value is None and (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)):
                value = now
            if isinstance(field, models.FileField):
                value = value.name if value else ""
            elif isinstance(value, datetime.datetime):
                value = ops.adapt_datetimefield_value(value)
            elif isinstance(value, datetime.date):
                value = ops.adapt_datefield_value(value)
            row.append(value)
        rows.append(row)
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows
        )  # table and column names come from the models


def _progress(total: int) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="条", desc="生成信息")


def _one_batch(rng: random.Random, world: World, size: int, now: datetime.datetime, ids: _Ids) -> None:
    rows = []
    for _ in range(size):
        unit_id, channel_id, hub_id = rng.choice(world.links)
        title, body = _text(rng)
        state = _pick(rng, ITEM_FATES)
        when = now - datetime.timedelta(minutes=rng.randint(0, 730 * 24 * 60))
        sent = state in (ItemState.SUBMITTED, ItemState.RETURNED)
        pk = ids.take(Item)
        item = Item(
            id=pk,
            item_type=ItemType.PICTURE if pk % 20 == 0 else ItemType.TEXT,  # a picture item now and then
            unit_id=unit_id,
            author_id=world.author.get(unit_id, world.fallback_author),
            category=rng.choice(CATEGORIES),
            title=title,
            tone=rng.choice(Tone.values),
            state=state,
            writer_name="执笔人",
            writer_phone="0571-88886666",
            submitted_at=when if sent else None,
            signed_at=when if sent else None,
        )
        rows.append((item, body, channel_id, hub_id, when))
    versions = [
        ItemVersion(
            item_id=item.pk,
            number=1,
            title=item.title,
            body=body,
            editor_id=item.author_id,
            submitted=item.submitted_at is not None,
        )
        for item, body, *_rest in rows
    ]
    subs = [
        _submission(rng, item, body, channel_id, hub_id, when, ids)
        for item, body, channel_id, hub_id, when in rows
        if item.submitted_at
    ]
    forwards = _forwards(rng, world, subs, ids)
    bodies = {item.pk: body for item, body, *_rest in rows}
    versions += [
        ItemVersion(
            item_id=f.item_id,
            submission_id=f.pk,
            number=2,
            title=f.title,
            body=bodies[f.item_id],
            editor_id=f.item.author_id,
            note="转报",
        )
        for f in forwards
    ]
    _insert(Item, [r[0] for r in rows], now)
    _insert(Submission, subs, now)
    _insert(Submission, forwards, now)
    _insert(ItemVersion, versions, now)
    _adoptions(world, [s for s in subs + forwards if s.state == SubmissionState.ADOPTED], ids, now)


def _submission(
    rng: random.Random, item: Item, body: str, channel_id: int, hub_id: int, when: datetime.datetime, ids: _Ids
) -> Submission:
    state = SubmissionState.RETURNED if item.state == ItemState.RETURNED else _pick(rng, SUB_FATES)
    decided = state != SubmissionState.PENDING
    return Submission(
        id=ids.take(Submission),
        item=item,
        hub_id=hub_id,
        channel_id=channel_id,
        from_unit_id=item.unit_id,
        origin_unit_id=item.unit_id,
        state=state,
        category=item.category,
        tone=item.tone,
        title=item.title,
        text=f"{item.title}\n{body}",
        received_at=when,
        decided_at=when + datetime.timedelta(hours=rng.randint(1, 72)) if decided else None,
        reason="请补充数据" if state == SubmissionState.RETURNED else "",
    )


def _forwards(rng: random.Random, world: World, subs: list[Submission], ids: _Ids) -> list[Submission]:
    """A fifth of the adopted submissions go one level up, where half are adopted again."""
    forwards = []
    for sub in subs:
        upper = world.upper.get((sub.hub_id, sub.channel_id))
        if sub.state != SubmissionState.ADOPTED or upper is None or rng.random() > 0.2:
            continue
        assert sub.decided_at is not None
        sub.forwarded_at = sub.decided_at
        forwards.append(
            Submission(
                id=ids.take(Submission),
                item=sub.item,
                hub_id=upper,
                channel_id=sub.channel_id,
                from_unit_id=sub.hub_id,
                parent=sub,
                origin_unit_id=sub.origin_unit_id,
                state=(state := SubmissionState.ADOPTED if rng.random() < 0.5 else SubmissionState.PENDING),
                decided_at=sub.decided_at if state == SubmissionState.ADOPTED else None,
                category=sub.category,
                tone=sub.tone,
                title=sub.title,
                text=sub.text,
                received_at=sub.decided_at,
            )
        )
    return forwards


def _adoptions(world: World, adopted: list[Submission], ids: _Ids, now: datetime.datetime) -> None:
    adoptions = []
    for sub in adopted:
        name, level = world.hub_info.get(sub.hub_id, ("", "county"))
        adoptions.append(
            Adoption(
                id=ids.take(Adoption),
                item_id=sub.item_id,
                submission=sub,
                adopter_id=sub.hub_id,
                adopter_name=name or "信息科",
                level=level if level in AdoptionLevel.values else AdoptionLevel.COUNTY,
                forwarded=sub.parent_id is not None,
                adopted_on=(sub.decided_at or sub.received_at).date(),
            )
        )
    _insert(Adoption, adoptions, now)
    _insert(
        AdoptionCredit,
        [
            AdoptionCredit(
                adoption=a,
                unit_id=sub.origin_unit_id,
                person_id=sub.item.author_id,
                source_item_id=a.item_id,
            )
            for a, sub in zip(adoptions, adopted, strict=True)
        ],
        now,
    )
