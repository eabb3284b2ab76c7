"""Password rules (at least 8 characters, three character classes, not the user name), the
one-time set-password links, the password history and the optional maximum age."""

from __future__ import annotations

import datetime
import string
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _


def character_classes(password: str) -> int:
    classes = [
        any(c.islower() for c in password),
        any(c.isupper() for c in password),
        any(c.isdigit() for c in password),
        any(c in string.punctuation or not c.isalnum() for c in password),
    ]
    return sum(classes)


class CharacterClassesValidator:
    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                _("密码须包含大写字母、小写字母、数字、符号中的至少%(n)d类。") % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("密码须包含大写字母、小写字母、数字、符号中的至少%(n)d类。") % {"n": self.min_classes}


class NotUsernameValidator:
    def validate(self, password: str, user: Any = None) -> None:
        username = getattr(user, "username", "") or ""
        if username and username.lower() in password.lower():
            raise ValidationError(_("密码不能包含用户名。"), code="password_contains_username")

    def get_help_text(self) -> str:
        return _("密码不能包含用户名。")


# --- one-time links, history and expiry -----------------------------------------------------------


class SetPasswordTokenGenerator(PasswordResetTokenGenerator):
    """A signed, expiring (``PASSWORD_RESET_TIMEOUT``), single-use token for a set-password link.

    Single use without a table: the token signs the account's current password hash, which the
    link itself replaces; a newer reset or letter replaces it too, so only the latest link works.
    """

    key_salt = "xinbao.orgs.passwords.SetPasswordTokenGenerator"


set_password_tokens = SetPasswordTokenGenerator()


def link_parts(person: Any) -> tuple[str, str]:
    return urlsafe_base64_encode(force_bytes(person.pk)), set_password_tokens.make_token(person)


def person_from_link(uidb64: str) -> Any:
    """The account a link names, or None for a malformed or unknown one."""
    from .models import User

    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, UnicodeDecodeError):
        return None
    if pk <= 0 or pk > 2**63 - 1:
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def reused_password(person: Any, password: str) -> bool:
    """Whether ``password`` is the current one or among the last ``XINBAO_PASSWORD_HISTORY``."""
    limit = settings.XINBAO_PASSWORD_HISTORY
    if limit <= 0:
        return False
    if person.has_usable_password() and person.check_password(password):
        return True
    hashes = person.password_history.values_list("password", flat=True)[:limit]
    return any(check_password(password, encoded) for encoded in hashes)


def password_set_at(person: Any) -> datetime.datetime:
    latest = person.password_history.values_list("set_at", flat=True).first()
    return latest or person.date_joined


def password_expired(person: Any, now: datetime.datetime | None = None) -> bool:
    days = settings.XINBAO_PASSWORD_MAX_AGE_DAYS
    if days <= 0:
        return False
    return (now or timezone.now()) - password_set_at(person) > datetime.timedelta(days=days)
