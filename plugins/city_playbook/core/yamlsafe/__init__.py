"""Strict YAML loading that keeps the line and column of every key and value.

    document   Document (data and marks), Mark, Key, nodes, dotted
    load       load_file, load_bytes, load_text: size, encoding, and a parse per content
    walk       the one event walker, over libyaml's events or PyYAML's
    hints      messages for files that cannot be parsed, and the key a line belongs to
    spans      where each value is written, for line-preserving edits
"""

from .document import Document, Key, Mark, dotted, nodes
from .load import MAX_BYTES, REUSE_BYTES, load_bytes, load_file, load_text
from .spans import Span, spans
from .walk import MAX_DEPTH, libyaml_reads_alike, read_with_libyaml, read_with_pyyaml

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "REUSE_BYTES",
    "Document",
    "Key",
    "Mark",
    "Span",
    "dotted",
    "libyaml_reads_alike",
    "load_bytes",
    "load_file",
    "load_text",
    "nodes",
    "read_with_libyaml",
    "read_with_pyyaml",
    "spans",
]
