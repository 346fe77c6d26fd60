"""Identifiers the data and the pages share: a recommendation id's stable anchor.

Resolution (every Item's anchor), the pages' links and the open data all need the same
anchor; it lives in the core, below all three, and imports nothing, so the page layout
can use it without loading the models.
"""


def anchor(item_id: str) -> str:
    """Stable anchor for a recommendation id: B1.a -> b1-a (used by pages and open data)."""
    return item_id.lower().replace(".", "-")
