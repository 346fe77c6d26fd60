"""Editors' tools beside the build: a new city's files, the spreadsheet import, the
line-preserving YAML edits it uses, and the generated YAML reference."""
