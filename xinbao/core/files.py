"""Serving stored files only through views that checked who may read them.

In production nginx serves the bytes: the view answers with ``X-Accel-Redirect`` to an ``internal``
location (setting ``XINBAO_PROTECTED_MEDIA_PREFIX``, e.g. ``/protected/``; see docs/security.md), so the
media folder is never reachable by URL. Without that setting (the demo, tests) Django streams the file.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase


def serve_protected(stored: Any, download_name: str, *, inline: bool = False) -> HttpResponseBase:
    """The file of a ``FieldFile`` as a download named ``download_name`` (the caller checked access)."""
    if not stored:
        raise Http404
    prefix = getattr(settings, "XINBAO_PROTECTED_MEDIA_PREFIX", "")
    if prefix:
        response = HttpResponse()
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(stored.name)
        response["Content-Type"] = ""  # nginx sets it from the file
        disposition = "inline" if inline else "attachment"
        response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(download_name)}"
        return response
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=not inline, filename=download_name)
