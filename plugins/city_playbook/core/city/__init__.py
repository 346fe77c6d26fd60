"""A city's folder: every file loaded strictly, validated, and checked against the catalog.

The models check each value's shape; this package checks what values mean together (a
`not-applicable` needs a reason, an id must exist) so every message can point at the
exact key. All problems of a run are collected before anything is raised.

    folder      the files a city can have, the City they load into, stray files
    languages   the site's languages, and each file read in one of them
    load        load_city: read, validate, read per language, cross-check
    rules       what the values mean together and against the catalog
    profile     the rules of city.yml alone (languages, feedback, brand, placeholders)
    schema      the JSON Schema of every city file
"""

from .folder import IGNORED_FILES, KNOWN_FILES, OPTIONAL_FILES, City, city_folders, display_path
from .load import commitment_entries, load_city
from .profile import VISION_PLACEHOLDER
from .schema import SCHEMA_DIALECT, schemas

__all__ = [
    "IGNORED_FILES",
    "KNOWN_FILES",
    "OPTIONAL_FILES",
    "SCHEMA_DIALECT",
    "VISION_PLACEHOLDER",
    "City",
    "city_folders",
    "commitment_entries",
    "display_path",
    "load_city",
    "schemas",
]
