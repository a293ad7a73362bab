import pytest

from booster.live.access import AttemptLimiter, check_password
from booster.errors import AccessDenied, TooManyAttempts


def wrong():
    raise AccessDenied("facilitator PIN")


def test_five_wrong_pins_lock_the_session_for_a_minute_then_it_opens_again():
    limiter = AttemptLimiter(max_failures=5, lock_seconds=60)
    for second in range(5):
        with pytest.raises(AccessDenied, match="PIN is not correct"):
            limiter.attempt("K7PQ2M", "facilitator PIN", float(second), wrong)
    with pytest.raises(TooManyAttempts, match=r"wait 56 s"):
        limiter.attempt("K7PQ2M", "facilitator PIN", 8.0, lambda: None)
    limiter.attempt("OTHER1", "facilitator PIN", 8.0, lambda: None)  # other sessions are not locked
    limiter.attempt("K7PQ2M", "facilitator PIN", 65.0, lambda: None)  # the minute has passed
    with pytest.raises(AccessDenied):
        limiter.attempt("K7PQ2M", "facilitator PIN", 66.0, wrong)
    limiter.attempt("K7PQ2M", "facilitator PIN", 67.0, lambda: None)  # a success resets the count


def test_analyst_password():
    check_password("secret", "secret")
    with pytest.raises(AccessDenied, match="analyst password is not correct"):
        check_password("guess", "secret")
