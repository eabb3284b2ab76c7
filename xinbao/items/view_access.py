"""The submission a page works on, or the refusal: shared by the items app's view modules."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from xinbao.core.http import AuthedRequest
from xinbao.orgs import duties

from . import queries
from .models import Submission


def submission_or_404(request: AuthedRequest, submission_id: int) -> Submission:
    """A submission the person may see (404 for any other: its existence is not revealed)."""
    sub = queries.visible_submission(request.user, submission_id)
    if sub is None:
        raise Http404
    return sub


def screenable_or_403(request: AuthedRequest, submission_id: int, refusal: str | None = None) -> Submission:
    """A submission the person may see and screen at its hub (the hub's 信息科), else 404 / 403."""
    sub = submission_or_404(request, submission_id)
    if not duties.can_screen(request.user, sub.hub_id):
        raise PermissionDenied(refusal or _("只有接收单位信息科的人员可以处理这条报送。"))
    return sub
