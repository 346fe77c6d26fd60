"""The rules behind the figures, each written once: review overdue, a risk's level, one
status for a group of items."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..model import Status
from .views import RiskLevel


def review_overdue(reviewed: date | None, cutoff: date) -> bool:
    """The one rule for 'review overdue' (items and risks): last reviewed before the cutoff,
    the start of the city's review cycle. Never reviewed is not overdue: nothing to count from."""
    return reviewed is not None and reviewed < cutoff


def risk_level(score: int) -> RiskLevel:
    """high, medium or low, from the score impact x likelihood (as the register explains)."""
    return "high" if score >= 15 else "medium" if score >= 6 else "low"


def overall_status(statuses: Iterable[str]) -> Status:
    """One status for a group of items: done only when everything applicable is done."""
    found = set(statuses)
    if found <= {"done", "not-applicable"}:
        return "done" if "done" in found else "not-applicable"
    if found & {"in-progress", "done"}:
        return "in-progress"
    return "planned" if "planned" in found else "not-started"
