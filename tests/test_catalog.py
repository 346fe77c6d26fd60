"""The catalog in content/: complete against the standard's outline, consistent, ours."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from city_playbook.core.catalog import load_catalog
from city_playbook.core.diagnostics import PlaybookError
from city_playbook.tools.reference import markdown
from support import CATALOG, ROOT, Site, load_yaml

OUTLINE = load_yaml(Path(__file__).parent / "data" / "outline.yml")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(CATALOG)


def test_every_outline_part_is_present_with_its_title_and_clause(catalog) -> None:
    assert set(catalog.parts) == set(OUTLINE["parts"])
    for pid, facts in OUTLINE["parts"].items():
        assert catalog.parts[pid].title == facts["title"], pid
        assert catalog.parts[pid].clause == facts["clause"], pid


def test_components_and_groups_match_the_outline(catalog) -> None:
    components = {c.id: c for c in catalog.standard.components}
    for cid, facts in OUTLINE["components"].items():
        assert (components[cid].title, components[cid].clause) == (facts["title"], facts["clause"])
    groups = {g.id: g for g in components["B"].groups}
    for gid, facts in OUTLINE["groups"].items():
        assert groups[gid].clause == facts["clause"] and groups[gid].parts == facts["parts"]
    assert [g.parts for g in components["C"].groups] == [["C1", "C2", "C3"]]


def test_recommendation_counts_and_provenance(catalog) -> None:
    for pid, facts in OUTLINE["parts"].items():
        recs = catalog.parts[pid].recommendations
        letters = [r.id.split(".")[1] for r in recs]
        assert letters == list(string.ascii_lowercase[: len(recs)]), pid
        if facts["lettered"]:
            assert len(recs) >= facts["lettered"], pid
            assert all(r.source == "standard" for r in recs[: facts["lettered"]]), pid
        else:
            assert 3 <= len(recs) <= 6, pid
            assert all(r.source == "guidance" for r in recs), pid


def test_ids_are_unique_across_the_catalog(catalog) -> None:
    ids = [r.id for p in catalog.parts.values() for r in p.recommendations]
    ids += [p.id for p in catalog.principles.principles] + [r.id for r in catalog.risks.risks]
    ids += [o.id for o in catalog.benefit_map.outcomes] + [c.id for c in catalog.benefit_map.changes]
    assert len(ids) == len(set(ids))


def test_summaries_and_questions_have_the_required_length(catalog) -> None:
    for part in catalog.parts.values():
        for text in (part.summary.context, part.summary.need):
            sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]
            assert 2 <= len(sentences) <= 5, part.id
        assert 2 <= len(part.key_questions) <= 4 and all(q.endswith("?") for q in part.key_questions)
        for rec in part.recommendations:
            assert rec.text.count(". ") == 0, rec.id  # one sentence


def test_linkages_resolve_and_never_point_home(catalog) -> None:
    for part in catalog.parts.values():
        assert part.linkages and all(link in catalog.parts and link != part.id for link in part.linkages)


def test_benefit_map_is_complete(catalog) -> None:
    bmap = catalog.benefit_map
    changes = {c.id: c.group for c in bmap.changes}
    expected = {cid: group for group, ids in OUTLINE["governance_changes"].items() for cid in ids}
    assert changes == expected
    purposes = {p.id for p in catalog.standard.purposes}
    assert purposes == set(OUTLINE["purposes"])
    outcomes = {o.id for o in bmap.outcomes}
    sources = {s for s, _ in bmap.links}
    for cid in changes:
        assert len([t for s, t in bmap.links if s == cid]) >= 2, cid
    for oid in outcomes:
        assert any(s == oid and t in purposes for s, t in bmap.links), oid
    assert sources <= set(changes) | outcomes


def test_principles_and_risk_checklist(catalog) -> None:
    assert [g.id for g in catalog.principles.groups] == OUTLINE["principle_groups"]
    for group in OUTLINE["principle_groups"]:
        assert len([p for p in catalog.principles.principles if p.group == group]) >= 3
    for risk in catalog.risks.risks:
        assert risk.threatens and risk.mitigations and risk.question.endswith("?")


def test_a_broken_catalog_is_reported_with_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "content"
    import shutil

    shutil.copytree(CATALOG, broken)
    text = (broken / "parts" / "B3.yml").read_text()
    (broken / "parts" / "B3.yml").write_text(text.replace("linkages: [", "linkages: [B99, ", 1))
    with pytest.raises(PlaybookError) as error:
        load_catalog(broken)
    message = str(error.value)
    assert "content/parts/B3.yml:" in message and "linkages" in message and "B99" in message


def test_a_rebuild_reuses_the_catalog_until_a_file_of_it_changes(tmp_path: Path) -> None:
    """`mkdocs serve` and build-all load the catalog once per process; an edit to a
    programme's own catalog still reaches the next build, even one that keeps the size."""
    import shutil

    own = tmp_path / "content"
    shutil.copytree(CATALOG, own)
    first = load_catalog(own)
    assert load_catalog(own) is first
    part = own / "parts" / "B3.yml"
    title = first.parts["B3"].title
    part.write_text(part.read_text().replace(title, title[::-1].swapcase(), 1))
    again = load_catalog(own)
    assert again is not first and again.parts["B3"].title == title[::-1].swapcase()
    (own / "parts" / "B3.yml").write_text(part.read_text().replace("linkages: [", "linkages: [B99, ", 1))
    with pytest.raises(PlaybookError):
        load_catalog(own)
    with pytest.raises(PlaybookError):  # a broken catalog is never kept as the last good one
        load_catalog(own)


def test_no_sentence_of_the_standards_sample_is_in_the_project() -> None:
    """The originality check of the repository's own tool, when the sample is available."""
    tool = ROOT.parent / "shared" / "tools" / "originality.py"
    if not tool.exists():
        pytest.skip("the originality tool lives outside this repository and is not present here")
    import subprocess
    import sys

    result = subprocess.run([sys.executable, str(tool), "content", "city_config", "plugins", "README.md",
                             "REFERENCE.md"],
                            cwd=ROOT, capture_output=True, text=True)
    assert "originality: 0 shared run(s)" in result.stdout, result.stdout


@pytest.mark.parametrize("url", ["annex-a/", "annex-b/", "annex-c/"])
def test_annex_pages_are_built(example_site: Site, url: str) -> None:
    page = example_site.html(url)
    assert page.h1.get_text(" ", strip=True).startswith("Annex")
    assert "not the standard" in page.select_one(".pb-label").get_text()


def test_pages_show_key_questions_and_provenance_labels(example_site: Site, catalog) -> None:
    for pid in ("B1", "B9", "C2"):
        group = catalog.group_of[pid].id
        page = example_site.html(f"{group}/{pid.lower()}/")
        questions = [li.get_text(strip=True) for li in page.select(".pb-questions li")]
        assert questions == [" ".join(q.split()) for q in catalog.parts[pid].key_questions]
        labels = {span.get_text() for span in page.select(".pb-prov")}
        expected = "ISO 37106 recommendation, in our words" if pid == "B1" else \
            "Project guidance, not the standard's text"
        assert expected in labels


def test_every_id_an_editor_writes_is_shown_next_to_its_name_on_the_site_and_in_the_reference(
        example_site: Site, catalog) -> None:
    """Editors write these ids but do not choose them: they must never have to guess one."""
    def shown(url: str, selector: str) -> dict[str, str]:
        return {tag.get_text(" ", strip=True): tag.get("id") for tag in example_site.html(url).select(selector)}

    annex_a = shown("annex-a/", "dt")
    for entry in (*catalog.benefit_map.changes, *catalog.benefit_map.outcomes):
        assert annex_a.get(f"{entry.title} {entry.id}") == entry.id, entry.id
    annex_b = shown("annex-b/", "dt")
    for principle in catalog.principles.principles:
        assert annex_b.get(f"{principle.title} {principle.id}") == principle.id, principle.id
    annex_c = shown("annex-c/", "h2")
    for risk in catalog.risks.risks:
        assert f"{risk.id}: {risk.title}" in annex_c, risk.id
    for part in catalog.ordered_parts():
        if part.id != "A":
            url = "key-risks/" if part.id == "D" else f"{catalog.group_of[part.id].id}/{part.id.lower()}/"
            assert example_site.html(url).h1.get_text(" ", strip=True).startswith(f"{part.id} {part.title}")
    reference = markdown()
    ids = [*catalog.parts, *(c.id for c in catalog.benefit_map.changes), *(o.id for o in catalog.benefit_map.outcomes),
           *(p.id for p in catalog.principles.principles), *(r.id for r in catalog.risks.risks)]
    missing = [rid for rid in ids if f"| `{rid}` |" not in reference]
    assert not missing, f"not listed in the YAML reference: {missing}"
