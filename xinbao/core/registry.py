"""Navigation and home-page panels, contributed by each app in its ``AppConfig.ready``.

Apps never edit the base template or the home view: they register what they offer and for
which roles, so the menu shows only what a role may use.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class MenuEntry:
    key: str
    label: Any  # lazy translation
    url_name: str
    roles: frozenset[str] | None = None  # None: every signed-in user
    order: int = 100

    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


@dataclass
class PanelData:
    """What a home panel shows: a count of waiting things, a link, and a few rows."""

    count: int | None = None
    url: str | None = None
    rows: Sequence[tuple[str, str | None]] = field(default_factory=list)
    note: str = ""


@dataclass(frozen=True)
class HomePanel:
    key: str
    title: Any
    roles: frozenset[str]
    build: Callable[[Any], PanelData]
    order: int = 100


_lookups: dict[str, Callable[[], list[tuple[str, str]]]] = {}


def register_lookup(name: str, fn: Callable[[], list[tuple[str, str]]]) -> None:
    """A list of (value, hint) pairs a lower app's form may offer, provided by a higher app
    (e.g. ``adopting_bodies``: the register of adopting bodies kept by scoring, offered by the
    adoption form of items)."""
    _lookups[name] = fn


def lookup(name: str) -> list[tuple[str, str]]:
    fn = _lookups.get(name)
    return fn() if fn is not None else []


_menu: dict[str, MenuEntry] = {}
_panels: dict[str, HomePanel] = {}


def register_menu(*entries: MenuEntry) -> None:
    for entry in entries:
        _menu[entry.key] = entry


def register_panel(*panels: HomePanel) -> None:
    for panel in panels:
        _panels[panel.key] = panel


def _visible(roles: frozenset[str] | None, user_roles: set[str]) -> bool:
    return roles is None or bool(roles & user_roles)


def menu_for(user_roles: set[str]) -> list[tuple[MenuEntry, str]]:
    entries = sorted(_menu.values(), key=lambda e: (e.order, e.key))
    result = []
    for entry in entries:
        url = entry.url()
        if url and _visible(entry.roles, user_roles):
            result.append((entry, url))
    return result


def panels_for(user_roles: set[str]) -> list[HomePanel]:
    return [p for p in sorted(_panels.values(), key=lambda p: (p.order, p.key)) if p.roles & user_roles]


@dataclass(frozen=True)
class Section:
    """A part of another app's page, contributed from a higher layer (e.g. the 批示 of an issue on the
    issue page): the page asks ``sections_for`` and includes each section's template with its data."""

    key: str
    target: str  # which page: "publications.issue", "items.item", "items.submission", "items.queue" …
    template: str
    build: Callable[[Any, Any], dict[str, Any] | None]  # (user, object) → template context, or None to hide
    order: int = 100


_sections: dict[str, Section] = {}


def register_section(*sections: Section) -> None:
    for section in sections:
        _sections[section.key] = section


def sections_for(target: str, user: Any, obj: Any) -> list[tuple[Section, dict[str, Any]]]:
    found = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.key)):
        if section.target != target:
            continue
        data = section.build(user, obj)
        if data is not None:
            found.append((section, data))
    return found
