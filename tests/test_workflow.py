"""The portfolio: built as .github/workflows/portfolio.yml builds it (list, shards, merge,
run exactly as written there), and what its pages and data say."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from support import WORKFLOW, Portfolio, load_yaml, make_project, run, workflow_step

pytestmark = pytest.mark.spread  # only session-wide builds: see tests/conftest.py


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "city_playbook", *args], cwd)


def test_the_workflow_lists_shards_builds_them_and_merges_them(portfolio: Portfolio) -> None:
    steps = portfolio.steps
    assert portfolio.matrix == {"include": [{"shard": "3/4", "name": "3-of-4", "cities": 2},
                                            {"shard": "4/4", "name": "4-of-4", "cities": 1}]}
    assert steps["3-of-4"].returncode == 1, "the shard with the broken city fails its job"
    assert "failed  broken" in steps["3-of-4"].stdout and "ok      harbour" in steps["3-of-4"].stdout
    assert steps["4-of-4"].returncode == 0, steps["4-of-4"].stdout + steps["4-of-4"].stderr
    merge = steps["merge"]
    assert merge.returncode == 0, merge.stdout + merge.stderr
    assert "Merged 3 cities from 2 shards" in merge.stdout and "ok      portfolio" in merge.stdout
    for result in steps.values():
        assert "Traceback" not in result.stdout + result.stderr
    site = portfolio.site.root
    for slug in ("harbour", "riverside"):
        assert (site / slug / "index.html").is_file()
    assert not (site / "broken").exists(), "a city that never built has no site"
    assert (site / "index.html").is_file()


def test_the_workflow_keeps_expressions_out_of_commands_and_the_cache_away_from_pull_requests() -> None:
    workflow = load_yaml(WORKFLOW)
    for step_id in ("list", "shard", "merge"):
        _, step = workflow_step(step_id)
        assert "${{" not in step["run"], f"{step_id}: values reach the command through env, so a test can run it"
    shard_job, _ = workflow_step("shard")
    assert shard_job["strategy"]["matrix"] == "${{ fromJSON(needs.list.outputs.matrix) }}"
    uses = {step.get("uses", "").partition("@")[0]: step for step in shard_job["steps"]}
    assert "actions/cache" not in uses, "restore and save are separate, so only main can save"
    assert uses["actions/cache/save"]["if"].count("refs/heads/main") == 1
    assert "pull_request" not in (workflow.get("on") or workflow.get(True) or {})
    merge_job, _ = workflow_step("merge")
    assert merge_job["if"] == "${{ !cancelled() }}"


def test_the_portfolio_lists_every_city_sorted_each_way_and_the_failure_with_why(portfolio: Portfolio) -> None:
    site = portfolio.site
    home = site.html("")
    rows = home.select("table.pb-portfolio tbody tr")
    assert [r.th.a.get_text() for r in rows] == ["Northbridge", "Riverside"]
    assert [r.th.a["href"] for r in rows] == ["harbour/", "riverside/"]
    assert home.select_one("th[aria-sort=ascending]").get_text() == "City"
    overall = site.html("order/overall/")
    assert [r.th.a.get_text() for r in overall.select("table.pb-portfolio tbody tr")] == ["Northbridge", "Riverside"]
    assert [a["href"] for a in home.select("thead a")][:2] == ["order/overall/", "order/a/"]
    percents = [int(td.get_text().rstrip("%")) for td in overall.select("tbody tr td:nth-of-type(1)")]
    assert percents == sorted(percents, reverse=True) and percents[0] > percents[1]
    failed = home.select_one("#failed").find_next("ul")
    assert "broken" in failed.get_text() and "'finished' is not a status" in failed.get_text()
    assert "It has no published site yet." in failed.get_text()
    for page in site.pages():
        html = page.read_text(encoding="utf-8")
        assert "Content-Security-Policy" in html, page
    for href in (a["href"] for a in home.select("article a[href]") if not a["href"].startswith("#")):
        target = (site.root / href.split("#")[0])
        assert target.is_file() or (target / "index.html").is_file(), href


def test_each_recommendation_compares_every_city_as_a_heat_map_and_a_table(portfolio: Portfolio) -> None:
    site = portfolio.site
    index = site.html("recommendations/")
    links = [a["href"] for a in index.select("table.pb-counts tbody th a")]
    assert len(links) == 90 and links[0] == "a-a/"
    page = site.html("recommendations/b1-a/")
    assert len(page.select("svg.pb-heat rect")) == 2, "one square per city"
    rows = page.select("table.pb-table tbody tr")
    assert [r.th.a["href"] for r in rows] == ["../../harbour/strategy-management/b1/#b1-a",
                                              "../../riverside/strategy-management/b1/#b1-a"]
    for row in rows:
        assert (site.root / row.th.a["href"].removeprefix("../../").split("#")[0] / "index.html").is_file()
    statuses = [r.select_one(".pb-status").get_text() for r in rows]
    legend = page.select_one(".pb-legend").get_text()
    for status in set(statuses):
        assert f"{status}: {statuses.count(status)}" in legend


def test_the_portfolio_data_holds_every_city_with_its_schema_and_one_csv(portfolio: Portfolio) -> None:
    data = portfolio.site.root / "data"
    document = json.loads((data / "portfolio.json").read_text())
    schema = json.loads((data / "portfolio.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(document)
    assert [c["slug"] for c in document["cities"]] == ["harbour", "riverside"]
    city_schema = json.loads((portfolio.site.root / "harbour" / "data" / "playbook.schema.json").read_text())
    own = json.loads((portfolio.site.root / "harbour" / "data" / "playbook.json").read_text())
    assert document["cities"][0]["data"] == own, "a city's data is its own playbook.json, unchanged"
    jsonschema.Draft202012Validator(city_schema).validate(document["cities"][1]["data"])
    assert document["failed"][0]["slug"] == "broken" and document["failed"][0]["previous_site"] is None
    rows = list(csv.reader(io.StringIO((data / "commitments.csv").read_text())))
    own_rows = list(csv.reader(io.StringIO((portfolio.site.root / "harbour" / "data" / "commitments.csv").read_text())))
    assert rows[0] == ["city", *own_rows[0]]
    assert [r[1:] for r in rows[1:] if r[0] == "harbour"] == own_rows[1:]
    assert {r[0] for r in rows[1:]} == {"harbour", "riverside"}


def test_merge_refuses_when_a_city_came_from_no_shard_or_from_two(portfolio: Portfolio, tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(portfolio.project, project, symlinks=True)
    shutil.rmtree(project / "site")
    shutil.rmtree(project / "shards" / "shard-4-of-4")
    missing = cli("merge", "shards/shard-3-of-4", cwd=project)
    assert missing.returncode == 1 and "riverside: no shard built it" in missing.stderr
    assert not (project / "site" / "index.html").exists()
    shutil.copytree(project / "shards" / "shard-3-of-4", project / "shards" / "again")
    twice = cli("merge", "shards/shard-3-of-4", "shards/again", "--root", "nowhere", cwd=project)
    assert twice.returncode == 1 and "harbour was built by two shards" in twice.stderr
    assert "Traceback" not in missing.stderr + twice.stderr


def test_list_and_shards_cover_every_city_once(portfolio: Portfolio) -> None:
    plain = cli("list", cwd=portfolio.project)
    assert plain.stdout.split() == ["broken", "harbour", "riverside"]
    sharded = cli("list", "--shards", "4", cwd=portfolio.project).stdout.splitlines()
    assert [re.split(r"\s+", line) for line in sharded] == [["3/4", "broken", "harbour"], ["4/4", "riverside"]]
    wrong = cli("build-all", "--shard", "5/4", cwd=portfolio.project)
    assert wrong.returncode == 2 and "'5/4' is not a shard" in wrong.stderr


def test_build_all_refuses_a_city_named_like_a_portfolio_page_before_building(tmp_path: Path) -> None:
    project = make_project(tmp_path, slug="data")
    result = cli("build-all", cwd=project)
    assert result.returncode == 1 and not (project / "site").exists()
    assert "city_config/data: the portfolio publishes its own 'data'" in result.stderr
    assert "rename the folder (for example to data-city)" in result.stderr


def test_the_portfolio_core_imports_no_mkdocs() -> None:
    code = ("import sys, city_playbook.portfolio.aggregate, city_playbook.portfolio.pages, "
            "city_playbook.portfolio.shards; "
            "print([m for m in sys.modules if m.split('.')[0] == 'mkdocs'])")
    assert run([sys.executable, "-c", code], Path.cwd()).stdout.strip() == "[]"


def test_merging_the_same_shards_again_gives_a_byte_identical_site(portfolio: Portfolio) -> None:
    again = cli("merge", "shards/shard-3-of-4", "shards/shard-4-of-4", "--site-dir", "site-again",
                cwd=portfolio.project)
    assert again.returncode == 0, again.stdout + again.stderr

    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    first, second = files(portfolio.site.root), files(portfolio.project / "site-again")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
