"""Middleware: request context for auditing, the forced password change, no caching of signed-in
pages, bad input (values out of the database's range) answered as a 400 page, never a 500, and the idle
timeout's renewal without a session write on every click."""

from __future__ import annotations

import ipaddress
import logging
import time
from collections.abc import Callable, Iterable
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DataError
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from .context import client_ip

log = logging.getLogger(__name__)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


SESSION_RENEWED = "_renewed"
RENEW_EVERY_SECONDS = 60


def stamp_renewal(sender: object, request: HttpRequest, **kwargs: object) -> None:
    """On sign-in (``user_logged_in``): the session is being saved anyway, so it counts as renewed."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SESSION_RENEWED] = int(time.time())


class SessionRenewalMiddleware:
    """The idle timeout (``SESSION_COOKIE_AGE``) without a database write per page: a signed-in session is
    saved again, moving its expiry on, at most once a minute. So a session may end up to a minute before the
    idle limit after the last click; it never outlives it. Must come right after ``SessionMiddleware``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty() and session.session_key is not None:
            now = int(time.time())
            if now - int(session.get(SESSION_RENEWED, 0)) >= RENEW_EVERY_SECONDS:
                session[SESSION_RENEWED] = now  # modified: SessionMiddleware saves it with a new expiry
        return response


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def trusted_proxies() -> tuple[Network, ...]:
    """``XINBAO_TRUSTED_PROXIES``: addresses or networks (``10.0.0.0/8``) of our reverse proxies."""
    return _networks(tuple(getattr(settings, "XINBAO_TRUSTED_PROXIES", ()) or ()))


def _is_trusted(address: str, proxies: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def request_ip(request: HttpRequest) -> str:
    """The client's address: the socket's, unless the socket is one of our trusted proxies.

    Only then is ``X-Forwarded-For`` read, from the right: each proxy appends the address it saw,
    so the rightmost entry that is not one of our proxies is the client. Entries further left
    were written by the client itself and prove nothing. django-axes uses this function too
    (``AXES_CLIENT_IP_CALLABLE``), so lockout and audit agree on who the client is.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = trusted_proxies()
    if not proxies or not _is_trusted(remote, proxies):
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    for address in reversed(forwarded):
        if not _is_trusted(address, proxies):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                return remote  # a malformed entry: keep the proxy's own address
    return remote


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = client_ip.set(request_ip(request))
        try:
            return self.get_response(request)
        finally:
            client_ip.reset(token)


class ForcePasswordChangeMiddleware:
    """Users flagged ``must_change_password`` may only reach the password page and logout."""

    ALLOWED_PREFIXES = ("/accounts/password/", "/accounts/logout/", "/static/", "/i18n/", "/api/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not request.path.startswith(self.ALLOWED_PREFIXES)
        ):
            return redirect(reverse("password_change"))
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages for a signed-in person are never kept by the browser or a proxy cache: after sign-out
    (or on a shared office PC) the back button must not show them again."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(settings.STATIC_URL):
            add_never_cache_headers(response)
        return response


class BadInputMiddleware:
    """A value the database cannot hold (an id or number out of range, a malformed value that got
    past the form) is the client's mistake: a 400 page with a Chinese message, nothing changed
    (the action's transaction has already rolled back)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DataError | OverflowError | ValidationError):
            return None
        log.warning("bad input on %s: %r", request.path, exception)
        from .views import bad_request

        return bad_request(request, exception)


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Chinese unless the user picked another language with the switch (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an office PC with an
    English browser would get English pages; offices expect Chinese by default."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
