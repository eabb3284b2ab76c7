"""Notices (通报): monthly, quarterly and yearly, as a Word document in official layout.

``notice_data`` gathers the figures (also used by tests); ``render_docx`` lays them out with a bar
chart (matplotlib, Agg, a CJK font from fonts-noto-cjk); ``create_notice`` stores a draft for the hub
to review; ``publish_notice`` puts it on the assessed units' reading list; ``generate_due_notices``
is what the scheduler calls every day.
"""

from __future__ import annotations

import datetime
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.audit.actions import record
from xinbao.core.actions import write_action
from xinbao.core.errors import DomainError, PermissionRefused
from xinbao.orgs.models import Unit

from . import actions, periods, queries
from .models import Notice, NoticeReceipt, NoticeState, RuleSet
from .periods import Period
from .sources import PLANNED_FACT_KINDS, ScoringFact, collect, fact_kinds, registered_kinds

URGENT_KINDS = ("urgent.late", "urgent.missed", "urgent.concealed", "urgent.wrong")
# Shares the 考核 documents name (问题类+专报类+调研类 ≥ 80%, 问题类 ≥ 50%), used when a rule set names none.
DEFAULT_MIX = [
    {"name": "问题类+专报类+调研类", "categories": ["problem", "special", "research"], "share_at_least": "0.8"},
    {"name": "问题类", "categories": ["problem"], "share_at_least": "0.5"},
]


@dataclass
class UnitMix:
    name: str
    submitted: int
    shares: list[Decimal]
    good: int
    bad: int


@dataclass
class NoticeData:
    title: str
    period: Period
    hub_name: str
    unit_of_account: str
    units: int
    submitted: int
    adopted: int
    groups: dict[str, list[Any]]
    instructed: list[tuple[str, str, str]]  # (unit, item title, leader)
    silent: list[str]  # no submission in the period
    unadopted: list[str]  # no adoption in the period
    urgent: list[tuple[str, str, int]] | None  # (unit, kind label, count); None: no urgent source yet
    mix_targets: list[dict[str, Any]]
    overall_mix: list[Decimal]
    unit_mix: list[UnitMix] = field(default_factory=list)


def _title(rule_set: RuleSet, period: Period) -> str:
    return _("关于%(p)s信息工作情况的通报") % {"p": period.label}


def _share(part: int, whole: int) -> Decimal:
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.001")) if whole else Decimal(0)


def notice_data(rule_set: RuleSet, period: Period) -> NoticeData:
    spec = rule_set.active_version.spec if rule_set.active_version else {}
    infos = queries.assessed_units(rule_set, spec)
    ids = [i.unit_id for i in infos]
    names = dict(Unit.objects.filter(pk__in=ids).values_list("id", "name"))
    facts = collect(ids, period.start, period.end)
    by_unit: dict[int, list[ScoringFact]] = defaultdict(list)
    for fact in facts:
        by_unit[fact.unit_id].append(fact)
    submitted = {u: {f.item_id for f in fs if f.kind == "submission"} for u, fs in by_unit.items()}
    adopted = {u: {f.item_id for f in fs if f.kind == "adoption"} for u, fs in by_unit.items()}
    targets = spec.get("category_targets") or DEFAULT_MIX
    return NoticeData(
        title=_title(rule_set, period),
        period=period,
        hub_name=rule_set.hub.name,
        unit_of_account=_("元") if spec.get("unit") == "yuan" else _("分"),
        units=len(ids),
        submitted=sum(len(s) for s in submitted.values()),
        adopted=len({f.source_id for f in facts if f.kind == "adoption"}),
        groups=queries.rankings_by_class(rule_set, period.start, period.end),
        instructed=[
            (names.get(f.unit_id, ""), f.title, f"{f.attrs.get('leader_name', '')}")
            for f in facts
            if f.kind == "instruction"
        ],
        silent=[names[u] for u in ids if not submitted.get(u)],
        unadopted=[names[u] for u in ids if not adopted.get(u)],
        urgent=_urgent(facts, names),
        mix_targets=targets,
        overall_mix=_mix([f for f in facts if f.kind == "submission"], targets),
        unit_mix=[_unit_mix(names[u], by_unit.get(u, []), targets) for u in ids],
    )


def _urgent(facts: list[ScoringFact], names: dict[int, str]) -> list[tuple[str, str, int]] | None:
    if not any(k in registered_kinds() for k in URGENT_KINDS):
        return None
    counts = Counter((f.unit_id, f.kind) for f in facts if f.kind in URGENT_KINDS)
    labels = fact_kinds()
    return [(names.get(u, ""), str(labels[k]), n) for (u, k), n in sorted(counts.items())]


def _mix(submissions: list[ScoringFact], targets: list[dict[str, Any]]) -> list[Decimal]:
    cats = Counter(f.attrs.get("category") for f in submissions)
    total = len(submissions)
    return [_share(sum(cats[c] for c in t["categories"]), total) for t in targets]


def _unit_mix(name: str, facts: list[ScoringFact], targets: list[dict[str, Any]]) -> UnitMix:
    subs = [f for f in facts if f.kind == "submission"]
    tones = Counter(f.attrs.get("tone") for f in subs)
    return UnitMix(name, len(subs), _mix(subs, targets), tones["good"], tones["bad"])


# --- The Word document --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def cjk_font_path() -> str | None:
    """A CJK font file (fonts-noto-cjk), found through matplotlib's font search."""
    from matplotlib import font_manager

    candidates = sorted(p for p in font_manager.findSystemFonts() if "CJK" in p or "cjk" in p)
    preferred = [p for p in candidates if "SansCJK-Regular" in p] or candidates
    return preferred[0] if preferred else None


def bar_chart(rows: list[Any], unit_of_account: str) -> bytes:
    """PNG bytes: the top 20 units' totals."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    path = cjk_font_path()
    font = font_manager.FontProperties(fname=path) if path else None
    top = rows[:20]
    fig, ax = plt.subplots(figsize=(8, 4), dpi=120)
    ax.bar(range(len(top)), [float(r.total) for r in top], color="#b22222")
    ax.set_xticks(range(len(top)))
    ax.set_xticklabels([r.name for r in top], rotation=45, ha="right", fontproperties=font, fontsize=8)
    ax.set_ylabel(unit_of_account, fontproperties=font)
    ax.set_title(_("得分前列单位"), fontproperties=font)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def _red_rule(paragraph: Any) -> None:
    """A thick red rule under the masthead (paragraph bottom border)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in {"w:val": "thick", "w:sz": "24", "w:space": "1", "w:color": "C00000"}.items():
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def _table(document: Any, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _remarks(row: Any) -> str:
    marks = [_("不达标")] if row.below_pass else []
    if row.extra.get("disqualified"):
        marks.append(_("取消评优资格"))
    return "、".join(marks)


def _pct(share: Decimal) -> str:
    return f"{(share * 100).quantize(Decimal('0.1'))}%"


def render_docx(data: NoticeData, when: datetime.date) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    document = Document()
    masthead = document.add_paragraph()
    masthead.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = masthead.add_run(_("信息工作通报"))
    run.font.size, run.font.bold, run.font.color.rgb = Pt(36), True, RGBColor(0xC0, 0x00, 0x00)
    issuer = document.add_paragraph(f"{data.hub_name}　　{when.year}年{when.month}月{when.day}日")
    issuer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _red_rule(issuer)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_run = title.add_run(data.title)
    title_run.font.size, title_run.font.bold = Pt(22), True

    document.add_heading(_("一、总体情况"), level=2)
    document.add_paragraph(
        _("%(p)s，参加考核的%(u)s个单位共报送信息%(s)s条，被采用%(a)s条次。")
        % {"p": data.period.label, "u": data.units, "s": data.submitted, "a": data.adopted}
    )
    document.add_heading(_("二、得分排名"), level=2)
    for class_name, rows in data.groups.items():
        document.add_paragraph(class_name or _("考核单位"))
        _table(
            document,
            [_("名次"), _("单位"), _("得分（%(u)s）") % {"u": data.unit_of_account}, _("备注")],
            [[str(r.rank), r.name, f"{r.total.normalize():f}", _remarks(r)] for r in rows],
        )
    all_rows = sorted((r for rows in data.groups.values() for r in rows), key=lambda r: -r.total)
    if all_rows:
        document.add_picture(io.BytesIO(bar_chart(all_rows, data.unit_of_account)), width=Cm(15))

    document.add_heading(_("三、获领导批示的信息"), level=2)
    if data.instructed:
        _table(document, [_("单位"), _("信息"), _("批示领导")], [list(row) for row in data.instructed])
    else:
        document.add_paragraph(_("本期无。"))
    document.add_heading(_("四、未报送、未被采用的单位"), level=2)
    blank = _("全年空白") if data.period.kind == "year" else _("本期未报送")
    document.add_paragraph(f"{blank}：" + ("、".join(data.silent) or _("无")))
    document.add_paragraph(_("未被采用：") + ("、".join(data.unadopted) or _("无")))
    document.add_heading(_("五、紧急信息迟报、漏报情况"), level=2)
    if data.urgent is None:
        document.add_paragraph(_("紧急信息报送模块尚未接入考核，本节暂无数据。"))
    elif not data.urgent:
        document.add_paragraph(_("本期无迟报、漏报、瞒报、误报。"))
    else:
        _table(document, [_("单位"), _("情形"), _("次数")], [[u, k, str(n)] for u, k, n in data.urgent])
    document.add_heading(_("六、信息结构"), level=2)
    targets = data.mix_targets
    overall = "；".join(
        _("%(n)s占%(s)s（目标不低于%(t)s）") % {"n": t["name"], "s": _pct(s), "t": _pct(Decimal(t["share_at_least"]))}
        for t, s in zip(targets, data.overall_mix, strict=True)
    )
    document.add_paragraph(_("总体：") + overall + "。")
    _table(
        document,
        [_("单位"), _("报送"), *[t["name"] for t in targets], _("喜"), _("忧")],
        [[m.name, str(m.submitted), *[_pct(s) for s in m.shares], str(m.good), str(m.bad)] for m in data.unit_mix],
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- Writes -------------------------------------------------------------------------------------


def _require_manager(user: Any, rule_set: RuleSet) -> None:
    if not queries.can_manage(user, rule_set):
        raise PermissionRefused(_("只有该汇总单位的信息科人员可以编发通报。"))


def _build(notice: Notice) -> None:
    data = notice_data(notice.rule_set, Period(notice.start, notice.end, notice.period_type))
    content = render_docx(data, timezone.localdate())
    notice.document.save(f"notice-{notice.rule_set_id}-{notice.start:%Y%m%d}.docx", ContentFile(content), save=True)


@write_action
def create_notice(user: Any, rule_set: RuleSet, period: Period) -> Notice:
    """A draft notice for ``period``: the period is recomputed first, then the document is written.
    A draft for the same period is rebuilt; a published one is never changed."""
    _require_manager(user, rule_set)
    if rule_set.active_version is None:
        raise DomainError(_("该考核办法尚未启用任何版本。"))
    existing = Notice.objects.filter(rule_set=rule_set, period_type=period.kind, start=period.start).first()
    if existing is not None and existing.state == NoticeState.PUBLISHED:
        raise DomainError(_("%(p)s的通报已发布，不能重新生成。") % {"p": period.label})
    actions.recompute(user, rule_set, period.start, period.end)
    notice = existing or Notice(rule_set=rule_set, period_type=period.kind, start=period.start, created_by=user)
    notice.end = period.end
    notice.title = _title(rule_set, period)
    notice.save()
    _build(notice)
    record(user, "scoring.create_notice", notice, new={"period": period.code})
    return notice


@write_action
def publish_notice(user: Any, notice: Notice) -> int:
    """Put the notice on every assessed unit's reading list and tell their people."""
    from xinbao.notify.actions import notify
    from xinbao.orgs.models import User

    _require_manager(user, notice.rule_set)
    if notice.state == NoticeState.PUBLISHED:
        raise DomainError(_("该通报已发布。"))
    spec = notice.rule_set.active_version.spec if notice.rule_set.active_version else {}
    unit_ids = [u.unit_id for u in queries.assessed_units(notice.rule_set, spec)]
    NoticeReceipt.objects.bulk_create([NoticeReceipt(notice=notice, unit_id=u) for u in unit_ids])
    notice.state = NoticeState.PUBLISHED
    notice.published_at = timezone.now()
    notice.save(update_fields=["state", "published_at"])
    people = User.objects.filter(unit_id__in=unit_ids, is_active=True, deleted_at__isnull=True)
    notify(
        people,
        "scoring.notice",
        _("%(h)s发布了《%(t)s》。") % {"h": notice.rule_set.hub, "t": notice.title},
        url=f"/scoring/notices/{notice.pk}/",
    )
    record(user, "scoring.publish_notice", notice, new={"units": len(unit_ids)})
    return len(unit_ids)


def mark_read(user: Any, notice: Notice) -> None:
    """The first reader of a unit confirms receipt for the unit (a read receipt, not audited)."""
    NoticeReceipt.objects.filter(notice=notice, unit_id=user.unit_id, read_at__isnull=True).update(
        read_at=timezone.now(), read_by=user
    )


NOTICE_KINDS = ("month", "quarter", "year")


def generate_due_notices(today: datetime.date) -> list[Notice]:
    """Draft notices for every period (month, quarter, year) that ended yesterday, per active rule set
    whose own period is at most that long. Idempotent: an existing notice is left alone."""
    yesterday = today - datetime.timedelta(days=1)
    created = []
    for rule_set in queries.active_rule_sets(yesterday):
        rule_kind = rule_set.active_version.spec.get("period", "year")
        for kind in NOTICE_KINDS[NOTICE_KINDS.index(rule_kind) if rule_kind in NOTICE_KINDS else 0 :]:
            period = periods.containing(kind, yesterday)
            if period.end != yesterday:
                continue
            if Notice.objects.filter(rule_set=rule_set, period_type=kind, start=period.start).exists():
                continue
            created.append(create_notice(None, rule_set, period))
    return created


__all__ = ["PLANNED_FACT_KINDS", "create_notice", "generate_due_notices", "notice_data", "publish_notice"]
