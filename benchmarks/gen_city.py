"""Synthetic cities for the scale benchmarks: the example city, grown k times.

`generate(out, k)` writes a city folder that is the example city (Northbridge) plus
generated entries, so that the city has k times the example's commitments, initiatives,
indicators, risks and roadmap items. The catalog is fixed (90 recommendations in 19
parts), so the extra commitments are the city's own additions (`B3.gen-00001`, with a
`statement`), spread evenly over the parts. Governance, interoperability, principles and
city.yml are the example's. Every generated entry is valid and raises no warning with the
benchmarks' SOURCE_DATE_EPOCH (2026-11-24), so a build logs nothing per item.

Generated cities go to a temporary folder; they are never committed.

    python benchmarks/gen_city.py OUT_DIR --scale 10
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "city_config" / "northbridge"
CATALOG = ROOT / "content"
PART_ORDER = ("A", *(f"B{i}" for i in range(1, 15)), "C1", "C2", "C3", "D")
STATUSES = ("done", "in-progress", "planned", "not-started", "done", "in-progress", "not-applicable")
OWNERS = ("Chief Digital Officer", "Head of Data", "Head of Customer Services", "Director of Finance",
          "Head of Environmental Health", "Smart City Board", "Head of Engagement")


def example_counts(city: Path = EXAMPLE) -> dict[str, int]:
    """How many of each scaled thing the example city has."""
    commitments = yaml.safe_load((city / "commitments.yml").read_text())
    benefits = yaml.safe_load((city / "benefits.yml").read_text())
    roadmap = yaml.safe_load((city / "roadmap.yml").read_text())
    risks = yaml.safe_load((city / "risks.yml").read_text())
    return {
        "commitments": sum("." in key for key in commitments),
        "initiatives": len(benefits["initiatives"]),
        "indicators": len(benefits["indicators"]),
        "risks": len(risks["risks"]),
        "roadmap_items": sum(len(p["items"]) for p in roadmap["phases"]),
    }


def _annex_ids() -> tuple[list[str], list[str], list[str]]:
    annex_a = yaml.safe_load((CATALOG / "annexes" / "annex-a.yml").read_text())
    annex_c = yaml.safe_load((CATALOG / "annexes" / "annex-c.yml").read_text())
    return ([c["id"] for c in annex_a["changes"]], [o["id"] for o in annex_a["outcomes"]],
            [r["id"] for r in annex_c["risks"]])


def _commitment(n: int) -> tuple[str, str]:
    part = PART_ORDER[n % len(PART_ORDER)]
    rid = f"{part}.gen-{n:05d}"
    status = STATUSES[n % len(STATUSES)]
    lines = [f"{rid}:",
             f"  statement: Generated commitment number {n} of this synthetic city, about {part}, "
             "written as one plain sentence of ordinary length.",
             f"  status: {status}",
             f"  owner: {OWNERS[n % len(OWNERS)]}",
             f"  due: 202{7 + n % 2}-0{1 + n % 9}-15",
             f"  reviewed: 2026-{8 + n % 3:02d}-{1 + n % 28:02d}"]
    if status == "done":
        lines += ["  evidence:", f"    - url: https://synthetic.example/evidence/{n}",
                  f"      title: Report number {n} that shows the work"]
    if status == "not-applicable":
        lines.append("  reason: The city has no service of this kind, so this does not apply.")
    if n % 3 == 0:
        lines.append(f"  note: A short plain-text note about item {n}.")
    return rid, "\n".join(lines) + "\n"


def generate(out: Path, scale: int, *, name: str | None = None) -> Path:
    """Write the example city grown `scale` times to `out` (replaced if it exists)."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(EXAMPLE, out)
    if name:
        city = (out / "city.yml").read_text()
        (out / "city.yml").write_text(city.replace("name: Northbridge", f"name: {name}", 1))
    if scale <= 1:
        return out
    base = example_counts()
    changes, outcomes, checklist = _annex_ids()
    extra = {key: value * (scale - 1) for key, value in base.items()}

    ids = []
    with (out / "commitments.yml").open("a", encoding="utf-8") as f:
        f.write("\n# --- Generated for the scale benchmark -----------------------------------\n\n")
        for n in range(1, extra["commitments"] + 1):
            rid, text = _commitment(n)
            ids.append(rid)
            f.write(text)

    with (out / "benefits.yml").open(encoding="utf-8") as f:
        benefits = f.read()
    head, _, indicators = benefits.partition("\nindicators:\n")
    initiatives = []
    for n in range(1, extra["initiatives"] + 1):
        recs = ", ".join(ids[(n * 7 + j) % len(ids)] for j in range(3))
        initiatives.append(
            f"  - id: gen-initiative-{n:05d}\n"
            f"    title: Generated initiative number {n}\n"
            f"    summary: >-\n      A synthetic initiative for the scale benchmark, with a summary of a\n"
            f"      couple of lines, like the example city's own initiatives.\n"
            f"    owner: {OWNERS[n % len(OWNERS)]}\n"
            f"    recommendations: [{recs}]\n"
            f"    changes:\n      - {changes[n % len(changes)]}\n      - {changes[(n + 2) % len(changes)]}\n"
            f"    outcomes:\n      - {outcomes[n % len(outcomes)]}\n")
    generated_indicators = []
    for n in range(1, extra["indicators"] + 1):
        initiative = f"gen-initiative-{1 + n % max(extra['initiatives'], 1):05d}"
        generated_indicators.append(
            f"  - id: gen-indicator-{n:05d}\n"
            f"    title: Generated indicator number {n}\n"
            f"    unit: \"%\"\n"
            f"    direction: {'increase' if n % 2 else 'decrease'}\n"
            f"    outcome: {outcomes[n % len(outcomes)]}\n"
            f"    initiative: {initiative}\n"
            f"    baseline:\n      date: 2024-03-31\n      value: {10 + n % 50}\n"
            f"    target:\n      date: 2028-03-31\n      value: {60 + n % 30}\n"
            f"    actuals:\n      - date: 2025-03-31\n        value: {20 + n % 40}\n"
            f"      - date: 2026-03-31\n        value: {30 + n % 35}.5\n"
            f"    source: https://synthetic.example/data/{n}\n"
            f"    owner: {OWNERS[n % len(OWNERS)]}\n")
    (out / "benefits.yml").write_text(
        head.rstrip("\n") + "\n\n" + "\n".join(initiatives) + "\nindicators:\n" + indicators.rstrip("\n")
        + "\n\n" + "\n".join(generated_indicators), encoding="utf-8")

    risks = (out / "risks.yml").read_text(encoding="utf-8").rstrip("\n") + "\n"
    generated_risks = []
    for n in range(1, extra["risks"] + 1):
        generated_risks.append(
            f"  - id: gen-risk-{n:05d}\n"
            f"    title: Generated risk number {n}\n"
            f"    description: >-\n      A synthetic risk for the scale benchmark. It describes what could go\n"
            f"      wrong in two lines, like the risks of the example city.\n"
            f"    checklist: [{checklist[n % len(checklist)]}]\n"
            f"    threatens: [{PART_ORDER[n % len(PART_ORDER)]}]\n"
            f"    likelihood: {1 + n % 5}\n    impact: {1 + (n // 5) % 5}\n"
            f"    owner: {OWNERS[n % len(OWNERS)]}\n"
            f"    mitigation: >-\n      What the city does about it, in one or two plain sentences.\n"
            f"    status: {('open', 'mitigating', 'accepted')[n % 3]}\n"
            f"    reviewed: 2026-10-{1 + n % 28:02d}\n")
    (out / "risks.yml").write_text(risks + "\n" + "\n".join(generated_risks), encoding="utf-8")

    roadmap = yaml.safe_load((EXAMPLE / "roadmap.yml").read_text())
    phases = len(roadmap["phases"])
    text = (out / "roadmap.yml").read_text(encoding="utf-8")
    # Append generated items to each phase: the file's phases end where the next '- id:' starts.
    chunks = text.split("\n  - id: ")
    per_phase = [[] for _ in range(phases)]
    for n in range(extra["roadmap_items"]):
        per_phase[n % phases].append(f"      - {ids[(n * 13) % len(ids)]}\n")
    for i in range(phases):
        chunks[i + 1] = chunks[i + 1].rstrip("\n") + "\n" + "".join(per_phase[i]) + "\n"
    (out / "roadmap.yml").write_text("\n  - id: ".join(chunks), encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=int, default=10)
    args = parser.parse_args()
    generate(args.out, args.scale)
    sizes = {p.name: p.stat().st_size for p in sorted(args.out.iterdir())}
    print(f"wrote {args.out} ({args.scale}x): " + ", ".join(f"{k} {v:,} B" for k, v in sizes.items()))


if __name__ == "__main__":
    main()
