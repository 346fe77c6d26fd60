"""Property-based tests: whatever an editor (or a cat on the keyboard) writes, the loader and
the models answer with a valid model or with clean, well-formed diagnostics, never with an
exception of their own."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from city_playbook import pipeline
from city_playbook.core.catalog import load_catalog
from city_playbook.core.diagnostics import Diagnostic, PlaybookError
from city_playbook.core.model import STATUSES
from city_playbook.core.yamlsafe import Document, load_bytes, load_text, nodes
from support import EXAMPLE, load_yaml

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Each example below checks a whole city (about 0.1 s); these counts keep the file under a minute.
CITY = settings(max_examples=35, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

FILES = ["city.yml", "principles.yml", "commitments.yml", "roadmap.yml", "governance.yml",
         "interoperability.yml", "benefits.yml", "risks.yml"]
CATALOG = load_catalog()
CATALOG_IDS = list(CATALOG.recommendations)
PART_IDS = list(CATALOG.parts)
WHERE = re.compile(r"^[^\s:][^:]*:\d+:\d+: ")


@pytest.fixture(autouse=True, scope="module")
def catalog_loaded_once() -> Iterator[None]:
    """The catalog is the same in every example; only the city varies, so read it once."""
    with pytest.MonkeyPatch.context() as patch:
        loaded = pipeline.load_catalog
        patch.setattr(pipeline, "load_catalog",
                      lambda root=None, language="en": CATALOG if language == "en" else loaded(root, language))
        yield


def assert_clean(diagnostics: list[Diagnostic], text_lines: int | None = None) -> None:
    """Every diagnostic names a file, a line that exists (1-based) and says something."""
    assert diagnostics
    for d in diagnostics:
        assert d.file and d.message.strip(), d
        assert d.line >= 1 and d.column >= 1, d
        if text_lines is not None:
            assert d.line <= text_lines + 1, (d, text_lines)
        assert WHERE.match(str(d)), str(d)


def assert_loaded(result: tuple[Document | None, list[Diagnostic]], text: str) -> None:
    doc, diagnostics = result
    lines = len(re.split(r"\r\n|[\n\r\x85\u2028\u2029]", text))
    if doc is None or diagnostics:  # a document may come back with problems (a duplicate key)
        assert_clean(diagnostics, lines)
    if doc is not None:
        assert all(1 <= m.line <= lines for m in doc.marks.values())


# --- 1. Random text and bytes into the loader --------------------------------------------

YAMLISH = st.text(alphabet=st.sampled_from(list(":-[]{}&*!|>'\"#%@`?,. \n\t\r0123456789abcxyz\\~é")),
                  max_size=80)


@FAST
@given(st.text(max_size=200) | YAMLISH)
def test_random_text_loads_or_gives_clean_errors(text: str) -> None:
    assert_loaded(load_text(text, "random.yml"), text)


@FAST
@given(st.binary(max_size=200))
def test_random_bytes_load_or_give_clean_errors(raw: bytes) -> None:
    doc, diagnostics = load_bytes(raw, "random.yml")
    if doc is None or diagnostics:
        assert_clean(diagnostics)


NESTED = {
    "flow list": lambda depth: "[" * depth + "x" + "]" * depth,
    "flow mapping": lambda depth: "{a: " * depth + "x" + "}" * depth,
    "block list": lambda depth: "- " * depth + "x",
    "block mapping": lambda depth: "".join(" " * i + "a:\n" for i in range(depth)) + " " * depth + "x",
}


@pytest.mark.parametrize("depth", [39, 40, 41, 120, 1500])
@pytest.mark.parametrize("shape", list(NESTED))
def test_deep_nesting_is_refused_cleanly(shape: str, depth: int) -> None:
    text = NESTED[shape](depth if shape != "block mapping" else min(depth, 120))
    doc, diagnostics = load_text(text, "deep.yml")
    assert_loaded((doc, diagnostics), text)
    assert bool(diagnostics) == (depth > 40), diagnostics


# --- 2. Random structures and mutations through the whole city check ---------------------

SCALARS = (st.none() | st.booleans() | st.integers(-10, 10**12)
           | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=12)
           | st.sampled_from(["done", "planned", "not-applicable", "finished", "adopted", "added",
                              "B1.a", "B1", "B3.youth-panel", "vision-1", "R3", "2026-02-30",
                              "2026-01-01", "31/12/2026", "https://x.example/", "javascript:alert(1)",
                              "a@b.example", "<b>x</b>", "[x](javascript:alert(1))", "9:30", "01234",
                              "no", "~", "", " ", "phase-1", "organisational", "mobility"]))
KEYS = st.sampled_from(["status", "stauts", "id", "title", "text", "name", "url", "email", "date",
                        "value", "items", "reason", "statement", "evidence", "commitment", "group",
                        "B1", "B1.a", "B1.z", "vision-1", "rows", "cells", "row", "risks",
                        "likelihood", "phases", "start", "end", "bodies", "feedback"]) | st.text(
    max_size=8)
STRUCTURES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                          | st.dictionaries(KEYS, inner, max_size=5), max_leaves=25)


def mutate(data: Any, path: tuple, how: str, new: Any) -> Any:
    """Replace, delete or rename what is at `path` (a rename keeps the value)."""
    if not path:
        return new
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if how == "replace":
        parent[last] = new
    elif how == "delete":
        del parent[last]
    elif how == "rename" and isinstance(parent, dict):
        parent[str(new) if new is not None else "null"] = parent.pop(last)
    elif how == "wrap":
        parent[last] = [parent[last]]
    return data


@contextmanager
def city_copy() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "test-city"
        shutil.copytree(EXAMPLE, root)
        yield root


def outcome(root: Path) -> pipeline.Built | PlaybookError:
    """The whole check of a build; anything but Built or PlaybookError fails the test. What
    passes the check must also render: the pages and the open data files."""
    try:
        built = pipeline.build(root)
    except PlaybookError as exc:
        assert_clean(exc.diagnostics)
        for d in exc.diagnostics:
            assert d.file.endswith(tuple(f"/{name}" for name in FILES)), d
        return exc
    output = built.output()
    assert output.pages and output.data
    return built


@CITY
@given(st.sampled_from(FILES), STRUCTURES)
def test_random_structures_as_a_city_file(name: str, data: Any) -> None:
    with city_copy() as root:
        (root / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        outcome(root)


@CITY
@given(st.sampled_from(FILES), st.data())
def test_random_mutations_of_the_example(name: str, draw: st.DataObject) -> None:
    data = load_yaml(EXAMPLE / name)
    path = draw.draw(st.sampled_from([p for p, _ in nodes(data)]), label="path")
    how = draw.draw(st.sampled_from(["replace", "delete", "rename", "wrap"]), label="how")
    assume(path or how == "replace")
    new = draw.draw(STRUCTURES, label="new")
    data = mutate(data, path, how, new)
    with city_copy() as root:
        (root / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                 encoding="utf-8")
        outcome(root)


@CITY
@given(st.sampled_from(FILES), st.data())
def test_random_text_edits_of_the_example(name: str, draw: st.DataObject) -> None:
    text = (EXAMPLE / name).read_text(encoding="utf-8")
    for _ in range(draw.draw(st.integers(1, 3), label="edits")):
        start = draw.draw(st.integers(0, len(text)), label="at")
        end = draw.draw(st.integers(start, min(len(text), start + 30)), label="to")
        text = text[:start] + draw.draw(YAMLISH, label="insert") + text[end:]
    with city_copy() as root:
        (root / name).write_text(text, encoding="utf-8")
        outcome(root)


def text_paths(value: Any) -> list[tuple]:
    return [p for p, v in nodes(value) if p and isinstance(v, str)]


@CITY
@given(st.sampled_from(FILES), st.data())
def test_any_text_in_a_text_field_is_refused_or_rendered(name: str, draw: st.DataObject) -> None:
    """Text values are where editors write freely: whatever they write there either passes
    and renders, or is refused with a clean message."""
    data = load_yaml(EXAMPLE / name)
    path = draw.draw(st.sampled_from(text_paths(data)), label="path")
    new = draw.draw(st.text(min_size=1, max_size=60) | YAMLISH.filter(bool), label="text")
    data = mutate(data, path, "replace", new)
    with city_copy() as root:
        (root / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                 encoding="utf-8")
        outcome(root)


# --- 3. Valid random commitments: the counts the site shows are right --------------------

ADDITIONS = {k: v for k, v in load_yaml(EXAMPLE / "commitments.yml").items() if "statement" in v}
DATES = st.dates().map(lambda d: d.isoformat()).filter(lambda s: len(s) == 10)


@st.composite
def commitment(draw: st.DrawFn) -> dict[str, Any]:
    status = draw(st.sampled_from(STATUSES))
    entry: dict[str, Any] = {"status": status}
    if status == "not-applicable":
        entry["reason"] = draw(st.text(min_size=1, max_size=20).filter(str.strip))
    if status == "done" and draw(st.booleans()):
        entry["evidence"] = ["https://evidence.example/" + draw(st.from_regex(r"[a-z0-9]{1,8}",
                                                                              fullmatch=True))]
    if draw(st.booleans()):
        entry["due"] = draw(DATES)
    if draw(st.booleans()):
        entry["owner"] = draw(st.text(min_size=1, max_size=20).filter(str.strip))
    return entry


@CITY
@given(st.dictionaries(st.sampled_from(CATALOG_IDS), commitment(), max_size=len(CATALOG_IDS)),
       st.dictionaries(st.tuples(st.sampled_from(PART_IDS), st.from_regex(r"[a-z][a-z0-9-]{1,10}",
                                                                           fullmatch=True)),
                       commitment(), max_size=5))
def test_valid_commitments_build_and_counts_match(chosen: dict[str, Any],
                                                  own: dict[tuple[str, str], Any]) -> None:
    entries = {**chosen, **ADDITIONS}
    for (part, suffix), entry in own.items():
        entries.setdefault(f"{part}.{suffix}", {**entry, "statement": f"Our own item {suffix}."})
    with city_copy() as root:
        (root / "commitments.yml").write_text(yaml.safe_dump(entries, allow_unicode=True),
                                              encoding="utf-8")
        built = pipeline.build(root)
    expected = {rid: entries.get(rid, {}).get("status", "not-started") for rid in CATALOG_IDS}
    expected |= {rid: e["status"] for rid, e in entries.items() if "statement" in e}
    playbook = built.playbook
    assert {i.id: i.status for i in playbook.items} == expected
    overall = Counter(expected.values())
    assert playbook.counts.by_status == {s: overall[s] for s in STATUSES}
    for part in PART_IDS:
        mine = Counter(s for rid, s in expected.items() if rid.split(".")[0] == part)
        assert playbook.counts_for([part]).by_status == {s: mine[s] for s in STATUSES}, part
    missing_evidence = {rid for rid, e in entries.items() if e["status"] == "done" and
                        not e.get("evidence")}
    warned = {w.path.removesuffix(".status") for w in built.warnings if "no evidence" in w.message}
    assert warned == missing_evidence


@pytest.mark.parametrize("name", FILES)
def test_the_example_files_load_cleanly(name: str) -> None:
    text = (EXAMPLE / name).read_text(encoding="utf-8")
    assert_loaded(load_text(text, name), text)


@settings(max_examples=150, deadline=None)
@given(st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(min_size=1, max_size=8), inner, max_size=4),
    max_leaves=20))
def test_fast_and_slow_yaml_paths_agree(value: object) -> None:
    """libyaml's events and PyYAML's give the same values and marks."""
    from city_playbook.core.yamlsafe import libyaml_reads_alike, read_with_libyaml, read_with_pyyaml

    text = yaml.safe_dump({"root": value}, allow_unicode=True)
    fast, slow = read_with_libyaml(text, "f.yml"), read_with_pyyaml(text, "f.yml")
    if fast is None:  # declined up front, as for '>#' even inside quotes: the slow path decides
        assert not libyaml_reads_alike(text), text
        return
    (fast_doc, fast_errors), (slow_doc, slow_errors) = fast, slow
    assert [str(e) for e in fast_errors] == [str(e) for e in slow_errors]
    if fast_doc and slow_doc:
        assert fast_doc.data == slow_doc.data
        assert fast_doc.key_marks == slow_doc.key_marks
        assert {k: v for k, v in fast_doc.marks.items()} == slow_doc.marks


# --- Line-preserving edits (city-playbook import) ---------------------------------------------

EDITED = ("# kept\nA.a:\n  status: done   # kept too\n  owner: 'Board'\n  note: >-\n    A folded\n    note.\n"
          "  evidence:\n    - https://a.example/1\nA.b:\n  status: planned\n")


@FAST
@given(st.sampled_from(["owner", "note", "status", "reason"]), st.text(max_size=80).filter(str.strip))
def test_any_text_written_by_an_edit_reads_back_exactly_and_the_rest_stays(key: str, value: str) -> None:
    from city_playbook.tools.yamledit import Editor

    doc, _ = load_text(EDITED, "commitments.yml")
    assert doc is not None
    expected = doc.data
    expected["A.a"][key] = value
    editor = Editor(EDITED)
    editor.set(("A.a", key), value)
    text = editor.result(expected)  # raises unless the strict loader reads exactly `expected`
    assert text.startswith("# kept\nA.a:\n") and "# kept too" in text and text.endswith("A.b:\n  status: planned\n")
