"""Signing in: e-mail and password, no self sign-up, lockout after repeated failures, second factor per organisation."""

import pytest
from django.urls import reverse

from wholeroute.access.factories import TEST_PASSWORD


@pytest.fixture
def login_url():
    return reverse("account_login")


def test_a_staff_user_signs_in_with_email_and_password(client, alice, login_url):
    response = client.post(login_url, {"login": alice.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"] == alice


def test_a_wrong_password_is_refused_with_a_message(client, alice, login_url):
    response = client.post(login_url, {"login": alice.email, "password": "not the password"})
    assert response.status_code == 200
    assert b"not correct" in response.content or b"incorrect" in response.content.lower()
    assert not response.context["user"].is_authenticated


def test_nobody_can_sign_themselves_up(client, db):
    response = client.post(reverse("account_signup"), {
        "email": "stranger@example.org", "password1": "a long enough pass 123", "password2": "a long enough pass 123",
    })
    from wholeroute.access.models import User

    assert not User.objects.filter(email="stranger@example.org").exists()
    assert response.status_code in (200, 302, 403)


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, alice, login_url, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(login_url, {"login": alice.email, "password": "wrong password"})
    response = client.post(login_url, {"login": alice.email, "password": TEST_PASSWORD})
    assert response.status_code in (200, 403, 429)
    assert b"Too many failed login attempts" in response.content or response.status_code != 200
    assert not client.get("/").context["user"].is_authenticated
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.get(username=alice.email).failures_since_start >= settings.AXES_FAILURE_LIMIT


def test_an_organisation_that_requires_a_second_factor_sends_members_to_set_one_up(client_of, alice, ministry):
    ministry.require_mfa = True
    ministry.save()
    response = client_of(alice).get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_members_with_a_second_factor_pass(client_of, alice, ministry):
    from allauth.mfa.models import Authenticator

    ministry.require_mfa = True
    ministry.save()
    Authenticator.objects.create(user=alice, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    assert client_of(alice).get("/").status_code == 200
