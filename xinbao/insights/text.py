"""Chinese text for insights: normalisation, character shingles (similarity) and jieba words (search,
keywords, suggestions), with the office terms hubs add to the segmenter's dictionary.

Character n-grams need no segmenter (DESIGN.md), so near-duplicate detection uses them; jieba is used
where words are needed. jieba's dictionary ships inside the package (no download at run time).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

import jieba

jieba.setLogLevel(60)  # jieba prints its dictionary loading to stderr otherwise

# Punctuation, spaces and digits carry no topic; runs of them become one separator.
_NOISE = re.compile(r"[\s\u3000，。、；：？！“”‘’（）《》〈〉【】〔〕…—\-,.;:?!\"'()\[\]<>/\\|_=+*&%$#@~`^{}0-9０-９]+")
_WORDLIKE = re.compile(r"[\u4e00-\u9fffA-Za-z]")

# Common function words and office boilerplate that say nothing about a topic.
STOPWORDS = frozenset(
    " ".join(
        "的 了 和 与 及 在 是 为 对 将 并 等 也 有 中 上 下 把 被 从 以 "
        "于 就 都 而 又 或 这 那 其 之 一 二 三 四 五 我们 他们 今年以来 目前 "
        "截至 截至目前 下一步 进一步 持续 坚持 加强 推进 开展 工作 情况 有关 相关 "
        "方面 部分 一是 二是 三是 四是 全面 积极 不断 切实 确保 通过 进行 已经 "
        "同时 其中 主要 明显 有效 实现 提高 提升 加大 我镇 我县 我市 我区 本镇 "
        "本县 群众 各类 各项 以来 方面 问题 建议 原因 "
    ).split()
)

_lock = threading.Lock()
_added: set[str] = set()


def normalise(text: str) -> str:
    """The text without punctuation, spaces and digits (shingles then span real characters only)."""
    return _NOISE.sub("", text or "")


def shingles(text: str, size: int = 3) -> list[str]:
    """Character ``size``-grams of the normalised text (a short text gives itself as one shingle)."""
    clean = normalise(text)
    if len(clean) <= size:
        return [clean] if clean else []
    return [clean[i : i + size] for i in range(len(clean) - size + 1)]


def add_words(words: Iterable[str]) -> None:
    """Teach the segmenter office terms (a hub's dictionary). Words are process-wide and only ever
    added: a word helps every hub's segmentation and harms none."""
    with _lock:
        for word in words:
            word = word.strip()
            if word and word not in _added:
                jieba.add_word(word, freq=2000)
                _added.add(word)


def load_hub_dictionary() -> None:
    """Every hub's dictionary words (called before segmenting in a fresh process)."""
    from .models import HubTerm, TermKind

    add_words(HubTerm.objects.filter(kind=TermKind.DICTIONARY, deleted_at__isnull=True).values_list("text", flat=True))


def words(text: str, *, search: bool = False) -> list[str]:
    """jieba words of ``text`` (search mode adds the sub-words of long words), no punctuation."""
    cut = jieba.cut_for_search(text or "") if search else jieba.cut(text or "")
    return [w.strip().lower() for w in cut if w.strip() and _WORDLIKE.search(w)]


def keywords(text: str) -> list[str]:
    """Content words (two characters or more, not stop words) for keywords and suggestions."""
    return [w for w in words(text) if len(w) >= 2 and w not in STOPWORDS]
