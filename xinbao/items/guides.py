"""A short writing guide per category, shown beside the drafting form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from .models import Category

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

GUIDES: dict[str, StrPromise] = {
    Category.NEWS: _("动态类：写清何时、何地、何事、何效果，一事一报，突出新做法、新进展，避免会议流水账。"),
    Category.EXPERIENCE: _("经验类：交代背景，写明具体做法（分条）和取得的成效（用数据说话），点出可复制推广之处。"),
    Category.PROBLEM: _(
        "问题类：先讲清事实（范围、程度、数据），再分析原因，最后提出具体可行的对策建议。如实反映问题是信息工作的本分，不能报喜不报忧。"
    ),
    Category.OPINION: _("社情民意：反映群众的真实呼声，写明反映的人群和具体诉求，附上分析和建议，不夹带个人诉求。"),
    Category.RESEARCH: _("调研报告：说明调研的对象和方法，用数据和典型事例呈现发现，归纳问题并提出有针对性的建议。"),
    Category.SPECIAL: _("专报：针对重要情况单独成篇，直报领导参阅，要素齐全、观点鲜明、篇幅精炼。"),
    Category.ECONOMY: _("经济运行：报告重点指标（数值、同比、环比），说明变化原因和趋势，指出需要关注的风险。"),
    Category.COMMISSION: _("约稿回复：紧扣约稿题目和要求作答，在规定时限内报送，注明所回复的约稿。"),
    Category.URGENT: _(
        "紧急信息：突发事件请先在“紧急信息”菜单快报并按时限报送各阶段报告；这里起草的是供编发刊物的信息稿，"
        "写清时间、地点、性质、伤亡损失、已采取措施和发展趋势。"
    ),
}


def guide_for(category: str) -> str:
    return str(GUIDES.get(category, ""))
