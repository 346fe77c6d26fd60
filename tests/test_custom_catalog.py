"""A catalog with other ids than ISO 37106's replaces the shipped one (`catalog:` in
mkdocs.yml): the part ids, their pages and the feature pages come from it, and a city's
wrong part id is refused with the catalog's own ids."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from support import CATALOG, EXAMPLE, Site, make_project, mkdocs

STANDARD = {
    "id": "Test standard", "title": "A small standard for tests", "edition": 1, "year": 2026,
    "summary": "Two components, three parts.",
    "components": [
        {"id": "X", "title": "Basics", "clause": "1", "summary": "The basics.", "page": "basics"},
        {"id": "Y", "title": "Practice", "clause": "2", "summary": "The practice.",
         "groups": [{"id": "doing-things", "title": "Doing things", "clause": "2.1", "summary": "Doing.",
                     "parts": ["Y1", "Y2"]}]},
    ],
    "purposes": yaml.safe_load((CATALOG / "standard.yml").read_text())["purposes"],
    "features": {"principles": "X", "governance": "Y1", "interoperability": "Y1", "roadmap": "Y2",
                 "benefits": "Y2", "indicators": "Y2", "risks": "Y2"},
}
# Each part borrows a shipped part's text, with the new ids.
PARTS = {"X": ("A", "X", []), "Y1": ("B1", "Y", ["Y2"]), "Y2": ("B2", "Y", ["X", "Y1"])}


def _catalog(folder: Path) -> Path:
    (folder / "parts").mkdir(parents=True)
    shutil.copytree(CATALOG / "annexes", folder / "annexes")
    checklist = yaml.safe_load((folder / "annexes" / "annex-c.yml").read_text())
    for risk in checklist["risks"]:
        risk["threatens"] = ["Y1"]
    (folder / "annexes" / "annex-c.yml").write_text(yaml.safe_dump(checklist, allow_unicode=True))
    (folder / "standard.yml").write_text(yaml.safe_dump(STANDARD, allow_unicode=True))
    for pid, (borrowed, component, linkages) in PARTS.items():
        part = yaml.safe_load((CATALOG / "parts" / f"{borrowed}.yml").read_text())
        part["recommendations"] = [{**r, "id": f"{pid}.{r['id'].split('.')[1]}"} for r in part["recommendations"]]
        part.update(id=pid, component=component, linkages=linkages)
        (folder / "parts" / f"{pid}.yml").write_text(yaml.safe_dump(part, allow_unicode=True))
    return folder


def _city(folder: Path, threatens: str) -> None:
    for name in ("city.yml", "principles.yml"):
        shutil.copy(EXAMPLE / name, folder / name)
    (folder / "commitments.yml").write_text(
        "Y1:\n  commitment: We do things.\nY1.a:\n  status: done\nX.a:\n  status: planned\n")
    (folder / "risks.yml").write_text(
        "risks:\n  - id: late\n    title: Late\n    checklist: [R1]\n    threatens: [" + threatens + "]\n"
        "    likelihood: 2\n    impact: 3\n    owner: The board\n    mitigation: Plan ahead.\n"
        "    status: open\n    reviewed: 2026-11-01\n")


def test_a_catalog_with_other_ids_builds_its_own_pages_and_refuses_a_part_it_lacks(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    city = project / "city_config" / "test-city"
    shutil.rmtree(city)
    city.mkdir()
    _catalog(project / "catalog")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("      city: ", "      catalog: catalog\n      city: ", 1))

    _city(city, "B7")  # a part of ISO 37106, not of this catalog
    refused = mkdocs(project)
    assert refused.returncode != 0
    assert ("city_config/test-city/risks.yml:5:" in refused.stderr
            and "risks[1].threatens[1]: 'B7' is not allowed here; use a part id: X, Y1-Y2" in refused.stderr), \
        refused.stderr
    assert "Traceback" not in refused.stderr

    _city(city, "Y2")
    built = mkdocs(project)
    assert built.returncode == 0, built.stderr
    site = Site(project / "site")
    basics = site.html("basics/")  # X's page, which lists the city's principles
    assert basics.h1.get_text(" ", strip=True).startswith("X Delivery principles")
    assert basics.select(".pb-principle")
    part = site.html("doing-things/y1/")
    assert part.h1.get_text(" ", strip=True).startswith("Y1 ")
    see_also = [a["href"] for p in part.select(".pb-see-also") for a in p.select("a")]
    assert see_also == ["../../governance/", "../../interoperability/"]
    kicker = site.html("roadmap/").select_one(".pb-kicker a")
    assert kicker["href"] == "../doing-things/y2/" and kicker.get_text().startswith("Y2 ")
