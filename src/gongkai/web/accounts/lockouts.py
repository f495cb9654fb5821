"""Sign-in lockouts (django-axes): who is locked out, the Chinese refusal, and unlocking.

django-axes counts failed sign-ins per account and per address (settings.AXES_*); an account or an
address with AXES_FAILURE_LIMIT failures within AXES_COOLOFF_TIME is refused even the right password.
The coordination office unlocks the accounts of its jurisdiction, the admin any account or address
(``permissions.can_unlock_account`` / ``can_unlock_address``); each unlock is logged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from gongkai.web.accounts import permissions

log = logging.getLogger("gongkai.security")


def cooloff_text() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return f"{minutes // 60}小时" if minutes % 60 == 0 else f"{minutes}分钟"


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out sign-in gets (HTTP 429), in place of django-axes' English one."""
    return render(request, "registration/locked_out.html", {
        "failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff": cooloff_text(),
    }, status=429)


def _recent():
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)


@dataclass
class LockedAccount:
    username: str
    failures: int
    last_attempt: object
    addresses: list[str] = field(default_factory=list)
    user: object = None


@dataclass
class LockedAddress:
    address: str
    failures: int
    last_attempt: object


def locked_accounts(viewer) -> list[LockedAccount]:
    """The accounts locked out now that ``viewer`` may unlock, the most recent first."""
    rows = (_recent().exclude(username=None).values("username")
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT).order_by("-last"))
    users = get_user_model().objects.in_bulk([row["username"] for row in rows], field_name="username")
    locked = []
    for row in rows:
        user = users.get(row["username"])
        if not permissions.can_unlock_account(viewer, user):
            continue
        addresses = sorted({address for address in _recent().filter(username=row["username"])
                           .values_list("ip_address", flat=True) if address})
        locked.append(LockedAccount(row["username"], row["failures"], row["last"], addresses, user))
    return locked


def locked_addresses(viewer) -> list[LockedAddress]:
    if not permissions.can_unlock_address(viewer):
        return []
    rows = (_recent().exclude(ip_address=None).values("ip_address")
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT).order_by("-last"))
    return [LockedAddress(row["ip_address"], row["failures"], row["last"]) for row in rows]


def unlock_account(viewer, username: str) -> int:
    user = get_user_model().objects.filter(username=username).first()
    permissions.require(permissions.can_unlock_account(viewer, user))
    removed = reset(username=username)
    log.info("sign-in lockout of account %r removed by %s (%d records)", username, viewer.username, removed)
    return removed


def unlock_address(viewer, address: str) -> int:
    permissions.require(permissions.can_unlock_address(viewer))
    removed = reset(ip=address)
    log.info("sign-in lockout of address %s removed by %s (%d records)", address, viewer.username, removed)
    return removed
