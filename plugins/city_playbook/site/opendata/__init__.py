"""Open data (JSON, CSV, JSON Schema): every fact the site publishes, as data.

The layout is the usual one for open data: one JSON file with a section per subject (for
programs, which want the nesting and one schema), and one CSV file per table (for
spreadsheets, which want flat rows).

    models   the published format: a pydantic model per record, each field described
    build    open_data: one build's record, from the resolved Playbook
    tables   the CSV tables, and how a value is written in (and read back from) a cell
    files    data_files: every download's bytes; json_schema
"""

from .build import open_data
from .files import DATA_FILES, data_files, json_schema
from .models import OpenData, OpenRecord
from .tables import TABLE, TABLES, Table, csv_cell, csv_text, csv_value, csv_writer

__all__ = [
    "DATA_FILES",
    "TABLE",
    "TABLES",
    "OpenData",
    "OpenRecord",
    "Table",
    "csv_cell",
    "csv_text",
    "csv_value",
    "csv_writer",
    "data_files",
    "json_schema",
    "open_data",
]
