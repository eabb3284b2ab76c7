"""Notices (通报): monthly, quarterly and yearly, as an official Word document and an HTML preview.

- ``data``: the figures, gathered when the notice is generated and stored with it (``Notice.figures``);
- ``content``: what the notice says, as blocks shared by both outputs (titles through the read policy);
- ``render``: the Word file through the shared builder (``xinbao.core.documents``);
- ``chart``: the bar chart (matplotlib, a CJK font, the office's colours);
- ``queries``: which notices a user may open, and what they may do with them.

The writes (generate, edit, submit, approve, return, publish, withdraw, read) are in
``xinbao.scoring.notice_actions``; the lifecycle table in ``xinbao.scoring.states``.
"""

from __future__ import annotations

from .chart import cjk_font_path
from .data import NoticeData, notice_data

__all__ = ["NoticeData", "cjk_font_path", "notice_data"]
