"""The `city-playbook` command: new, schema, export, reference, --help and --version."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup

from city_playbook import __version__
from city_playbook.core.catalog import load_catalog
from city_playbook.core.city import KNOWN_FILES, OPTIONAL_FILES, schemas
from support import EXAMPLE, GIT_ENV, ROOT, load_yaml, make_project, mkdocs, run

pytestmark = pytest.mark.spread  # only session-wide builds: see tests/conftest.py


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "city_playbook", *args], cwd)


def test_help_and_version() -> None:
    result = cli("--help")
    assert result.returncode == 0
    for command in ("validate", "new", "schema", "export", "reference"):
        assert command in result.stdout
    assert cli("--version").stdout.strip() == f"city-playbook, version {__version__}"


def test_validate_accepts_the_example_city() -> None:
    result = cli("validate", "city_config/northbridge", "--strict")
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout and "0 warnings" in result.stdout


def test_validate_without_a_folder_checks_the_city_a_build_would_use(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    alone = cli("validate", cwd=project)
    assert alone.returncode == 0, alone.stderr
    assert alone.stdout.startswith("city_config/test-city: OK")
    shutil.copytree(project / "city_config" / "test-city", project / "city_config" / "second")
    ambiguous = cli("validate", cwd=project)
    assert ambiguous.returncode == 2 and "2 cities in city_config" in ambiguous.stderr
    assert "Traceback" not in ambiguous.stderr
    chosen = run([sys.executable, "-m", "city_playbook", "validate"], project,
                 env={"PLAYBOOK_CITY": "city_config/second"})
    assert chosen.returncode == 0 and chosen.stdout.startswith("city_config/second: OK"), chosen.stderr


def test_new_city_validates_and_builds_with_every_recommendation_not_started(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    result = cli("new", "port-ash", cwd=project)
    assert result.returncode == 0, result.stderr
    city = project / "city_config" / "port-ash"
    commitments = load_yaml(city / "commitments.yml")
    catalog_ids = [r["id"] for f in sorted((ROOT / "content" / "parts").glob("*.yml"))
                   for r in load_yaml(f)["recommendations"]]
    assert sorted(commitments) == sorted(catalog_ids)
    assert {c["status"] for c in commitments.values()} == {"not-started"}
    text = (city / "commitments.yml").read_text()
    assert "# yaml-language-server: $schema=../../schema/commitments.schema.json" in text
    assert sorted(p.name for p in city.iterdir()) == sorted(KNOWN_FILES), "every file a city can have"
    assert_schema_lines(city)
    assert "reviewed" not in load_yaml(city / "city.yml"), "a new playbook claims no review"
    # `new` says at once what is still to replace, as validate does.
    assert "vision: warning: this is still the text" in result.stderr
    assert "roadmap.yml:1:1: warning: nothing is written in this file yet" in result.stderr
    assert_ids_listed(city)
    checked = cli("validate", "city_config/port-ash", cwd=project)
    assert checked.returncode == 0, checked.stderr
    assert "no decision yet on" in checked.stderr  # a warning, not an error
    # What `new` wrote in place of the city's own facts is valid, and is never published unnoticed.
    for placeholder in ("vision: warning: this is still the text", "website: warning: 'https://port-ash.example' "
                        "is a placeholder address", "accessibility: warning: no date of the last accessibility"):
        assert placeholder in checked.stderr
    assert cli("validate", "city_config/port-ash", "--strict", cwd=project).returncode == 1
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("city_config/test-city", "city_config/port-ash"))
    built = mkdocs(project)
    assert built.returncode == 0, built.stderr
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "The playbook as a whole has not been reviewed yet." in home
    assert cli("new", "port-ash", cwd=project).returncode == 1, "an existing city is never overwritten"
    assert cli("new", "Port Ash", cwd=project).returncode != 0

    # The commented examples are right: uncommented, each file is valid (once given a real date).
    for name in OPTIONAL_FILES:
        lines = (city / name).read_text().splitlines()
        start = lines.index("#") + 1
        end = lines.index("#", start) if "#" in lines[start:] else len(lines)
        example = "\n".join(line[2:] for line in lines[start:end]).replace("YYYY-MM-DD", "2026-11-01")
        (city / name).write_text(lines[0] + "\n" + example + "\n")
    filled = cli("validate", "city_config/port-ash", cwd=project)
    assert filled.returncode == 0, filled.stderr
    assert "nothing is written in this file yet" not in filled.stderr


def assert_schema_lines(city: Path) -> None:
    """Each file's first line names its own schema, at a path that exists from the file."""
    for path in city.iterdir():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path.name
        schema = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert schema.name == path.name.replace(".yml", ".schema.json")
        assert json.loads(schema.read_text(encoding="utf-8")) == schemas()[schema.name], schema


def assert_ids_listed(city: Path) -> None:
    """The ids an editor must write but does not choose are in the comments where they are used."""
    catalog = load_catalog()
    benefits, risks = (city / "benefits.yml").read_text(), (city / "risks.yml").read_text()
    for entry in (*catalog.benefit_map.changes, *catalog.benefit_map.outcomes):
        assert f"#   {entry.id}: {entry.title}" in benefits, entry.id
    for risk in catalog.risks.risks:
        assert re.search(rf"^#   {risk.id} +{re.escape(risk.title)}$", risks, re.M), risk.id
    for part in catalog.ordered_parts():
        for name in ("risks.yml", "governance.yml"):
            assert re.search(rf"^#   {part.id} +\S", (city / name).read_text(), re.M), (name, part.id)
        assert f"\n# {part.id}:\n#   commitment:" in (city / "commitments.yml").read_text(), part.id


def test_new_city_outside_the_project_names_schemas_that_exist(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    elsewhere = tmp_path / "elsewhere" / "cities"
    result = cli("new", "port-ash", "--root", str(elsewhere), cwd=project)
    assert result.returncode == 0, result.stderr
    assert f"Wrote the JSON Schemas that the files name on their first line to {elsewhere / 'schema'}." \
        in result.stdout
    assert_schema_lines(elsewhere / "port-ash")
    checked = cli("validate", str(elsewhere / "port-ash"), cwd=project)
    assert checked.returncode == 0, checked.stderr
    second = cli("new", "port-birch", "--root", str(elsewhere), cwd=project)
    assert second.returncode == 0 and "Wrote the JSON Schemas" not in second.stdout, "written once, then reused"
    assert_schema_lines(elsewhere / "port-birch")


def test_committed_schemas_are_current_and_accept_the_example_city(tmp_path: Path) -> None:
    result = cli("schema", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    for generated in sorted(tmp_path.glob("*.schema.json")):
        committed = ROOT / "schema" / generated.name
        assert committed.read_text() == generated.read_text(), f"run `city-playbook schema`: {generated.name}"
        schema = json.loads(generated.read_text())
        jsonschema.Draft202012Validator.check_schema(schema)
        city_file = EXAMPLE / generated.name.replace(".schema.json", ".yml")
        first_line = city_file.read_text().splitlines()[0]
        assert first_line == f"# yaml-language-server: $schema=../../schema/{generated.name}"
        data = json.loads(json.dumps(load_yaml(city_file), default=str))  # dates as the text editors write
        jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)


def test_schemas_reject_what_the_build_rejects() -> None:
    schema = json.loads((ROOT / "schema" / "commitments.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors({"B1.a": {"status": "finished"}}))
    assert list(validator.iter_errors({"B1.a": {"status": "done", "stauts": "done"}}))
    assert list(validator.iter_errors({"B1.a!": {"status": "done"}}))
    assert not list(validator.iter_errors({"B1.a": {"status": "done", "evidence": ["https://x.example"]}}))


def test_the_reference_explains_every_key_and_every_section() -> None:
    """Docs for every option: a key or a section without words fails here, not in review."""
    lines = cli("reference").stdout.splitlines()
    keys = [line for line in lines if line.startswith("| `") and line.count("|") == 5]  # not the id lists
    assert len(keys) > 100
    unexplained = [line.split("|")[1].strip() for line in keys if not line.split("|")[4].strip()]
    assert not unexplained, f"keys without a meaning in the model: {unexplained}"
    bare = [lines[i] for i, line in enumerate(lines[:-2]) if line.startswith("#### ")
            and lines[i + 2].startswith("| key")]
    assert not bare, f"sections without an introduction (the model's docstring): {bare}"


def test_the_reference_page_is_current_and_the_readme_links_it() -> None:
    reference = cli("reference").stdout
    page = (ROOT / "REFERENCE.md").read_text()
    start = page.index("<!-- reference:start -->") + len("<!-- reference:start -->\n")
    assert page[start:page.index("<!-- reference:end -->")] == reference, \
        "run `city-playbook reference` and paste it into REFERENCE.md"
    readme = (ROOT / "README.md").read_text()
    assert "[REFERENCE.md](REFERENCE.md)" in readme and "city-playbook reference" in readme


@pytest.mark.parametrize("args", [("validate", "city_config/missing"), ("export", "/tmp/x", "-f", "nope.yml")])
def test_bad_arguments_fail_cleanly(args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout


def test_validate_given_the_wrong_path_says_which_to_give_instead() -> None:
    result = cli("validate", "city_config/northbridge/city.yml")
    assert result.returncode == 1
    assert "city_config/northbridge/city.yml: this is a file; give the city's folder, city_config/northbridge" \
        in result.stderr
    result = cli("validate", "city_config")
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["city_config: this folder holds cities, not one city; give one of them: "
                                          "city_config/northbridge, city_config/valdore", "1 error in city_config."]


def test_build_all_dates_each_committed_city_by_its_own_last_commit(tmp_path: Path) -> None:
    """Without a SOURCE_DATE_EPOCH from the user, each city committed with no change waiting
    is judged (and its sitemap dated) as of its own last commit, not the repository's newest,
    so a city nobody edited neither starts failing its date checks nor misses the output
    cache because another city was committed; an uncommitted city is judged as of today.
    Each city's addresses (sitemap, canonical links) are those of its own folder."""
    project = make_project(tmp_path)
    cities = project / "city_config"
    for slug in ("second", "editing"):
        shutil.copytree(cities / "test-city", cities / slug)
    run(["git", "init", "-q", "-b", "main"], project, GIT_ENV)
    for paths, when in ((["city_config/test-city"], "2026-03-10T12:00:00Z"),
                        (["."], "2026-06-20T12:00:00Z")):
        run(["git", "add", *paths], project, GIT_ENV)
        done = run(["git", "commit", "-q", "-m", "publish"], project,
                   {**GIT_ENV, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when})
        assert done.returncode == 0, done.stderr
    (cities / "editing" / "city.yml").write_text((cities / "editing" / "city.yml").read_text() + "\n")
    env = {**{k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}, "PLAYBOOK_SITE_URL": "https://city.test/"}
    result = subprocess.run([sys.executable, "-m", "city_playbook", "build-all", "--jobs", "2"], cwd=project,
                            capture_output=True, text=True, timeout=300, env=env, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    today = dt.datetime.now(dt.UTC).date()
    expected = {"test-city": ("10 March 2026", "2026-03-10"), "second": ("20 June 2026", "2026-06-20"),
                "editing": (f"{today.day} {today:%B %Y}", today.isoformat())}
    for slug, (day, iso) in expected.items():
        home = BeautifulSoup((project / "site" / slug / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert f"Statuses as of {day}" in home.get_text(" ", strip=True), slug
        sitemap = (project / "site" / slug / "sitemap.xml").read_text(encoding="utf-8")
        assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {iso}, slug
        assert re.findall(r"<loc>([^<]+)</loc>", sitemap)[0] == f"https://city.test/{slug}/"


def test_build_all_builds_every_city_and_a_failure_keeps_its_previous_site(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    cities = project / "city_config"
    shutil.copytree(cities / "test-city", cities / "second")
    (cities / "notes").mkdir()  # a folder without a city.yml is not a city
    first = cli("build-all", "--jobs", "2", cwd=project)
    assert first.returncode == 0, first.stdout + first.stderr
    for slug in ("test-city", "second"):
        home = (project / "site" / slug / "index.html").read_text(encoding="utf-8")
        assert "Northbridge" in home
    assert not (project / "site" / "notes").exists()
    assert "2 of 2 cities built" in first.stdout
    rows = [line for line in first.stdout.splitlines() if line.startswith(("ok ", "failed "))]
    # Where the names start, and where the seconds end (right-aligned after the names padded
    # to the longest, so a build of 12.3 s ends where one of 9.8 s does, however long each took).
    columns = {(re.search(r"^\S+ +", row).end(), re.search(r"\d s  ", row).end()) for row in rows}
    assert len(rows) == 3 and len(columns) == 1, f"the columns are not aligned:\n{first.stdout}"
    before = (project / "site" / "second" / "index.html").read_bytes()

    commitments = cities / "second" / "commitments.yml"
    commitments.write_text(commitments.read_text().replace("status: done", "status: finished", 1))
    second = cli("build-all", "--jobs", "2", cwd=project)
    assert second.returncode == 1
    assert "failed  second" in second.stdout and "'finished' is not a status" in second.stdout
    assert "ok      test-city" in second.stdout and "1 of 2 cities built" in second.stdout
    assert (project / "site" / "second" / "index.html").read_bytes() == before, "the failed city's site changed"
    assert not [p for p in (project / "site").iterdir() if p.name.startswith(".")], "staging folders left behind"
    assert "Traceback" not in second.stdout + second.stderr
    # The portfolio at the root lists the failed city, whose previous site is still published.
    assert "ok      portfolio" in second.stdout and "1 failed city listed with why" in second.stdout
    home = BeautifulSoup((project / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    failed = home.select_one("#failed").find_next("ul")
    assert "'finished' is not a status" in failed.get_text()
    assert failed.select_one("a")["href"] == "second/"


def test_build_all_refuses_to_mix_cities_into_a_single_city_site(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("<p>the site of one city, from mkdocs build</p>")
    result = cli("build-all", cwd=project)
    assert result.returncode == 1
    assert result.stderr.startswith("site holds the site of a single city (site/index.html, from mkdocs build); "
                                    "build-all writes each city into site/<slug>/, and the two would mix. "
                                    "Delete site first, or build the cities into another folder: "
                                    "city-playbook build-all -d site-all")
    assert [p.name for p in (project / "site").iterdir()] == ["index.html"], "nothing may be written beside it"


CRASH_HOOK = """
import os

def on_config(config):
    if os.environ["PLAYBOOK_CITY"].endswith("crash"):
        os._exit(3)  # as a worker killed for memory would end
    return config
"""


def test_build_all_keeps_going_past_a_dead_worker_honours_strict_in_mkdocs_yml_and_keeps_link_names(
        tmp_path: Path) -> None:
    project = make_project(tmp_path)
    cities = project / "city_config"
    elsewhere = tmp_path / "shared-cities" / "real-name"
    shutil.copytree(cities / "test-city", elsewhere)
    (cities / "linked").symlink_to(elsewhere, target_is_directory=True)
    shutil.copytree(cities / "test-city", cities / "warned")
    (cities / "warned" / "notes.txt").write_text("a warning, which strict: true makes an error\n")
    shutil.copytree(cities / "test-city", cities / "zz-crash")
    (project / "crash.py").write_text(CRASH_HOOK)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "strict: true\nhooks:\n  - crash.py\n")

    result = cli("build-all", "--jobs", "2", cwd=project)
    out = result.stdout
    assert result.returncode == 1, out + result.stderr
    assert "Traceback" not in out + result.stderr
    assert "ok      linked" in out and (project / "site" / "linked" / "index.html").is_file()
    assert not (project / "site" / "real-name").exists(), "a linked city is published under its own name"
    assert "failed  warned" in out and not (project / "site" / "warned").exists()
    assert "failed  zz-crash" in out and "its build process stopped" in out
    assert "ok      test-city" in out
    assert "cities built" in out.splitlines()[-1], "the run ends with its summary"
    assert not [p for p in (project / "site").iterdir() if p.name.startswith(".")], "staging folders left"


# Ctrl-C while a and b are both being built, whatever the machine's speed: b sends it (as the
# terminal sends it to build-all) and only then lets a's build go on, so a cannot have
# finished (and c started in its place) before the interrupt. Bounded, so a build-all that
# never runs a and b side by side fails the test instead of hanging it.
INTERRUPT_HOOK = """
import os
import signal
import time
from pathlib import Path

SENT = Path(__file__).with_name("interrupt-sent")

def on_config(config):
    city = os.environ["PLAYBOOK_CITY"]
    if city.endswith("b"):
        os.kill(os.getppid(), signal.SIGINT)
        SENT.touch()
    elif city.endswith("a"):
        deadline = time.monotonic() + 120
        while not SENT.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    return config
"""


def test_build_all_interrupted_finishes_the_cities_in_progress_and_starts_no_other(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    cities = project / "city_config"
    for slug in ("a", "b", "c", "d"):
        shutil.copytree(cities / "test-city", cities / slug)
    shutil.rmtree(cities / "test-city")
    (project / "interrupt.py").write_text(INTERRUPT_HOOK)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "hooks:\n  - interrupt.py\n")
    result = cli("build-all", "--jobs", "2", cwd=project)
    assert result.returncode == 130, result.stdout + result.stderr
    assert "Interrupted" in result.stderr and "Traceback" not in result.stdout + result.stderr
    built = sorted(p.name for p in (project / "site").iterdir() if p.name != "data")  # data/: build records
    assert built == ["a", "b"], built  # the two in progress finished whole; c and d never started
    assert sorted(p.stem for p in (project / "site" / "data" / "builds").iterdir()) == ["a", "b"]
    assert not (project / "site" / "index.html").exists(), "no portfolio from an interrupted run"
    assert "ok      a" in result.stdout and "ok      b" in result.stdout
