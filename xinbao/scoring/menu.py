"""What scoring adds to the menu and the home page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from xinbao.core.registry import MenuEntry, register_menu

register_menu(MenuEntry("scoring.rule_sets", gettext_lazy("考核"), "scoring:index", None, order=50))
