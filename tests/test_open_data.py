"""The open data holds every fact the site shows, described by its schema, safe in spreadsheets."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from bs4 import BeautifulSoup, NavigableString, Tag

from city_playbook.core.language import strings
from city_playbook.site.opendata import TABLES
from support import Site, edit_yaml, make_project, mkdocs_here

pytestmark = pytest.mark.spread  # only session-wide builds: see tests/conftest.py

# Words the templates put around the data; everything else shown for a record must be data.
CHROME = re.compile(
    r"^(?:(?P<n>\d+) of 5|(?P<level>\w+) \(score (?P<score>\d+)\)|(?:Unit|Owner|Outcome|Led by): (?P<v>.+)"
    r"|Source of the data for (?P<src>.+)|Agendas and minutes of the (?P<rec>.+)"
    r"|(?P<pid>[A-D]\d*) (?P<ptitle>.+)|(?P<rid>[a-z0-9-]+): (?P<rtitle>.+)|(?P<a>.+) \u00d7 (?P<b>.+)"
    r"|(?P<pct>\d+)%|agreed|to|Catalog wording:|Why not adopted:|Latest value|:|of the way from the baseline of"
    r"|to the target of|past its end date"
    r"|Higher is better|Lower is better|Baseline|Measured|Target)$")


def _values(data: Any) -> Iterator[str]:
    """Every value of the data as text, in each form the pages may print it."""
    if isinstance(data, dict):
        for value in data.values():
            yield from _values(value)
    elif isinstance(data, list):
        for value in data:
            yield from _values(value)
    elif isinstance(data, bool) or data is None:
        return
    elif isinstance(data, int | float):
        yield str(data)
        yield str(round(data, 2))
        yield str(strings().number(round(data, 2)))  # as the page's language writes it: 3,100
    else:
        yield data
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", data):
            from datetime import date
            yield str(strings().date(date.fromisoformat(data), element=False))


def _labels() -> set[str]:
    """The interface's names of the data's enumerated values (status, risk status, flags)."""
    t = strings()
    return {label for key in ("status", "risk_status", "principle_status", "flag", "provenance")
            for label in getattr(t, key).values()} | {"High", "Medium", "Low"}


def _pieces(element: Tag) -> Iterator[str]:
    """The text a reader sees in a record's element, less headings of its own list (dt),
    captions and drawings, split where the templates join values."""
    for text in element.find_all(string=True):
        assert isinstance(text, NavigableString)
        if text.find_parent(["dt", "caption", "thead", "svg", "title"]) or "pb-sr" in str(text.parent.get("class")):
            continue
        piece = " ".join(text.split()).strip(" ,;·")
        if piece:
            yield piece


def _not_data(piece: str, values: set[str], labels: set[str]) -> list[str]:
    """The parts of a piece of text that are neither data nor the words around it."""
    if piece in values or piece in labels:
        return []
    if " · " in piece:
        return [u for p in piece.split(" · ") for u in _not_data(p.strip(), values, labels)]
    match = CHROME.match(piece)
    if match:
        return [v for v in match.groupdict().values() if v is not None and v not in values and v not in labels]
    parts = [p.strip() for p in re.split(r"; |, ", piece) if p.strip()]
    return [piece] if len(parts) < 2 else [u for p in parts for u in _not_data(p, values, labels)]


def _records(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, dict):
        if "url" in data and "#" in str(data["url"]):
            yield data
        for value in data.values():
            yield from _records(value)
    elif isinstance(data, list):
        for value in data:
            yield from _records(value)


def test_every_value_on_the_pages_comes_from_the_open_data(example_site: Site) -> None:
    data = json.loads((example_site.root / "data" / "playbook.json").read_text())
    changes = json.loads((example_site.root / "data" / "changes.json").read_text())
    values = set(_values(data)) | set(_values(changes))  # an item's history comes from changes.json
    change_text = {f"{c['id']} {c['date']}" for c in changes["changes"]}
    labels = _labels()
    records = list(_records(data))
    kinds = {r["url"].split("#")[1].split("-")[0] for r in records}
    assert {"b1", "principle", "phase", "body", "cell", "initiative", "indicator", "risk"} <= kinds
    unknown: list[str] = []
    checked = 0
    for record in records:
        page, fragment = record["url"].split("#")
        element = example_site.html(page).find(id=fragment)
        assert element is not None, f"{record['url']} is not on the site"
        for history in element.find_all("ul", class_="pb-history"):
            for entry in history.find_all("li"):  # each line of an item's history is a change in the data
                day = entry.find("time")["datetime"]
                if f"{record['id']} {day}" not in change_text:
                    unknown.append(f"{record['url']}: history {day} not in changes.json")
            history.decompose()
        for piece in _pieces(element):
            checked += 1
            unknown += [f"{record['url']}: {v!r}" for v in _not_data(piece, values, labels)]
        for time in element.find_all("time"):
            if time["datetime"] not in values:
                unknown.append(f"{record['url']}: date {time['datetime']}")
        for link in element.find_all("a", href=re.compile(r"^(https?|mailto|tel):")):
            if link["href"] not in values:
                unknown.append(f"{record['url']}: link {link['href']}")
    assert checked > 1000, checked
    assert not unknown, "shown on the site but not in the data:\n" + "\n".join(unknown[:20])


def test_the_data_follows_its_schema_and_every_field_and_column_is_described(example_site: Site) -> None:
    data_dir = example_site.root / "data"
    schema = json.loads((data_dir / "playbook.schema.json").read_text())
    data = json.loads((data_dir / "playbook.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(data)
    for name, definition in [("OpenData", schema), *schema["$defs"].items()]:
        for field, spec in definition.get("properties", {}).items():
            assert spec.get("description"), f"{name}.{field} has no description"
    assert data["roadmap"] and data["governance"] and data["interoperability"]["cells"] and data["risks"]
    assert data["benefit_map"]["initiatives"] and data["indicators"][0]["readings"][0]["kind"] == "baseline"

    page = example_site.html("open-data/")
    for table in TABLES:
        rows = list(csv.reader(io.StringIO((data_dir / f"{table.name}.csv").read_text())))
        assert rows[0] == list(table.columns) and len(rows) > 1, table.name
        described = page.find(id=f"columns-{table.name}")
        assert described is not None and page.find("a", href=f"../data/{table.name}.csv")
        shown = {tr.th.get_text(): tr.td.get_text() for tr in described.tbody.find_all("tr")}
        assert set(shown) == set(table.columns) and all(shown.values()), table.name
    readings = list(csv.DictReader(io.StringIO((data_dir / "readings.csv").read_text())))
    assert len(readings) == sum(len(i["readings"]) for i in data["indicators"])


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    city = project / "city_config" / "test-city"

    def formulas(data: dict) -> None:
        data["B1.a"]["note"] = "=HYPERLINK(\"https://evil.example\",\"click\")"
        data["B1.a"]["owner"] = "@SUM(A1)"
        data["B1.b"]["note"] = "'quoted' on purpose"
        data["B1.c"]["owner"] = "+44 1632 960000"

    edit_yaml(city / "commitments.yml", formulas)
    edit_yaml(city / "risks.yml", lambda data: data["risks"][0].update(mitigation="-1 budget line"))
    result = mkdocs_here(project)
    assert result.returncode == 0, result.stderr
    data_dir = project / "site" / "data"
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((data_dir / "commitments.csv").read_text()))}
    assert rows["B1.a"]["note"] == "'=HYPERLINK(\"https://evil.example\",\"click\")"
    assert rows["B1.a"]["owner"] == "'@SUM(A1)"
    assert rows["B1.b"]["note"] == "''quoted' on purpose", "an apostrophe of the city's own is kept"
    assert rows["B1.c"]["owner"] == "'+44 1632 960000"
    risks = list(csv.DictReader(io.StringIO((data_dir / "risks.csv").read_text())))
    assert risks[0]["mitigation"] == "'-1 budget line"
    for table in TABLES:  # no cell of any table starts with a character a spreadsheet would run
        for row in csv.reader(io.StringIO((data_dir / f"{table.name}.csv").read_text())):
            assert not [cell for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")], table.name
    assert json.loads((data_dir / "playbook.json").read_text())["parts"][1]["recommendations"][0]["owner"] == (
        "@SUM(A1)"), "the JSON holds the value as written"
    text = BeautifulSoup((project / "site" / "open-data" / "index.html").read_text(), "html.parser").get_text()
    assert "starts with =, +, - or @" in text and "apostrophe" in text
