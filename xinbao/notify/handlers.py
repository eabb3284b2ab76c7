"""What notify does on lower layers' signals (orgs cannot import notify)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from xinbao.orgs import queries as org_queries
from xinbao.orgs.roles import Role

from .actions import notify


def tell_urged_unit(sender: Any, *, actor: Any, unit: Any, note: str = "", **kwargs: Any) -> None:
    """督促: the unit's signers (who answer for its information work) hear that their hub asks for an
    officer to be registered."""
    hub = actor.unit.name if actor is not None and actor.unit_id else _("上级信息科")
    text = _("%(h)s督促：%(u)s目前没有在岗信息员，请尽快确定人选并报送备案。") % {"h": hub, "u": unit.name}
    if note:
        text += _("附言：%(n)s") % {"n": note}
    notify(org_queries.users_with_role(Role.SIGNER, unit=unit), "orgs.urged", text, url="/")
