"""The ISO 37106 catalog in `content/`: loaded strictly and checked for broken references.

The catalog ships inside the package (so `pip install .` gives a working tool) and can be
replaced by a programme team's own copy with the same format (content/FORMAT.md).

    structure     the loaded catalog (Catalog): parts in order, groups, pages, features
    read          one catalog file read into its model
    checks        the catalog's references checked against itself
    translation   its text in another language (i18n/<language>/)
    load          load_catalog: all of the above, kept while the files do not change
"""

from ..output import default_catalog_dir
from .load import load_catalog
from .structure import Catalog, part_order

__all__ = ["Catalog", "default_catalog_dir", "load_catalog", "part_order"]
