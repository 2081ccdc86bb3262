"""Slow down password guessing: a few failures per window per account and address.

Failures are counted twice: for the login tried (so guessing one account
from many addresses stops) and for the client address (so trying many
accounts from one address stops). A successful sign-in clears only that
account's failures, also from its address's count: a valid account of its
own does not buy an attacker more guesses at other accounts.

The counts live in the process, so each worker keeps its own; behind
several workers the effective limit is that many times higher.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

MAX_KEYS = 10_000


class LoginLimiter:
    def __init__(
        self,
        *,
        attempts: int,
        window: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.attempts = attempts
        self.window = window
        self.clock = clock
        # Each failure is stored as (when, login), under both of its keys.
        self._failures: dict[str, deque[tuple[float, str]]] = {}
        self._lock = threading.Lock()

    def wait_seconds(self, *, address: str, login: str) -> float:
        """How long the caller must wait before trying again; 0 when allowed."""
        now = self.clock()
        with self._lock:
            waits = [self._wait(key, now) for key in _keys(address, login)]
        return max(waits)

    def failed(self, *, address: str, login: str) -> None:
        entry = (self.clock(), login.lower())
        with self._lock:
            if len(self._failures) > MAX_KEYS:
                self._failures.clear()
            for key in _keys(address, login):
                self._failures.setdefault(key, deque()).append(entry)

    def succeeded(self, *, address: str, login: str) -> None:
        """Forget this account's failures, and only this account's."""
        name = login.lower()
        account, place = _keys(address, login)
        with self._lock:
            self._failures.pop(account, None)
            stamps = self._failures.get(place)
            if stamps:
                kept = deque(entry for entry in stamps if entry[1] != name)
                self._failures[place] = kept

    def _wait(self, key: str, now: float) -> float:
        stamps = self._failures.get(key)
        if not stamps:
            return 0.0
        while stamps and stamps[0][0] <= now - self.window:
            stamps.popleft()
        if len(stamps) < self.attempts:
            return 0.0
        # Allowed again once enough failures have aged out of the window.
        oldest_counted = stamps[len(stamps) - self.attempts][0]
        return oldest_counted + self.window - now


def _keys(address: str, login: str) -> tuple[str, str]:
    return f"login:{login.lower()}", f"ip:{address}"
