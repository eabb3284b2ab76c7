"""Side-by-side comparison of two versions, character by character (Chinese has no word spaces)."""

from __future__ import annotations

from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def side_by_side(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Two HTML strings: the old text with deletions marked, the new text with insertions marked."""
    left: list[str] = []
    right: list[str] = []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        before, after = escape(old[a1:a2]), escape(new[b1:b2])
        if op == "equal":
            left.append(before)
            right.append(after)
            continue
        if before:
            left.append(f'<del class="xb-del">{before}</del>')
        if after:
            right.append(f'<ins class="xb-ins">{after}</ins>')
    return mark_safe("".join(left)), mark_safe("".join(right))  # every piece escaped above
