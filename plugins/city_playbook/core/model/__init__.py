"""Typed shapes of the catalog and of every city file, one module per file of a city.

The models check shape and vocabulary only (pydantic, strict: nothing is coerced). Rules
that relate one value to another, or to the catalog, live in `catalog` and `city`, where
they can name the exact key at fault. Field descriptions feed the JSON Schema and the
YAML reference (REFERENCE.md), so they are written for editors.

    base              strict parsing, the annotated types (dates, links, rich text, ids)
    standard          the catalog (content/) and its text in other languages
    city, principles, commitments, roadmap, governance, interoperability, benefits, risks
                      one module per file of a city
    check, messages   loaded YAML checked against a model; pydantic's errors in our words
    annotations       the walk through a model's annotations (messages, languages, reference)

Everything is importable from here, as it was from the single module this package was.
"""

from .annotations import follow, model_at, models_in, unwrap
from .base import (
    PART_ID_MARK,
    STATUSES,
    TRANSLATABLE,
    Clause,
    Email,
    IsoDate,
    LanguageCode,
    Link,
    PartId,
    RichText,
    Shorthand,
    Slug,
    Status,
    Strict,
    Text,
    Translatable,
    checked_link,
    iso_date,
    translatable,
)
from .benefits import Benefits, Indicator, Initiative, Reading
from .check import check, empty_values, known, salvage, unique, valid
from .city import Accessibility, CityProfile, Contact, DataLicence, Feedback
from .commitments import Commitment, Evidence, PartStatement
from .governance import Body, Governance
from .interoperability import Axis, Cell, Interoperability
from .principles import PrincipleChoice
from .risks import Risk, Risks
from .roadmap import Phase, Roadmap, RoadmapItem
from .standard import (
    BenefitMap,
    BenefitMapText,
    CatalogRecommendation,
    Change,
    ChecklistRisk,
    Code,
    Component,
    Features,
    Group,
    Outcome,
    Part,
    PartText,
    Principle,
    PrincipleGroup,
    PrincipleSet,
    PrincipleSetText,
    PrincipleText,
    Purpose,
    RiskChecklist,
    RiskChecklistText,
    RiskText,
    Standard,
    StandardText,
    Summary,
    TitleSummary,
)

__all__ = [
    "PART_ID_MARK",
    "STATUSES",
    "TRANSLATABLE",
    "Accessibility",
    "Axis",
    "BenefitMap",
    "BenefitMapText",
    "Benefits",
    "Body",
    "CatalogRecommendation",
    "Cell",
    "Change",
    "ChecklistRisk",
    "CityProfile",
    "Clause",
    "Code",
    "Commitment",
    "Component",
    "Contact",
    "DataLicence",
    "Email",
    "Evidence",
    "Features",
    "Feedback",
    "Governance",
    "Group",
    "Indicator",
    "Initiative",
    "Interoperability",
    "IsoDate",
    "LanguageCode",
    "Link",
    "Outcome",
    "Part",
    "PartId",
    "PartStatement",
    "PartText",
    "Phase",
    "Principle",
    "PrincipleChoice",
    "PrincipleGroup",
    "PrincipleSet",
    "PrincipleSetText",
    "PrincipleText",
    "Purpose",
    "Reading",
    "RichText",
    "Risk",
    "RiskChecklist",
    "RiskChecklistText",
    "RiskText",
    "Risks",
    "Roadmap",
    "RoadmapItem",
    "Shorthand",
    "Slug",
    "Standard",
    "StandardText",
    "Status",
    "Strict",
    "Summary",
    "Text",
    "TitleSummary",
    "Translatable",
    "check",
    "checked_link",
    "empty_values",
    "follow",
    "iso_date",
    "known",
    "model_at",
    "models_in",
    "salvage",
    "translatable",
    "unique",
    "unwrap",
    "valid",
]
