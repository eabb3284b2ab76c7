"""The required elements of each report stage (要素清单) and the stage names 初报/续报一/…/终报.

An early report may leave elements blank ("先报已知，不等细节"); the page lists what is missing. The 终报
must complete every initial element (from any report of the unit on the event) and its own."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

INITIAL = {
    "received_at": gettext_lazy("接报时间"),
    "source": gettext_lazy("信息来源"),
    "occurred": gettext_lazy("事发时间"),
    "place": gettext_lazy("事发地点"),
    "nature": gettext_lazy("事件性质"),
    "scope": gettext_lazy("影响范围"),
    "casualties": gettext_lazy("伤亡情况"),
    "losses": gettext_lazy("财产损失"),
    "trend": gettext_lazy("发展趋势"),
    "leaders": gettext_lazy("领导到位情况"),
    "measures": gettext_lazy("已采取措施"),
    "proposals": gettext_lazy("建议"),
    "contact": gettext_lazy("现场负责人及联系方式"),
}
FOLLOWUP = {
    "progress": gettext_lazy("事件进展"),
    "casualties": gettext_lazy("伤亡情况"),
    "losses": gettext_lazy("财产损失"),
    "measures": gettext_lazy("已采取措施"),
    "next_steps": gettext_lazy("下一步工作"),
}
FINAL = {
    "course": gettext_lazy("事件经过"),
    "cause": gettext_lazy("原因分析"),
    "result": gettext_lazy("处置结果"),
    "aftermath": gettext_lazy("善后工作"),
    "lessons": gettext_lazy("整改措施和经验教训"),
}
STAGE_ELEMENTS = {"initial": INITIAL, "followup": FOLLOWUP, "final": FINAL}
CHINESE_NUMBERS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    if 1 <= n <= 10:
        return CHINESE_NUMBERS[n - 1]
    if n < 20:
        return "十" + CHINESE_NUMBERS[n - 11]
    if n < 100:
        tens, ones = divmod(n, 10)
        return CHINESE_NUMBERS[tens - 1] + "十" + (CHINESE_NUMBERS[ones - 1] if ones else "")
    return str(n)


def stage_label(stage: str, number: int = 0) -> str:
    if stage == "initial":
        return _("初报")
    if stage == "final":
        return _("终报")
    return _("续报%(n)s") % {"n": chinese_number(number)} if number else _("续报")


def stage_fields(stage: str) -> dict[str, object]:
    return dict(STAGE_ELEMENTS[stage])


def missing(stage: str, elements: Mapping[str, str]) -> list[str]:
    """Labels of the stage's elements left blank (shown, never blocking before the 终报)."""
    return [str(label) for key, label in STAGE_ELEMENTS[stage].items() if not str(elements.get(key, "")).strip()]


def missing_for_final(earlier: Iterable[Mapping[str, str]], final: Mapping[str, str]) -> list[str]:
    """What the 终报 still lacks: initial elements nobody reported yet, and the 终报's own."""
    known = {key for report in [*earlier, final] for key, value in report.items() if str(value).strip()}
    gaps = [str(label) for key, label in INITIAL.items() if key not in known]
    return gaps + missing("final", final)


def clean(stage: str, data: Mapping[str, object]) -> dict[str, str]:
    """Only the stage's keys, as trimmed text."""
    return {key: str(data.get(key, "") or "").strip()[:2000] for key in STAGE_ELEMENTS[stage]}
