"""The notice's bar chart (matplotlib, Agg): the units' totals in the office's colours, CJK labels.

Drawn with matplotlib's object API (Agg, no pyplot). The font is a CJK face found on the machine (Debian
fonts-noto-cjk; 黑体's stand-in, Noto Sans CJK, is
preferred); without one every Chinese character would come out as a box. Bars are the masthead's red;
units below the pass mark are grey. Charts are cached per figures (a preview reload draws nothing).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache

from xinbao.core.documents import RED_HEX

RED = f"#{RED_HEX}"
GREY = "#8C8C8C"
INK = "#333333"
GRID = "#D9D9D9"
MAX_BARS = 20


@lru_cache(maxsize=1)
def cjk_font_path() -> str | None:
    """A CJK font file (fonts-noto-cjk), found through matplotlib's font search."""
    from matplotlib import font_manager

    candidates = sorted(p for p in font_manager.findSystemFonts() if "CJK" in p or "cjk" in p)
    preferred = [p for p in candidates if "SansCJK-Regular" in p] or candidates
    return preferred[0] if preferred else None


def bar_chart(rows: Sequence[tuple[str, float, bool]], unit_label: str, title: str) -> bytes:
    """PNG bytes: the first ``MAX_BARS`` units (name, total, below the pass mark), highest first."""
    return _draw(tuple(rows[:MAX_BARS]), unit_label, title)


@lru_cache(maxsize=64)
def _draw(rows: tuple[tuple[str, float, bool], ...], unit_label: str, title: str) -> bytes:
    # The object API (no pyplot): no global figure state, safe in a threaded server, and a much
    # lighter import than pyplot.
    from matplotlib import font_manager
    from matplotlib.figure import Figure

    path = cjk_font_path()
    font = font_manager.FontProperties(fname=path) if path else None
    fig = Figure(figsize=(8, 4), dpi=150)
    ax = fig.subplots()
    positions = range(len(rows))
    totals = [total for _name, total, _below in rows]
    bars = ax.bar(positions, totals, color=[GREY if below else RED for _n, _t, below in rows], width=0.6)
    for bar, total in zip(bars, totals, strict=True):
        ax.annotate(
            f"{total:g}",
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=7,
            color=INK,
            xytext=(0, 2),
            textcoords="offset points",
        )
    ax.set_xticks(list(positions))
    ax.set_xticklabels([name for name, _t, _b in rows], rotation=45, ha="right", fontproperties=font, fontsize=8)
    ax.set_ylabel(unit_label, fontproperties=font, color=INK)
    ax.set_title(title, fontproperties=font, color=INK, fontsize=11)
    ax.yaxis.grid(True, color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(GREY)
    ax.tick_params(colors=INK, labelsize=8)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
