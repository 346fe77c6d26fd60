"""How many lines does one small edit rewrite? `city-playbook import`'s line-preserving edits
against a ruamel.yaml round trip, on the example city's commitments.yml written three ways.

    python benchmarks/roundtrip.py      # ruamel.yaml is compared when it is installed

The edit is the same everywhere: A.b's status becomes in-progress and A.a gains an evidence
link. The right answer is 3 diff lines (the status line out and in, the link's line in);
anything more is a line of the editor's rewritten.
"""

from __future__ import annotations

import difflib
import io
from pathlib import Path

from city_playbook.core.yamlsafe import load_text
from city_playbook.tools.yamledit import Editor

EXAMPLE = Path(__file__).resolve().parents[1] / "city_config" / "northbridge" / "commitments.yml"
LINK = "https://northbridge.example/minutes"


def variants() -> dict[str, str]:
    text = EXAMPLE.read_text()
    unindented = text.replace("\n    - ", "\n  - ").replace("\n      title:", "\n    title:")
    return {"as written": text, "CRLF line endings": text.replace("\n", "\r\n"),
            "lists not indented, a comment after a value": unindented.replace(
                "A.b:\n  status: done\n", "A.b:\n  status: done   # checked at the May board\n")}


def changed_lines(before: str, after: str) -> int:
    diff = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True), n=0)
    return sum(1 for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---")))


def ours(text: str) -> str:
    doc, _ = load_text(text, "commitments.yml")
    assert doc is not None
    expected = doc.data
    expected["A.b"]["status"] = "in-progress"
    expected["A.a"]["evidence"].append(LINK)
    editor = Editor(text)
    editor.set(("A.b", "status"), "in-progress")
    editor.insert_item(("A.a", "evidence"), None, LINK)
    return editor.result(expected)


def ruamel(text: str) -> str | None:
    try:
        from ruamel.yaml import YAML
    except ImportError:
        return None
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)  # the example city's own style
    yaml.width = 4096
    data = yaml.load(text)
    data["A.b"]["status"] = "in-progress"
    data["A.a"]["evidence"].append(LINK)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def main() -> None:
    print("| file written | line-preserving edit | ruamel.yaml round trip |")
    print("| --- | --- | --- |")
    for name, text in variants().items():
        other = ruamel(text)
        theirs = "not installed" if other is None else str(changed_lines(text, other))
        print(f"| {name} | {changed_lines(text, ours(text))} | {theirs} |")


if __name__ == "__main__":
    main()
