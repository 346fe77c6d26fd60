"""Tailoring: the city's choices applied to the catalog, giving one Playbook to render.

This is the "resolved profile" step of NIST OSCAL: every item carries its provenance
(the standard, the project's guidance, or the city) and its status, and every figure the
site shows (counts, stale flags, the benefit chain, the risk grid) is computed here once,
so templates only lay things out.

    views      the values pages and open data show: Item, Counts, the views of parts,
               principles, chains and risks
    rules      review overdue, a risk's level, one status for a group of items
    playbook   the Playbook and the figures it computes
    tailor     resolve: the city's choices applied to the catalog
"""

from .playbook import Playbook
from .rules import overall_status, review_overdue, risk_level
from .tailor import resolve
from .views import (
    ChainView,
    Counts,
    Item,
    OwnerView,
    PartView,
    PrincipleStatus,
    PrincipleView,
    ProgressRow,
    Provenance,
    RiskCell,
    RiskLevel,
    RiskRow,
    RiskView,
    RoadmapEntry,
)

__all__ = [
    "ChainView",
    "Counts",
    "Item",
    "OwnerView",
    "PartView",
    "Playbook",
    "PrincipleStatus",
    "PrincipleView",
    "ProgressRow",
    "Provenance",
    "RiskCell",
    "RiskLevel",
    "RiskRow",
    "RiskView",
    "RoadmapEntry",
    "overall_status",
    "resolve",
    "review_overdue",
    "risk_level",
]
