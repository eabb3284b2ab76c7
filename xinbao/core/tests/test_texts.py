"""Texts a person reads: Django's default form messages in plain Chinese (never "变量"), and the
writing tips faithful to the seeds."""

from __future__ import annotations

from django.utils import translation

from xinbao.items.forms import ReasonForm
from xinbao.items.guides import GUIDES


def test_a_too_long_text_is_explained_in_plain_chinese():
    with translation.override("zh-hans"):
        form = ReasonForm({"reason": "字" * 501})
        assert not form.is_valid()
        message = form.errors["reason"][0]
    assert "变量" not in message and "最多 500 个字（现有 501 个字）" in message


def test_the_problem_tip_does_not_praise_reporting_only_bad_news():
    # The seeds criticise 报喜不报忧; the tip must not praise the reverse.
    tips = " ".join(str(tip) for tip in GUIDES.values())
    assert "报忧不报喜也是成绩" not in tips and "不能报喜不报忧" in tips
