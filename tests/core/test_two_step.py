"""Two-step sign-in's rules: codes of the app's clock, once each; recovery codes, once each."""

from __future__ import annotations

import pyotp
import pytest
from sqlmodel import select

from outreach.core.models import RecoveryCode, User
from outreach.core.two_step import (
    TwoStepError,
    check_second_step,
    new_recovery_codes,
    new_secret,
    recovery_codes_left,
    setup_uri,
    turn_off,
    turn_on,
)

KEY = "the app's secret key"
NOW = 1_800_000_000.0  # a fixed moment: the codes below are the app's at and around it


def code_at(secret: str, moment: float) -> str:
    return pyotp.TOTP(secret).at(moment)


@pytest.fixture
def staff(session, users):
    return session.get(User, users["staff"][0])


def test_turning_on_needs_the_apps_current_code_and_gives_ten_recovery_codes(session, staff):
    secret = new_secret()
    assert setup_uri(secret, staff.email).startswith("otpauth://totp/Outreach:staff%40example.com?secret=")
    with pytest.raises(TwoStepError, match="does not match"):
        turn_on(session, staff, secret, code_at(secret, NOW - 600), now=NOW, key=KEY)  # ten minutes old
    assert not staff.has_two_step
    codes = turn_on(session, staff, secret, code_at(secret, NOW), now=NOW, key=KEY)
    session.commit()
    assert staff.has_two_step and staff.two_step_since is not None
    assert len(codes) == len(set(codes)) == 10 and all(len(code) == 14 and code.count("-") == 2 for code in codes)
    stored = session.exec(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10 and not set(stored) & {code.replace("-", "") for code in codes}  # hashes only


def test_a_code_signs_in_once_and_a_phone_a_step_off_still_works(session, staff):
    secret = new_secret()
    turn_on(session, staff, secret, code_at(secret, NOW - 90), now=NOW - 90, key=KEY)
    session.commit()
    assert check_second_step(session, staff, "12345", now=NOW, key=KEY) is None  # not six digits
    assert check_second_step(session, staff, code_at(secret, NOW - 30), now=NOW, key=KEY) == "code"  # the step before
    assert check_second_step(session, staff, code_at(secret, NOW - 30), now=NOW, key=KEY) is None  # used
    assert check_second_step(session, staff, code_at(secret, NOW - 60), now=NOW, key=KEY) is None  # older than one used
    spaced = code_at(secret, NOW)[:3] + " " + code_at(secret, NOW)[3:]
    assert check_second_step(session, staff, spaced, now=NOW, key=KEY) == "code"  # as an app shows it
    assert check_second_step(session, staff, code_at(secret, NOW + 30), now=NOW, key=KEY) == "code"  # the step after
    assert check_second_step(session, staff, code_at(secret, NOW + 90), now=NOW, key=KEY) is None  # too far ahead


def test_recovery_codes_sign_in_once_each_in_any_case_and_new_ones_replace_them(session, staff):
    secret = new_secret()
    codes = turn_on(session, staff, secret, code_at(secret, NOW), now=NOW, key=KEY)
    session.commit()
    assert check_second_step(session, staff, codes[0].upper().replace("-", " "), now=NOW, key=KEY) == "recovery code"
    assert check_second_step(session, staff, codes[0], now=NOW, key=KEY) is None
    assert recovery_codes_left(session, staff) == 9
    assert check_second_step(session, staff, "abcd-efgh-jkmn", now=NOW, key=KEY) is None
    fresh = new_recovery_codes(session, staff)
    session.commit()
    assert check_second_step(session, staff, codes[1], now=NOW, key=KEY) is None  # the old ones stopped working
    assert check_second_step(session, staff, fresh[1], now=NOW, key=KEY) == "recovery code"
    assert recovery_codes_left(session, staff) == 9


def test_turning_off_forgets_the_secret_and_the_codes(session, staff):
    secret = new_secret()
    codes = turn_on(session, staff, secret, code_at(secret, NOW), now=NOW, key=KEY)
    turn_off(session, staff)
    session.commit()
    assert not staff.has_two_step and staff.two_step_last_step == 0
    assert session.exec(select(RecoveryCode)).all() == []
    assert check_second_step(session, staff, codes[0], now=NOW, key=KEY) is None
    assert check_second_step(session, staff, code_at(secret, NOW + 30), now=NOW, key=KEY) is None


def test_a_secret_stored_before_sealing_works_and_is_sealed_at_its_next_use(session, staff):
    secret = new_secret()
    staff.two_step_secret, staff.two_step_last_step = secret, 0  # as a row written before sealing holds it
    session.commit()
    assert check_second_step(session, staff, code_at(secret, NOW), now=NOW, key=KEY) == "code"
    session.commit()
    session.refresh(staff)
    assert staff.two_step_secret.startswith("sealed:") and secret not in staff.two_step_secret
    assert check_second_step(session, staff, code_at(secret, NOW + 30), now=NOW, key=KEY) == "code"


def test_after_the_secret_key_changed_only_a_recovery_code_signs_in(session, staff):
    secret = new_secret()
    codes = turn_on(session, staff, secret, code_at(secret, NOW - 30), now=NOW - 30, key=KEY)
    session.commit()
    assert check_second_step(session, staff, code_at(secret, NOW), now=NOW, key="a new secret key") is None
    assert check_second_step(session, staff, codes[0], now=NOW, key="a new secret key") == "recovery code"
