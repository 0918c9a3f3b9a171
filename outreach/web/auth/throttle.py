"""Sign-in throttling: failed sign-ins counted per account and per address, in this process's
memory on one machine, or in Redis shared by every web worker of a team."""

from __future__ import annotations

import logging
import math
import time

from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

log = logging.getLogger(__name__)

# Five wrong passwords for one account, or twenty from one address (an office behind one
# address shares it), then no attempt at all until the oldest failure is 15 minutes old.
PER_ACCOUNT = parse("5 per 15 minutes")
PER_ADDRESS = parse("20 per 15 minutes")
# Password-reset emails: a few an hour for one account (no inbox flooded on a stranger's whim),
# more from one address.
RESETS_PER_ACCOUNT = parse("3 per hour")
RESETS_PER_ADDRESS = parse("10 per hour")


class SignInThrottle:
    """Counts failures; a storage that cannot be reached throttles nobody, and says so in the log."""

    def __init__(self, storage_uri: str):
        self.limiter = MovingWindowRateLimiter(storage_from_string(storage_uri))

    @staticmethod
    def counters(email: str, address: str) -> list[tuple[RateLimitItem, str, str]]:
        return [(PER_ACCOUNT, "account", email), (PER_ADDRESS, "address", address)]

    def wait(self, email: str, address: str) -> int:
        """Seconds until this account may be tried again from this address; 0 when it may now."""
        try:
            waits = [self.limiter.get_window_stats(limit, "sign-in", kind, key).reset_time - time.time()
                     for limit, kind, key in self.counters(email, address)
                     if not self.limiter.test(limit, "sign-in", kind, key)]
        except Exception:
            log.exception("sign-in throttle storage unavailable: not throttling")
            return 0
        return max(1, math.ceil(max(waits))) if waits else 0

    def failed(self, email: str, address: str) -> bool:
        """Count a failed sign-in; True when this failure starts throttling the account or address."""
        try:
            for limit, kind, key in self.counters(email, address):
                self.limiter.hit(limit, "sign-in", kind, key)
        except Exception:
            log.exception("sign-in throttle storage unavailable: failure not counted")
            return False
        return self.wait(email, address) > 0

    def succeeded(self, email: str) -> None:
        """The right password: the account's failures are forgotten (the address's are not)."""
        try:
            self.limiter.clear(PER_ACCOUNT, "sign-in", "account", email)
        except Exception:
            log.exception("sign-in throttle storage unavailable")

    def allow_reset(self, email: str, address: str) -> bool:
        """Count a request for a password-reset email; False once the account or address asked too often."""
        try:
            return all([self.limiter.hit(RESETS_PER_ACCOUNT, "reset", "account", email),
                        self.limiter.hit(RESETS_PER_ADDRESS, "reset", "address", address)])
        except Exception:
            log.exception("sign-in throttle storage unavailable: reset requests not counted")
            return True
