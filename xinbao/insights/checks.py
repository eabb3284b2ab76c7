"""Writing checks before 报送: length against the category's norm, the elements a category needs, the
hub's sensitive or banned expressions, and the hub's 报送要点 and 约稿 topics the text matches.

Checks advise; they never refuse a 报送 (the writer and the signer decide).

约稿 topics come from the commissions app, which sits below insights but is built in parallel: it (or
any other app) offers its open topics through ``register_topic_source`` — a function
``(user) -> [(title, url)]`` — so insights never imports it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import HubTerm, TermKind
from .text import keywords, normalise

if TYPE_CHECKING:
    from xinbao.orgs.models import User

# (fewest, most) characters of the body, by category: the usual lengths offices ask for.
LENGTH_NORMS: dict[str, tuple[int, int]] = {
    "news": (150, 800),
    "experience": (400, 2000),
    "problem": (300, 1500),
    "opinion": (300, 1500),
    "research": (1500, 8000),
    "special": (500, 3000),
    "economy": (300, 1500),
    "commission": (300, 3000),
    "combined": (300, 3000),
    "urgent": (50, 1500),
}

# Required elements: (label, patterns any of which shows the element is there).
ELEMENTS: dict[str, list[tuple[Any, str]]] = {
    "problem": [
        (gettext_lazy("问题"), r"问题|不足|短板|困难|隐患|矛盾|难题"),
        (gettext_lazy("原因"), r"原因|主要是|究其|由于|源于|导致"),
        (gettext_lazy("建议"), r"建议|对策|措施|应当|亟需|需要"),
    ],
    "research": [
        (gettext_lazy("问题"), r"问题|不足|短板|困难|制约"),
        (gettext_lazy("建议"), r"建议|对策|措施"),
    ],
    "urgent": [
        (gettext_lazy("时间"), r"\d{1,2}[时点:：]|\d{1,2}月\d{1,2}日|凌晨|上午|下午|晚上|今天|昨天"),
        (gettext_lazy("地点"), r"[省市县区镇乡村街路道园]"),
        (gettext_lazy("信息来源"), r"据|报告|报称|接报|获悉|反映|来源"),
        (gettext_lazy("性质"), r"事故|火灾|灾害|事件|疫情|聚集|爆炸|坍塌|泄漏"),
        (gettext_lazy("伤亡和损失"), r"死亡|受伤|伤亡|失踪|损失|无人员伤亡|被困"),
        (gettext_lazy("已采取措施"), r"已采取|已组织|已调派|正在|赶赴|到场|处置"),
    ],
}

TopicSource = Callable[[Any], list[tuple[str, str]]]
_topic_sources: list[TopicSource] = []


def register_topic_source(source: TopicSource) -> None:
    """Hook for 约稿 topics (the commissions app): ``source(user)`` → [(topic title, url)]."""
    if source not in _topic_sources:
        _topic_sources.append(source)


def unregister_topic_source(source: TopicSource) -> None:
    if source in _topic_sources:
        _topic_sources.remove(source)


@dataclass
class Finding:
    level: str  # ok | warning | info
    text: str


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    sensitive: list[str] = field(default_factory=list)
    topics: list[tuple[str, str]] = field(default_factory=list)  # (topic, url or "")

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "findings": [{"level": f.level, "text": f.text} for f in self.findings],
            "sensitive": self.sensitive,
            "topics": [{"topic": t, "url": u} for t, u in self.topics],
        }


def check_length(category: str, body: str) -> Finding | None:
    norm = LENGTH_NORMS.get(category)
    if norm is None:
        return None
    n = len(normalise(body))
    low, high = norm
    if n < low:
        return Finding(
            "warning", _("正文约%(n)s字，偏短：此类信息一般为%(a)s–%(b)s字。") % {"n": n, "a": low, "b": high}
        )
    if n > high:
        return Finding(
            "warning", _("正文约%(n)s字，偏长：此类信息一般为%(a)s–%(b)s字。") % {"n": n, "a": low, "b": high}
        )
    return Finding("ok", _("正文约%(n)s字，篇幅合适。") % {"n": n})


def check_elements(category: str, text: str) -> list[Finding]:
    missing = [str(label) for label, pattern in ELEMENTS.get(category, []) if not re.search(pattern, text)]
    if not ELEMENTS.get(category):
        return []
    if missing:
        return [Finding("warning", _("可能缺少要素：%(m)s。") % {"m": "、".join(missing)})]
    return [Finding("ok", _("要素齐全。"))]


def _hub_terms(hub_ids: list[int], kind: str) -> list[str]:
    return list(
        HubTerm.objects.filter(hub_id__in=hub_ids, kind=kind, deleted_at__isnull=True)
        .values_list("text", flat=True)
        .distinct()
    )


def matching_topics(user: User | None, text: str, hub_ids: list[int]) -> list[tuple[str, str]]:
    """The hub's 报送要点 and the open 约稿 topics that share a content word with the text."""
    words = set(keywords(text))
    clean = normalise(text)
    found: list[tuple[str, str]] = []
    candidates = [(t, "") for t in _hub_terms(hub_ids, TermKind.TOPIC)]
    for source in _topic_sources:
        candidates += source(user)
    for topic, url in candidates:
        topic_words = set(keywords(topic))
        if normalise(topic) in clean or (topic_words and topic_words & words):
            found.append((topic, url))
    return found


def check(user: User | None, title: str, body: str, category: str = "") -> Report:
    from .similarity import reader_scopes

    hub_ids = reader_scopes(user)
    text = f"{title}\n{body}"
    report = Report()
    length = check_length(category, body)
    if length:
        report.findings.append(length)
    report.findings += check_elements(category, text)
    report.sensitive = [t for t in _hub_terms(hub_ids, TermKind.SENSITIVE) if t and t in text]
    if report.sensitive:
        report.findings.append(
            Finding("warning", _("含有敏感或禁用表述：%(t)s，请斟酌修改。") % {"t": "、".join(report.sensitive)})
        )
    report.topics = matching_topics(user, text, hub_ids)
    if report.topics:
        report.findings.append(
            Finding("info", _("与报送要点或约稿选题相关：%(t)s。") % {"t": "、".join(t for t, _u in report.topics)})
        )
    return report
