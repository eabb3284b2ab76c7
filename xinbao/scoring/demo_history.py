"""A year of history for the demo's assessed units, so rankings and ledgers show realistic figures:
each unit submits a few items a month since January, the hub adopts some, forwards a share upward
where the city (sometimes the province, once in a while 中办 with a score) adopts them again, and
leaders instruct a few. Rows are inserted in bulk (demo seeding, like items.generate), then every
rule set is recomputed once by the caller."""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.utils import timezone

from xinbao.items.generate import OUTCOMES, PLACES, SENTENCES, TOPICS
from xinbao.items.models import (
    Adoption,
    AdoptionCredit,
    Item,
    ItemState,
    ItemVersion,
    Submission,
    SubmissionState,
)
from xinbao.orgs.models import Channel, Unit, User
from xinbao.orgs.roles import Role

CATEGORY_MIX = {
    "party": ["news", "news", "experience", "problem", "research", "special"],
    "gov": ["news", "news", "economy", "experience", "problem"],
    "cppcc": ["opinion"],
}


def _moment(day: datetime.date, rng: random.Random) -> datetime.datetime:
    at = datetime.datetime.combine(day, datetime.time(rng.randint(8, 17), rng.randint(0, 59)))
    return timezone.make_aware(at)


def _text(rng: random.Random) -> tuple[str, str]:
    place, topic = rng.choice(PLACES), rng.choice(TOPICS)
    values = {"p": place, "t": topic, "n": rng.randint(10, 900), "m": rng.randint(100, 9000)}
    values |= {"k": rng.randint(1, 30), "j": rng.randint(1, 9)}
    body = "\n".join(s.format(**values) for s in rng.sample(SENTENCES, 3))
    return f"{place}{topic}{rng.choice(OUTCOMES)}", body


def _days(rng: random.Random, today: datetime.date, per_month: int) -> list[datetime.date]:
    """Up to ``per_month`` days in each past month of this year."""
    days = []
    for month in range(1, today.month):
        for _ in range(rng.randint(0, per_month)):
            days.append(datetime.date(today.year, month, rng.randint(1, 28)))
    return sorted(days)


class History:
    def __init__(self, seed: int = 2026) -> None:
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        # Where forwarded items are adopted again: (unit or None for a body outside the system, name,
        # level, chance, publication).
        self.upward: list[tuple[Unit | None, str, str, float, str]] = []

    def above(self, channel_code: str, *, from_city: bool = False) -> None:
        suffix = {"party": "SW", "gov": "ZF", "cppcc": "ZX"}[channel_code]
        central = {"party": "中办", "gov": "国办", "cppcc": "全国政协"}[channel_code]
        city, province = (Unit.objects.filter(code=c).first() for c in (f"JZ-{suffix}", f"JN-{suffix}"))
        self.upward = [] if from_city else [(city, "", "city", 0.5, "")]
        self.upward += [(province, "", "province", 0.2, "《每日要情》"), (None, central, "central", 0.05, "")]

    def for_hub(self, hub: Unit, channel_code: str, writers: list[tuple[Unit, User]], per_month: int = 2) -> list[Item]:
        """Items of ``writers`` (unit, author) submitted to ``hub`` over the year, decided."""
        channel = Channel.objects.get(code=channel_code)
        rows: list[tuple[Item, str, datetime.date]] = []
        for unit, author in writers:
            for day in _days(self.rng, self.today, per_month):
                title, body = _text(self.rng)
                when = _moment(day, self.rng)
                item = Item(
                    unit=unit,
                    author=author,
                    category=self.rng.choice(CATEGORY_MIX[channel_code]),
                    title=title,
                    tone=self.rng.choice(["good", "good", "neutral", "bad"]),
                    state=ItemState.SUBMITTED,
                    writer_name=author.display_name,
                    writer_phone=author.phone or "0571-88886666",
                    submitted_at=when,
                    signed_at=when,
                )
                rows.append((item, body, day))
        items = Item.objects.bulk_create([r[0] for r in rows])
        ItemVersion.objects.bulk_create(
            ItemVersion(item=i, number=1, title=i.title, body=b, editor_id=i.author_id, submitted=True)
            for i, (_item, b, _day) in zip(items, rows, strict=True)
        )
        self._decide(hub, channel, [(i, b, d) for i, (_x, b, d) in zip(items, rows, strict=True)])
        return items

    def _decide(self, hub: Unit, channel: Channel, rows: list[tuple[Item, str, datetime.date]]) -> None:
        rng = self.rng
        subs, adoptions = [], []
        for item, body, day in rows:
            adopted = rng.random() < 0.45
            decided = day + datetime.timedelta(days=rng.randint(0, 2))
            forwarded = adopted and rng.random() < 0.25
            sub = Submission(
                item=item,
                hub=hub,
                channel=channel,
                from_unit_id=item.unit_id,
                origin_unit_id=item.unit_id,
                state=SubmissionState.ADOPTED if adopted else rng.choice(["rejected", "reserve"]),
                category=item.category,
                tone=item.tone,
                title=item.title,
                text=f"{item.title}\n{body}",
                received_at=_moment(day, rng),
                decided_at=_moment(decided, rng),
                forwarded_at=_moment(decided, rng) if forwarded else None,
            )
            subs.append(sub)
            if adopted:
                adoptions.append(self._adoption(item, sub, hub, "county" if hub.level != "city" else "city", decided))
            if forwarded:
                adoptions += self._upward(item, sub, decided)
        Submission.objects.bulk_create(subs)
        for adoption in adoptions:
            if adoption.submission is not None:  # always: every demo adoption is made with its submission
                adoption.submission_id = adoption.submission.pk
        Adoption.objects.bulk_create(adoptions)
        AdoptionCredit.objects.bulk_create(
            AdoptionCredit(adoption=a, unit_id=a.item.unit_id, person_id=a.item.author_id, source_item_id=a.item_id)
            for a in adoptions
        )

    def _adoption(
        self, item: Item, sub: Submission, adopter: Unit | None, level: str, day: datetime.date, **kw: Any
    ) -> Adoption:
        return Adoption(
            item=item,
            submission=sub,
            adopter_name=kw.pop("name", adopter.name if adopter else ""),
            adopter_id=adopter.pk if adopter is not None else None,
            level=level,
            adopted_on=min(day, self.today - datetime.timedelta(days=1)),
            publication=kw.pop("publication", ""),
            **kw,
        )

    def _upward(self, item: Item, sub: Submission, day: datetime.date) -> list[Adoption]:
        """A forwarded item: adopted again above with the chances of ``self.upward`` (the first that
        hits, in order: city, province with a score, a central body)."""
        later = day + datetime.timedelta(days=self.rng.randint(3, 20))
        found = []
        for unit, name, level, chance, publication in self.upward:
            if self.rng.random() >= chance:
                continue
            kw: dict[str, Any] = {"forwarded": True, "publication": publication}
            if level == "province":
                kw["adopter_score"] = self.rng.choice([4, 6, 8])
            if unit is None:
                kw |= {"external": True, "name": name}
            found.append(self._adoption(item, sub, unit, level, later, **kw))
        return found


def writers_of(units: list[Unit]) -> list[tuple[Unit, User]]:
    """Each unit's information officer (the first one), for the units that have one."""
    people = User.objects.filter(unit__in=units, roles__role=Role.OFFICER, deleted_at__isnull=True).order_by("id")
    first: dict[int, User] = {}
    for person in people:
        if person.unit_id is not None:  # always: filtered on unit__in
            first.setdefault(person.unit_id, person)
    return [(u, first[u.pk]) for u in units if u.pk in first]


def instruct(items: list[Item], rng: random.Random, levels: list[tuple[str, str]], count: int) -> None:
    """A few 批示 on adopted items, through the instructions app's action."""
    from xinbao.instructions.actions import record_instruction

    adopted = sorted({a.item_id for a in Adoption.objects.filter(item__in=items)})
    for item_id in rng.sample(adopted, min(count, len(adopted))):
        item = Item.objects.get(pk=item_id)
        name, level = rng.choice(levels)
        if item.submitted_at is None:  # never: an adopted item was submitted
            continue
        day = min(item.submitted_at.date() + datetime.timedelta(days=rng.randint(5, 25)), timezone.localdate())
        record_instruction(
            None,
            item=item,
            text="请有关部门认真研究，抓好落实。",
            leader_name=name,
            leader_level=level,
            instructed_on=day,
        )
