"""What a 通报 says, laid out once as blocks for both outputs: the Word file (``render``) and the HTML
preview (``templates/scoring/_notice_paper.html``), so the two never differ.

Titles of items (批示 list, top items) are the item's one title (``items.titles.titles_of``: as printed in
an issue, else as adopted, else the hub's current title), and always pass the read
policy for documents read by many (``items.policy.public_titles``): a 秘密/机密 or restricted item is
named "〔涉密信息〕（编号N）". Sections are numbered as they appear; a section with nothing to say about
an app that is not there is left out, never filled with a placeholder.
"""

from __future__ import annotations

import base64
import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from xinbao.core.documents import chinese_date, paragraphs_of
from xinbao.items.policy import public_titles
from xinbao.items.titles import titles_of

from . import chart
from .data import ItemLine, NoticeData, RankLine

if TYPE_CHECKING:
    from ..models import Notice

NUMERALS = "一二三四五六七八九十"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 23 → 二十三 (section numbers of a notice, 1–99)."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return NUMERALS[ones - 1]
    head = "" if tens == 1 else NUMERALS[tens - 1]
    return head + "十" + (NUMERALS[ones - 1] if ones else "")


MAX_LISTED_UNITS = 15  # 发: longer lists are summarised


@dataclass
class Block:
    kind: str  # heading | subheading | para | lead | table | chart
    text: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    numeric: tuple[int, ...] = ()
    widths: tuple[float, ...] = ()  # cm, summing to the 15.6 cm 版心
    png: bytes = b""

    @property
    def percents(self) -> list[str]:
        """Column widths for the HTML preview, as in the Word file."""
        total = sum(self.widths) or 1
        return [f"{100 * w / total:.1f}%" for w in self.widths]

    @property
    def data_uri(self) -> str:
        """The chart for the HTML preview (the CSP allows ``data:`` images)."""
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


@dataclass
class NoticeDocument:
    masthead: str
    hub_name: str
    date: datetime.date | None
    title: str
    blocks: list[Block]
    report_to: list[str]
    issue_to: list[str]

    @property
    def date_text(self) -> str:
        return chinese_date(self.date)


def item_titles(lines: list[ItemLine]) -> dict[int, str]:
    """The title each item is named by in a document read by many (see the module docstring)."""
    if not lines:
        return {}
    fallback = {line.item_id: line.title for line in lines}
    one = titles_of(fallback)
    return public_titles({pk: one.get(pk, title) for pk, title in fallback.items()})


def _pct(share: Decimal) -> str:
    return f"{(share * 100).quantize(Decimal('0.1'))}%"


def _number(total: Decimal) -> str:
    return f"{total.normalize():f}"


def _remarks(row: RankLine) -> str:
    marks = [_("不达标")] if row.below_pass else []
    if row.disqualified:
        marks.append(_("取消评优资格"))
    return "、".join(marks)


def _section_texts(key: str) -> tuple[str, str]:
    titles = {
        "urgent": (_("紧急信息报送情况"), _("本期无迟报、漏报、瞒报、误报。")),
        "commission": (_("约稿完成情况"), _("本期无约稿完成情况记录。")),
        "error": (_("差错情况"), _("本期无上级通报的差错。")),
        "instruction": (_("批示落实反馈情况"), _("本期无落实反馈迟报、未报。")),
        "item": (_("原稿转送交办情况"), _("本期无原稿转送有关部门办理。")),
    }
    return titles.get(key, (_("其他考核事项"), _("本期无相关记录。")))


class _Writer:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.sections = 0

    def heading(self, text: str) -> None:
        self.sections += 1
        self.blocks.append(Block("heading", f"{chinese_numeral(self.sections)}、{text}"))

    def para(self, text: str) -> None:
        self.blocks.append(Block("para", text))

    def table(
        self, header: list[str], rows: list[list[str]], numeric: tuple[int, ...], widths: tuple[float, ...]
    ) -> None:
        self.blocks.append(Block("table", header=header, rows=rows, numeric=numeric, widths=widths))


def build(
    notice: Notice, data: NoticeData, *, when: datetime.date | None = None, titles: dict[int, str] | None = None
) -> NoticeDocument:
    """The document of ``notice`` (its title, lead and remarks) with ``data``, dated ``when`` (the
    publication date; today for a draft). ``titles``: the items' titles when already chosen (a sample
    made without a database); otherwise ``item_titles``."""
    with translation.override("zh-hans"):
        if titles is None:
            titles = item_titles([*data.instructed, *data.top_items])
        return _build(notice, data, when or _date_of(notice), titles)


def _date_of(notice: Notice) -> datetime.date:
    return timezone.localdate(notice.published_at) if notice.published_at else timezone.localdate()


def _build(notice: Notice, data: NoticeData, when: datetime.date, titles: dict[int, str]) -> NoticeDocument:
    w = _Writer()
    unit = _("元") if data.unit_of_account == "yuan" else _("分")
    for text in paragraphs_of(notice.lead):
        w.blocks.append(Block("lead", text))

    w.heading(_("总体情况"))
    w.para(
        _("%(p)s，参加考核的%(u)s个单位共报送信息%(s)s条，被采用%(a)s条次。")
        % {"p": data.period.label, "u": data.units, "s": data.submitted, "a": data.adopted}
    )

    if any(group.rows for group in data.rankings):
        w.heading(_("得分排名"))
        several = len(data.rankings) > 1
        for i, group in enumerate(data.rankings):
            if several:
                w.blocks.append(Block("subheading", f"（{chinese_numeral(i + 1)}）{group.name or _('其他单位')}"))
            w.table(
                [_("名次"), _("单位"), _("得分（%(u)s）") % {"u": unit}, _("备注")],
                [[str(r.rank), r.name, _number(r.total), _remarks(r)] for r in group.rows],
                (0, 2),
                (1.8, 7.6, 2.6, 3.6),
            )
        rows = [(r.name, float(r.total), r.below_pass) for r in data.all_rows]
        w.blocks.append(Block("chart", png=chart.bar_chart(rows, unit, _("各单位得分"))))

    w.heading(_("获领导批示的信息"))
    if data.instructed:
        w.table(
            [_("序号"), _("信息"), _("报送单位"), _("批示领导")],
            [[str(i), titles[x.item_id], x.unit, x.detail] for i, x in enumerate(data.instructed, 1)],
            (0,),
            (1.4, 7.8, 3.6, 2.8),
        )
    else:
        w.para(_("本期没有获领导批示的信息。"))

    if data.top_items:
        w.heading(_("得分居前的信息"))
        w.table(
            [_("序号"), _("信息"), _("报送单位"), _("得分（%(u)s）") % {"u": unit}],
            [[str(i), titles[x.item_id], x.unit, x.detail] for i, x in enumerate(data.top_items, 1)],
            (0, 3),
            (1.4, 8.2, 3.4, 2.6),
        )

    w.heading(_("未报送、未被采用的单位"))
    blank = _("全年空白") if data.period.kind == "year" else _("本期未报送")
    w.para(f"{blank}：" + ("、".join(data.silent) or _("无")) + "。")
    w.para(_("未被采用：") + ("、".join(data.unadopted) or _("无")) + "。")

    for section in data.sections:
        title, empty = _section_texts(section.key)
        w.heading(title)
        if section.rows:
            w.table(
                [_("单位"), _("情形"), _("次数")],
                [[r.unit, r.label, str(r.count)] for r in section.rows],
                (2,),
                (7.6, 5.2, 2.8),
            )
        else:
            w.para(empty)

    w.heading(_("信息结构"))
    targets = data.mix_targets
    overall = "；".join(
        _("%(n)s占%(s)s（目标不低于%(t)s）") % {"n": t["name"], "s": _pct(s), "t": _pct(Decimal(t["share_at_least"]))}
        for t, s in zip(targets, data.overall_mix, strict=True)
    )
    w.para(_("总体：") + overall + "。")
    names = [str(t["name"]) for t in targets]
    share_width = round(6.4 / max(len(names), 1), 2)
    w.table(
        [_("单位"), _("报送"), *names, _("喜"), _("忧")],
        [[m.name, str(m.submitted), *[_pct(s) for s in m.shares], str(m.good), str(m.bad)] for m in data.unit_mix],
        tuple(range(1, len(names) + 4)),
        (5.0, 1.6, *([share_width] * len(names)), 1.3, 1.3),
    )

    remarks = paragraphs_of(notice.remarks)
    if remarks:
        w.heading(_("有关要求"))
        for text in remarks:
            w.para(text)

    issue_to = data.issue_to
    if len(issue_to) > MAX_LISTED_UNITS:
        issue_to = [_("各被考核单位（共%(n)s个）") % {"n": len(issue_to)}]
    return NoticeDocument(
        masthead=_("信息工作通报"),
        hub_name=data.hub_name,
        date=when,
        title=notice.title,
        blocks=w.blocks,
        report_to=data.report_to,
        issue_to=issue_to,
    )
