"""MkDocs and the other engines: the only package that imports MkDocs.

The plugin, the mkdocs.yml settings it needs, the plain project of `city-playbook export`,
the other engines, many cities in one run and the portfolio site, all thin layers over
`pipeline`.
"""
