"""Dates and history from git: real repositories in tmp_path, built with MkDocs."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
import yaml

from support import EXAMPLE, GIT_ENV, Site, edit_yaml, make_project, mkdocs, mkdocs_here, run


def git(repo: Path, *args: str, when: str | None = None) -> str:
    dates = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else {}
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True,
                          env={**os.environ, **GIT_ENV, **dates})
    return done.stdout


def commit(repo: Path, message: str, when: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, when=when)
    return git(repo, "rev-parse", "HEAD").strip()


def init(repo: Path) -> None:
    git(repo, "init", "-q", "-b", "main")


def build_on(project: Path, day: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` with the clock set to `day` (time-machine), and no SOURCE_DATE_EPOCH, so
    the build judges dates as an editor's or CI's build would on that day."""
    code = (f"import sys, time_machine; time_machine.travel({day!r}, tick=False).start(); "
            f"from mkdocs.__main__ import cli; sys.argv = ['mkdocs', 'build', *{list(args)!r}]; cli()")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True,
                          timeout=300, env=env)


def test_example_builds_strictly_for_years_and_keeps_its_flags(tmp_path: Path) -> None:
    """Committed as it is in this repository, the example passes `--strict` in 2031 and still
    shows both flags it exists to demonstrate, as of the date it was published. An uncommitted
    edit is judged as of the build date, so the same build then fails: the clock was moved."""
    project = make_project(tmp_path)
    init(project)
    commit(project, "Publish the example city", "2026-11-24T12:00:00+00:00")
    result = build_on(project, "2031-06-01", "--strict")
    assert result.returncode == 0, result.stderr
    site = Site(project / "site")
    flags = set()
    for page in site.pages():
        html = Site(page.parent).html(page.name)
        flags |= {f.get_text() for f in html.select(".pb-flag--warn")}
        as_of = html.select_one(".pb-as-of")
        assert as_of is not None, page
        assert as_of.get_text() == "Statuses as of 24 November 2026, the date of the city's last published change."
    assert {"past due date", "review overdue"} <= flags

    commitments = project / "city_config" / "test-city" / "commitments.yml"
    commitments.write_text(commitments.read_text() + "\n# an edit not yet committed\n")
    result = build_on(project, "2031-06-01", "--strict")
    assert result.returncode != 0
    assert "more than 365 days ago" in result.stderr


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


@pytest.fixture(scope="module")
def history_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A city with a year of commits: a status change, a reformat, a broken revision, a slipped
    date and a deleted file, built with `mkdocs build --strict`."""
    project = make_project(tmp_path_factory.mktemp("history"))
    city = project / "city_config" / "test-city"
    init(project)
    commits = {"first": commit(project, "First published version", "2026-03-02T09:00:00+00:00")}
    edit(city / "commitments.yml", "B1.e:\n  status: planned", "B1.e:\n  status: in-progress")
    commits["started"] = commit(project, "B1.e started", "2026-04-10T09:00:00+00:00")
    data = yaml.safe_load((city / "commitments.yml").read_text())  # reordered, comments gone: no change
    (city / "commitments.yml").write_text(yaml.safe_dump(dict(reversed(data.items())), width=60))
    commits["reformat"] = commit(project, "Reformat", "2026-05-05T09:00:00+00:00")
    edit_yaml(city / "commitments.yml", lambda d: d["B1.e"].update(status="finished"))
    commits["broken"] = commit(project, "A typo", "2026-06-01T09:00:00+00:00")
    edit_yaml(city / "commitments.yml", lambda d: d["B1.e"].update(status="in-progress", due=date(2028, 3, 31)))
    commits["slipped"] = commit(project, "Fix the typo; B1.e slips", "2026-07-01T09:00:00+00:00")
    (city / "risks.yml").unlink()
    commits["deleted"] = commit(project, "The register moves elsewhere", "2026-10-20T09:00:00+00:00")
    for _ in range(2):  # twice: the second build reads the history from the cache
        result = mkdocs(project, "--strict")
        assert result.returncode == 0, result.stderr
    commits["log"] = result.stderr
    return project, commits



def test_item_history_and_since(history_project: tuple[Path, dict[str, str]]) -> None:
    """Each published change of the item, dated by its commit; the reformat adds nothing."""
    project, _ = history_project
    item = Site(project / "site").html("strategy-management/b1/").select_one("#b1-e")
    shown = [" ".join(li.get_text().split()) for li in item.select(".pb-history li")]
    assert shown == ["10 April 2026: status: Planned → In progress",
                     "1 July 2026: due date: 30 September 2027 → 31 March 2028"]
    meta = dict(zip([dt.get_text() for dt in item.select("dt")], [dd.get_text() for dd in item.select("dd")],
                    strict=True))
    assert meta["In this status since"] == "10 April 2026"
    other = Site(project / "site").html("strategy-management/b1/").select_one("#b1-a")
    assert not other.select(".pb-history")  # unchanged since the first version
    assert [dt.get_text() for dt in other.select("dt")].count("In this status since") == 1


def test_changes_page_groups_by_kind(history_project: tuple[Path, dict[str, str]]) -> None:
    project, commits = history_project
    site = Site(project / "site")
    page = site.html("changes/")
    since = page.find(id="since-review-removed")  # risks.yml deleted after the review of 15 October
    assert since is not None and since.get_text().startswith("Removed (8)")
    assert page.find(id="last-year-forward").get_text().startswith("Status moved forward (1)")
    slipped = page.find(id="last-year-slipped").find_next("ul")
    assert " ".join(slipped.get_text().split()).endswith("1 July 2026: due date: 30 September 2027 → 31 March 2028")
    assert slipped.find("a")["href"] == "../strategy-management/b1/#b1-e"
    assert "1 version of the city's files could not be read" in page.get_text()
    # the broken revision is named, and did not fail the strict build
    assert f"commit {commits['broken'][:12]} (2026-06-01) is left out of the history" in commits["log"]
    assert "'finished' is not a status" in commits["log"]
    recent = site.html("").select_one(".pb-recent").get_text()
    assert recent == "Since the last review (15 October 2026): 8 other changes. See what has changed."
    for path in site.pages():  # every page announces both feeds
        head = Site(path.parent).html(path.name).head
        assert {link["type"] for link in head.find_all("link", rel="alternate")} >= {
            "application/atom+xml", "application/feed+json"}


def test_atom_feed_is_valid_and_stable(history_project: tuple[Path, dict[str, str]]) -> None:
    project, _ = history_project
    atom = "{http://www.w3.org/2005/Atom}"
    raw = (project / "site" / "feed.xml").read_bytes()
    feed = ET.fromstring(raw)
    assert feed.tag == f"{atom}feed"
    for required in ("id", "title", "updated", "author"):  # RFC 4287, 4.1.1
        assert feed.find(f"{atom}{required}") is not None, required
    assert feed.find(f"{atom}author/{atom}name").text
    assert feed.find(f"{atom}link[@rel='self']").get("href") == "feed.xml"
    entries = feed.findall(f"{atom}entry")
    assert len(entries) == 10  # 1 forward, 1 slipped, 8 risks removed
    ids = [e.find(f"{atom}id").text for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    stamps = [e.find(f"{atom}updated").text for e in entries]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", s) for s in stamps)
    assert stamps == sorted(stamps, reverse=True) and feed.find(f"{atom}updated").text == stamps[0]
    for entry in entries:
        assert entry.find(f"{atom}title").text and entry.find(f"{atom}link[@rel='alternate']").get("href")
    json_feed = json.loads((project / "site" / "feed.json").read_text())
    assert json_feed["version"] == "https://jsonfeed.org/version/1.1"
    assert [i["id"] for i in json_feed["items"]] == ids
    # a rebuild of the same commits gives the same bytes, so subscribers see nothing new
    result = mkdocs(project, "--strict", "-d", "site2")
    assert result.returncode == 0, result.stderr
    for name in ("feed.xml", "feed.json", "data/changes.json", "data/changes.csv", "changes/index.html"):
        assert (project / "site2" / name).read_bytes() == (project / "site" / name).read_bytes(), name


def test_changes_open_data_matches_its_schema(history_project: tuple[Path, dict[str, str]]) -> None:
    project, commits = history_project
    data_dir = project / "site" / "data"
    data = json.loads((data_dir / "changes.json").read_text())
    jsonschema.validate(data, json.loads((data_dir / "changes.schema.json").read_text()))
    assert data["available"] is True
    first = data["changes"][0]
    assert {k: first[k] for k in ("id", "field", "old", "new", "date", "commit")} == {
        "id": "B1.e", "field": "status", "old": "planned", "new": "in-progress", "date": "2026-04-10",
        "commit": commits["started"]}
    rows = list(csv.DictReader(io.StringIO((data_dir / "changes.csv").read_text())))
    assert len(rows) == len(data["changes"]) == 10
    assert rows[1]["field"] == "due" and rows[1]["commit"] == commits["slipped"]


def test_outside_git_and_in_a_shallow_clone(tmp_path: Path, history_project: tuple[Path, dict[str, str]]) -> None:
    """No git: the page says history is not available. A shallow clone: the same, and a
    warning with the fix, which --strict turns into a failure."""
    project, _ = history_project
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", project.as_uri(), str(clone))
    (clone / "docs").mkdir()  # empty, so not in git
    result = mkdocs_here(clone)
    assert result.returncode == 0, result.stderr
    assert "shallow clone" in result.stderr and "fetch-depth: 0" in result.stderr
    assert "partial copy" in Site(clone / "site").html("changes/").get_text()
    assert mkdocs_here(clone, "--strict").returncode != 0
    git(clone, "fetch", "-q", "--unshallow")  # the fix: the next build shows the history
    result = mkdocs_here(clone, "--strict")
    assert result.returncode == 0, result.stderr
    assert Site(clone / "site").html("changes/").find(id="last-year-forward") is not None
    plain = make_project(tmp_path / "plain")
    assert mkdocs_here(plain).returncode == 0
    site = Site(plain / "site")
    assert "were not read from git" in site.html("changes/").get_text()
    assert json.loads((plain / "site" / "data" / "changes.json").read_text())["available"] is False
    assert site.html("").select_one(".pb-recent") is None


def test_example_site_shows_its_own_history(example_site: Site) -> None:
    """The example's commits in this repository are enough to show every part of the feature."""
    if run(["git", "rev-parse", "--is-shallow-repository"], EXAMPLE).stdout.strip() != "false":
        pytest.skip("needs a full clone of this repository (fetch-depth: 0)")
    page = example_site.html("changes/")
    kinds = {h.get("id", "").split("-", 2)[-1] for h in page.find_all("h3")}
    assert {"forward", "slipped", "risk-closed"} <= kinds
    b4 = example_site.html("strategy-management/b4/").select_one("#b4-a")
    assert "Planned → In progress" in b4.select_one(".pb-history").get_text()
    assert example_site.html("").select_one(".pb-recent") is not None


@pytest.mark.parametrize("variant", ["as-is", "reordered", "broken-entry", "duplicate", "list", "alias"])
def test_entry_by_entry_reading_agrees_with_the_whole_file(variant: str) -> None:
    """The fast path of history reading (one entry at a time) gives what reading the whole file
    as a build does gives: the same facts, or the same problem."""
    from city_playbook.core import changes

    text = (EXAMPLE / "commitments.yml").read_text()
    data = yaml.safe_load(text)
    raw = {
        "as-is": text,
        "reordered": yaml.safe_dump(dict(reversed(data.items()))),
        "broken-entry": text.replace("status: planned", "status: finished", 1),
        "duplicate": text + "B1.a:\n  status: done\n",
        "list": "- B1.a\n- B1.b\n",
        "alias": text.replace("B1.a:\n", "B1.a: &one\n", 1) + "B1.zz: *one\n",
    }[variant].encode()
    whole = changes.whole_file_facts("commitments.yml", raw)
    assert changes.file_facts("commitments.yml", raw) == whole
    assert isinstance(whole, dict) == (variant in ("as-is", "reordered"))


def test_a_playbook_never_reviewed_shows_the_last_twelve_months(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    city = project / "city_config" / "test-city"
    edit(city / "city.yml", "reviewed: 2026-10-15\n", "")
    init(project)
    commit(project, "First", "2026-09-01T09:00:00+00:00")
    edit(city / "commitments.yml", "B1.e:\n  status: planned", "B1.e:\n  status: in-progress")
    commit(project, "B1.e started", "2026-10-01T09:00:00+00:00")
    result = mkdocs_here(project)
    assert result.returncode == 0, result.stderr
    site = Site(project / "site")
    assert site.html("").select_one(".pb-recent").get_text().startswith("In the last 12 months: 1 moved forward.")
    page = site.html("changes/")
    assert page.find(id="since-review") is None and page.find(id="last-year-forward") is not None
