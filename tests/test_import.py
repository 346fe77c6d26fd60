"""`city-playbook import`: the site's CSV, edited in a spreadsheet, back into the city's YAML."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from city_playbook.cli import main as city_playbook
from support import Site, command_here, make_project, run

pytestmark = pytest.mark.spread  # only session-wide builds: see tests/conftest.py

CITY = Path("city_config") / "test-city"


def import_(project: Path, table: Path, *args: str, process: bool = False) -> subprocess.CompletedProcess[str]:
    """`city-playbook import` in this process (the real command, without a new Python's start),
    or with `process` as a real process, for the test that proves its exit code and that it
    prints no traceback."""
    shown = table.relative_to(project) if table.is_relative_to(project) else table
    if process:
        return run([sys.executable, "-m", "city_playbook", "import", str(shown), str(CITY), *args], project)
    return command_here(city_playbook, project, "import", str(shown), str(CITY), *args)


def sheet(example_site: Site, name: str) -> list[dict[str, str]]:
    """A table exactly as the site publishes it."""
    return list(csv.DictReader(io.StringIO((example_site.root / "data" / f"{name}.csv").read_text())))


def save(rows: list[dict[str, str]], path: Path, delimiter: str = ",") -> Path:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def test_an_unchanged_download_changes_nothing(example_site: Site, project: Path, tmp_path: Path) -> None:
    before = {p.name: p.read_bytes() for p in (project / CITY).iterdir()}
    for name in ("commitments", "readings"):
        result = import_(project, save(sheet(example_site, name), project / f"{name}.csv"))
        assert result.returncode == 0, result.stderr
        assert "nothing to write" in result.stdout
    assert {p.name: p.read_bytes() for p in (project / CITY).iterdir()} == before


def test_commitments_import_changes_only_the_values_that_differ(example_site: Site, project: Path,
                                                                tmp_path: Path) -> None:
    yml = project / CITY / "commitments.yml"
    original = yml.read_text()
    # An entry the city has not written yet (here: taken out) is added after its part's others.
    entry = original[original.index("B1.c:\n"):original.index("B1.d:\n")]
    yml.write_text(original.replace(entry, ""))
    rows = {r["id"]: r for r in sheet(example_site, "commitments")}
    rows["A.b"].update(status="in-progress", note="")
    rows["B1.a"].update(owner="Head of Policy: Strategy & Vision",
                        evidence=rows["B1.a"]["evidence"] + " https://northbridge.example/new-report")
    rows["B1.b"]["note"] = "'=1+1 is text, not a formula"  # as the site neutralises it
    rows["B1.f"].update(stale="true", overdue="true")  # worked out from the day: not read
    rows["B3.youth-panel"]["text"] = rows["B3.youth-panel"]["text"].replace("14 to 21", "14 to 24")  # the city's own
    result = import_(project, save(list(rows.values()), project / "commitments.csv"))
    assert result.returncode == 0, result.stderr
    assert "A.b status: 'done' -> 'in-progress'" in result.stdout

    expected = original.replace(entry, "").replace(
        "A.b:\n  status: done\n", "A.b:\n  status: in-progress\n").replace(
        "  note: Four workshops went through the example principles one by one before the vote.\n", "").replace(
        "  owner: Head of Policy and Strategy\n  due: 2024-09-30\n",
        '  owner: "Head of Policy: Strategy & Vision"\n  due: 2024-09-30\n').replace(
        "      title: How the vision links to the six sustainability purposes\n",
        "      title: How the vision links to the six sustainability purposes\n"
        "    - https://northbridge.example/new-report\n").replace(
        "    - https://northbridge.example/vision/you-said-we-did\n",
        "    - https://northbridge.example/vision/you-said-we-did\n  note: =1+1 is text, not a formula\n").replace(
        "aged 14 to 21 who", "aged 14 to 24 who").replace(
        "B1.d:\n", "B1.c:\n  status: in-progress\n  owner: Chief Digital Officer\n  due: 2027-03-31\n"
        "  reviewed: 2026-10-02\n  note: A travelling showcase visits libraries and schools through the winter "
        "of 2026.\nB1.d:\n")
    assert yml.read_text() == expected
    again = import_(project, project / "commitments.csv")
    assert again.returncode == 0 and "nothing to write" in again.stdout, again.stdout + again.stderr


def test_readings_import_keeps_readings_of_the_same_date_in_place(example_site: Site, project: Path,
                                                                  tmp_path: Path) -> None:
    rows = sheet(example_site, "readings")
    first = [r for r in rows if r["indicator"] == "requests-completed-online"]
    assert [r["kind"] for r in first] == ["baseline", "actual", "actual", "actual", "target"]
    first[1]["value"] = "45"
    first[4]["value"] = "72.5"
    rows.remove(first[3])  # 2026-09-30 removed
    rows.insert(2, {"indicator": "requests-completed-online", "kind": "actual", "date": "2025-09-30", "value": "48"})
    offline = next(r for r in rows if r["indicator"] == "adults-offline" and r["kind"] == "actual")
    rows.insert(rows.index(offline) + 1, {"indicator": "adults-offline", "kind": "actual", "date": "2026-08-31",
                                          "value": "-0.5"})
    before = (project / CITY / "benefits.yml").read_bytes()
    dry = import_(project, save(rows, project / "readings.csv"), "--dry-run")
    assert dry.returncode == 0 and "requests-completed-online actual 2025-03-31: 44 -> 45" in dry.stdout, dry.stderr
    assert (project / CITY / "benefits.yml").read_bytes() == before, "--dry-run writes nothing"
    result = import_(project, project / "readings.csv")
    assert result.returncode == 0, result.stderr
    yml = (make_project(tmp_path / "fresh") / CITY / "benefits.yml").read_text()
    expected = yml.replace(
        "      value: 70\n    actuals:\n      - date: 2025-03-31\n        value: 44\n",
        "      value: 72.5\n    actuals:\n      - date: 2025-03-31\n        value: 45\n"
        "      - date: 2025-09-30\n        value: 48\n").replace(
        "        value: 52\n      - date: 2026-09-30\n        value: 55\n", "        value: 52\n").replace(
        "      - date: 2026-02-28\n        value: 10.1\n",
        "      - date: 2026-02-28\n        value: 10.1\n      - date: 2026-08-31\n        value: -0.5\n")
    assert (project / CITY / "benefits.yml").read_text() == expected


def test_line_endings_list_style_and_comments_are_the_editors(example_site: Site, project: Path,
                                                              tmp_path: Path) -> None:
    """A file written another way (CRLF, lists not indented under their key, a comment after a
    value, a semicolon-separated sheet from a spreadsheet set to French) keeps its way."""
    yml = project / CITY / "commitments.yml"
    text = yml.read_text().replace("\n    - ", "\n  - ").replace("\n      title:", "\n    title:").replace(
        "A.b:\n  status: done\n", "A.b:\n  status: done   # checked at the May board\n")
    yml.write_bytes(text.replace("\n", "\r\n").encode())
    rows = {r["id"]: r for r in sheet(example_site, "commitments")}
    rows["A.b"]["status"] = "in-progress"
    rows["A.a"]["evidence"] += " https://northbridge.example/minutes"
    result = import_(project, save(list(rows.values()), project / "commitments.csv", delimiter=";"))
    assert result.returncode == 0, result.stderr
    expected = text.replace("  status: done   # checked", "  status: in-progress   # checked").replace(
        "    title: Council decision agreeing the delivery principles (20 June 2024)\n",
        "    title: Council decision agreeing the delivery principles (20 June 2024)\n"
        "  - https://northbridge.example/minutes\n")
    assert yml.read_bytes() == expected.replace("\n", "\r\n").encode()


def test_every_bad_cell_is_reported_with_its_row_and_column_and_nothing_is_written(
        example_site: Site, project: Path, tmp_path: Path) -> None:
    before = {p.name: p.read_bytes() for p in (project / CITY).iterdir()}
    rows = sheet(example_site, "commitments")
    rows[0]["status"] = "finished"
    rows[1]["due"] = "30/04/2024"
    rows[2]["id"] = "B1.z"
    rows[3]["text"] = "Our own words"
    rows[4]["evidence"] = "www.example.org"
    rows[5].update(status="not-applicable", reason="")
    rows[6]["url"] = "elsewhere"
    result = import_(project, save(rows, project / "commitments.csv"), process=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    expected = [
        ("commitments.csv:2:4: A.a column D (status): 'finished' is not a status; write one of",
         "in-progress, done, not-applicable"),
        ("commitments.csv:3:6: A.b column F (due): '30/04/2024' is not a date", "write YYYY-MM-DD"),
        ("commitments.csv:4:1: column A (id): 'B1.z' is not a recommendation", "Did you mean"),
        ("commitments.csv:5:13: B1.b column M (text): the text of a catalog recommendation", "write it as it was"),
        ("commitments.csv:6:10: B1.c column J (evidence): 'www.example.org' is not an allowed link", "https://"),
        (f"commitments.csv:7:4: {rows[5]['id']}.reason column D (status): after the import", "needs a 'reason'"),
        ("commitments.csv:8:14: B1.e column N (url): the playbook works this column out", "write it as it was"),
    ]
    for start, hint in expected:
        assert any(line.startswith(start) and hint in line for line in lines), (start, result.stderr)
    assert lines[-1] == "7 problems; nothing was written."
    assert {p.name: p.read_bytes() for p in (project / CITY).iterdir()} == before

    readings = sheet(example_site, "readings")
    readings[1]["value"] = "6,4"
    readings[2]["kind"] = "actuals"
    readings[3]["indicator"] = "cost-per-requests"
    readings[4]["date"] = "2026-02-30"
    readings.append(dict(readings[0]))
    result = import_(project, save(readings, project / "readings.csv"), process=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    for start in ("readings.csv:3:4: requests-completed-online column D (value): '6,4' is not a number; use a point",
                  "readings.csv:4:2: requests-completed-online column B (kind): 'actuals' is not a kind",
                  "readings.csv:5:1: column A (indicator): 'cost-per-requests' is not an indicator",
                  "readings.csv:6:3: requests-completed-online column C (date): '2026-02-30' is not a real date",
                  f"readings.csv:{len(readings) + 1}:2: requests-completed-online column B (kind): row 2 already"):
        assert start in result.stderr, (start, result.stderr)
    assert {p.name: p.read_bytes() for p in (project / CITY).iterdir()} == before


def test_a_table_that_is_not_an_export_is_refused(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "budget.csv"
    other.write_text("line,amount\nstaff,100\n")
    result = import_(project, other)
    assert result.returncode == 1 and "neither commitments.csv nor readings.csv" in result.stderr
    typo = project / "commitments.csv"
    typo.write_text("id,stauts\nA.a,done\n")
    result = import_(project, typo)
    assert result.returncode == 1 and "'stauts' is not a column of commitments.csv. Did you mean 'status'?" in (
        result.stderr)
