"""A programme of many cities: each build's record, shards for a CI matrix, and the
portfolio's own pages. The MkDocs side of it is in `adapter`."""
