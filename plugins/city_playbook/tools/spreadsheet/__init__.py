"""`city-playbook import`: a table of the open data, edited in a spreadsheet, back into the YAML.

    run           import_table: read the sheet, compare, check as `validate` does, write
    sheet         the CSV as a spreadsheet saved it, and the problems of its cells
    commitments   commitments.csv against commitments.yml
    readings      readings.csv against benefits.yml
"""

from .run import Imported, import_table

__all__ = ["Imported", "import_table"]
