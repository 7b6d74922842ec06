"""API throttles that count: one counter per client and window, incremented atomically in the
cache. DRF's own throttles keep every request's timestamp in a list that is read, trimmed and
written back whole on each call, which grows with the rate (5,000 an hour by default)."""

from rest_framework import throttling


class CountingThrottleMixin:
    """A fixed window: at most `num_requests` per `duration` seconds, counted from the start of
    the window; a 429 says how long until the next window."""

    wait_seconds: float | None = None

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        now = int(self.timer())
        window_start = now - now % self.duration
        window_key = f"{key}:{window_start}"
        self.cache.add(window_key, 0, self.duration)
        try:
            count = self.cache.incr(window_key)
        except ValueError:
            # The window ended between the two calls: this request opens the next one.
            self.cache.set(window_key, 1, self.duration)
            count = 1
        if count > self.num_requests:
            self.wait_seconds = window_start + self.duration - now
            return False
        return True

    def wait(self):
        return self.wait_seconds


class UserRateThrottle(CountingThrottleMixin, throttling.UserRateThrottle):
    """Per user, token or session."""


class AnonRateThrottle(CountingThrottleMixin, throttling.AnonRateThrottle):
    """Per client address, for anonymous calls."""
