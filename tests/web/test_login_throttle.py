"""Signing in is throttled (issue 10, item 2): after repeated wrong passwords the account, and the
address they came from, are locked out with a Chinese message, even for the right password; the
coordination office unlocks the accounts of its jurisdiction from its own page."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from gongkai.web.accounts.models import Role

from .conftest import make_user

PASSWORD = "九台区2026-open"
ATTACKER = "198.51.100.23"


def sign_in(username, password, address=ATTACKER):
    client = Client(REMOTE_ADDR=address)
    response = client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)
    return client, response


@pytest.fixture
def clerk(world):
    world.clerk.set_password(PASSWORD)
    world.clerk.save()
    return world.clerk


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_fifty_wrong_passwords_then_the_right_one_is_refused(clerk):
    for _ in range(50):
        sign_in("clerk", "wrong-password")
    client, response = sign_in("clerk", PASSWORD)
    assert not signed_in(client)
    assert response.status_code == 429
    page = response.content.decode()
    assert "登录失败次数过多" in page and "政务公开协调办公室" in page


def test_the_account_is_locked_from_any_address(clerk):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in("clerk", "wrong-password")
    client, _ = sign_in("clerk", PASSWORD, address="192.0.2.99")
    assert not signed_in(client)


def test_the_address_is_locked_for_every_account(clerk, world):
    other = make_user("other", Role.Kind.CLERK, world.civil)
    other.set_password(PASSWORD)
    other.save()
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(f"guess{number}", "wrong-password")
    client, _ = sign_in("other", PASSWORD)
    assert not signed_in(client)
    elsewhere, _ = sign_in("other", PASSWORD, address="192.0.2.99")
    assert signed_in(elsewhere)


def test_fewer_failures_then_the_right_password_signs_in(clerk):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in("clerk", "wrong-password")
    client, _ = sign_in("clerk", PASSWORD)
    assert signed_in(client)


def test_the_office_unlocks_an_account_of_its_jurisdiction(clerk, world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in("clerk", "wrong-password")
    office = Client()
    office.force_login(world.coordinator)
    home = office.get(reverse("reports:home")).content.decode()
    assert reverse("lockouts") in home
    page = office.get(reverse("lockouts")).content.decode()
    assert "clerk" in page and ATTACKER in page
    response = office.post(reverse("lockouts"), {"username": "clerk"}, follow=True)
    assert "已解除锁定" in response.content.decode()
    client, _ = sign_in("clerk", PASSWORD, address="192.0.2.99")
    assert signed_in(client)


def test_another_jurisdictions_office_neither_sees_nor_unlocks(clerk, world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in("clerk", "wrong-password")
    outsider = Client()
    outsider.force_login(world.outsider)
    assert "clerk" not in outsider.get(reverse("lockouts")).content.decode()
    assert outsider.post(reverse("lockouts"), {"username": "clerk"}).status_code == 403
    client, _ = sign_in("clerk", PASSWORD, address="192.0.2.99")
    assert not signed_in(client)


def test_a_clerk_has_no_unlock_page(world):
    client = Client()
    client.force_login(world.clerk)
    assert client.get(reverse("lockouts")).status_code == 403


def test_only_the_admin_unlocks_an_address(clerk, world):
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(f"guess{number}", "wrong-password")
    office = Client()
    office.force_login(world.coordinator)
    assert office.post(reverse("lockouts"), {"address": ATTACKER}).status_code == 403
    admin = Client()
    admin.force_login(world.admin)
    assert ATTACKER in admin.get(reverse("lockouts")).content.decode()
    admin.post(reverse("lockouts"), {"address": ATTACKER})
    client, _ = sign_in("clerk", PASSWORD)
    assert signed_in(client)


def test_an_unlock_request_that_names_no_account_or_address_is_refused_with_a_message(world):
    admin = Client()
    admin.force_login(world.admin)
    for data, message in (({"username": "a\x00b"}, "账号含有不允许的空字符"), ({"address": "not-an-ip"}, "IP")):
        response = admin.post(reverse("lockouts"), data, follow=True)
        assert response.status_code == 200 and message in response.content.decode()
