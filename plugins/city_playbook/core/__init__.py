"""The core: a city's YAML loaded strictly, validated, checked against the catalog, resolved.

Imports nothing from MkDocs, Jinja2 or the packages above it; everything the site shows is
decided here as plain values.
"""
