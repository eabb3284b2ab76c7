"""Test helpers for other apps: an item drafted, signed and submitted through the real actions."""

from __future__ import annotations

from typing import Any

from xinbao.orgs.testing import SmallCity

from . import actions
from .models import Category, Submission


def make_submitted_item(
    city: SmallCity,
    *,
    officer: Any = None,
    signer: Any = None,
    title: str = "城关镇推行“一窗通办”群众办事时间缩短一半",
    body: str = "今年以来，城关镇推行“一窗通办”改革，群众办事平均时间由40分钟缩短到20分钟。",
    category: str = Category.NEWS,
    channel_code: str = "party",
    **fields: Any,
) -> Submission:
    """Draft → 报送 → 签发 by the unit's own people; returns the submission at the unit's hub in
    ``channel_code`` (for the small city's township: the county hub)."""
    officer = officer or city.officer
    if signer is None:
        signer = {
            city.people["officer"].unit_id: city.people["signer"],
            city.people["officer2"].unit_id: city.people["signer2"],
            city.people["officer3"].unit_id: city.people["signer3"],
            city.people["dept_officer"].unit_id: city.people["dept_signer"],
        }[officer.unit_id]
    fields.setdefault("writer_name", officer.display_name)
    fields.setdefault("writer_phone", "0571-88886666")
    item = actions.create_draft(officer, category=category, title=title, body=body, **fields)
    channel = city.channels[channel_code]
    actions.submit(officer, item, [channel])
    subs = actions.sign_off(signer, item)
    return next(s for s in subs if s.channel_id == channel.pk)
