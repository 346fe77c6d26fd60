"""Identifiers the data and the pages share: the slug pattern and a recommendation id's anchor.

Resolution (every Item's anchor), the pages' links and the open data all need the same
anchor; it lives in the core, below all three, and imports nothing, so the page layout
can use it without loading the models.
"""


SLUG = r"[a-z0-9][a-z0-9-]*"
"""A city's folder name and the suffix of a city's own ids (B3.my-item): lowercase letters,
digits and dashes, starting with a letter or digit. The models, the schemas, the city's
checks and `city-playbook new` all use this one pattern."""

CODE = r"[A-Z][A-Z0-9]*"
"""What a component or part id of a catalog looks like (A, B1, C3): a capital letter, then
capitals or digits. Which ids exist is the catalog's to say; this is only their shape, as
they become page names and the start of recommendation ids (B1.a)."""


def anchor(item_id: str) -> str:
    """Stable anchor for a recommendation id: B1.a -> b1-a (used by pages and open data)."""
    return item_id.lower().replace(".", "-")
