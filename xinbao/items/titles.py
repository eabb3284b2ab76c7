"""One item, one title everywhere: what a 批示, a ledger line, a 十佳 list, a notice or a message names an
item by. An item printed in an issue goes by the title as printed (publications registers that source);
otherwise by the title the hub adopted it under — the latest adopting hub's — and failing that, the
latest hub's current title, then the writer's own.

These are raw titles: whoever shows one to a person still passes it through the read policy
(``policy.titles_for`` / ``public_titles``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from xinbao.core.idlists import IdList

from .models import Item, Submission, SubmissionState

PrintedTitles = Callable[[IdList], dict[int, str]]
_printed_sources: list[PrintedTitles] = []


def register_printed_titles(source: PrintedTitles) -> None:
    """A higher app (publications) gives the titles items were printed under; ``AppConfig.ready``."""
    if source not in _printed_sources:
        _printed_sources.append(source)


def titles_of(item_ids: Iterable[int]) -> dict[int, str]:
    """{item id: the one title} for many items, in a fixed number of queries whatever their number."""
    return titles_and_marks(item_ids)[0]


def titles_and_marks(item_ids: Iterable[int]) -> tuple[dict[int, str], dict[int, tuple[str, str]]]:
    """``titles_of``, and each item's (密级, 知悉范围) read in the same query: what ``policy`` labels a
    title by, without reading a year's 400,000 items twice."""
    ids = list(dict.fromkeys(item_ids))
    if not ids:
        return {}, {}
    wanted = IdList(ids)  # made once for the three queries
    marks: dict[int, tuple[str, str]] = {}
    titles: dict[int, str] = {}
    # (No ordering: Item's default ordering would sort a year's 400,000 rows for nothing.)
    for pk, title, classification, readers in (
        Item.objects.filter(pk__in_ids=wanted).order_by().values_list("pk", "title", "classification", "readers")
    ):
        titles[pk], marks[pk] = title, (classification, readers)
    hub_titles: dict[int, str] = {}
    adopted: dict[int, str] = {}
    rows = Submission.objects.filter(item_id__in_ids=wanted).order_by("received_at", "pk")
    for item_id, title, state in rows.values_list("item_id", "title", "state"):
        hub_titles[item_id] = title
        if state == SubmissionState.ADOPTED:
            adopted[item_id] = title
    titles.update(hub_titles)
    titles.update(adopted)
    for source in _printed_sources:
        titles.update(source(wanted))
    return titles, marks


def title_of(item: Item) -> str:
    return titles_of([item.pk]).get(item.pk, item.title)
