"""Where each value of a file is written, in characters, for the line-preserving edits of
`city-playbook import`."""

from __future__ import annotations

from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .document import Key
from .walk import refuse


class _Loader(yaml.SafeLoader):
    """PyYAML's parser and composer, refusing anchors, aliases and tags as they appear."""

    def compose_node(self, parent: Node | None, index: object) -> Node | None:
        refuse(self.peek_event())
        return super().compose_node(parent, index)


@dataclass(frozen=True)
class Span:
    """Where one value is written in a file's text (character offsets), for line-preserving
    edits: `city-playbook import` changes a value by rewriting only these characters."""

    start: int
    end: int
    key_start: int | None
    """Where the value's key starts, when the value belongs to a mapping."""
    style: str | None
    """A scalar's style (None or '' plain, ' or " quoted, | or > block), else None."""
    flow: bool
    """A mapping or list written in brackets on one line."""
    kind: str
    """scalar, mapping or sequence."""


def spans(text: str) -> dict[Key, Span]:
    """The Span of every value of a well-formed file, keyed by the paths of Document.marks.
    Read with the strict loader's composer (anchors, aliases and tags refused); only the
    import needs these, so a build never pays for them."""
    found: dict[Key, Span] = {}

    def walk(node: Node, path: Key, key_start: int | None) -> None:
        kind = {ScalarNode: "scalar", MappingNode: "mapping", SequenceNode: "sequence"}[type(node)]
        found[path] = Span(node.start_mark.index, node.end_mark.index, key_start,
                           node.style if isinstance(node, ScalarNode) else None,
                           bool(getattr(node, "flow_style", False)), kind)
        if isinstance(node, MappingNode):
            for key, value in node.value:
                walk(value, (*path, key.value), key.start_mark.index)
        elif isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i), None)

    root = yaml.compose(text, Loader=_Loader)
    if root is not None:
        walk(root, (), None)
    return found
