"""The day in China, which loans' terms and notices' publicity periods count in (tests move it)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


def today() -> date:
    """Return today's date in China."""
    return datetime.now(CHINA).date()
