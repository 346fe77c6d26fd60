"""A programme's portfolio: every city's build result and open data, gathered into one
summary (for the portfolio pages) and one download (JSON, CSV and their schema).

It reads what `build-all` leaves in the output folder: each city's own
`<slug>/data/playbook.json`, written by the city's export code and read back here through
the same model (so the portfolio's data has exactly the city's shape and checks), and a
build record per city (`data/builds/<slug>.json`), which says whether its last build
worked and, if not, why. Build records are what travels from shard jobs to the merge.

Cities are read one at a time and their data written straight to the downloads; only a
small summary of each is kept, so memory does not grow with the number of cities' data.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import Field, ValidationError

from ..core.catalog import Catalog
from ..core.resolve import Counts, ProgressRow
from ..site.opendata import DATA_FILES, TABLE, OpenData, OpenRecord, csv_writer, json_schema

BUILDS = "data/builds"
"""Folder of the build records, inside the output folder."""
PORTFOLIO_FILES = {
    "json": "data/portfolio.json",
    "csv": "data/commitments.csv",
    "schema": "data/portfolio.schema.json",
}


class BuildRecord(OpenRecord):
    """How a city's last build went, written by build-all beside the city's site."""

    slug: str = Field(description="The city's folder name; its site is at <slug>/.")
    ok: bool = Field(description="true when the last build succeeded.")
    messages: list[str] = Field(description="The build's errors and warnings, as printed.")


class CityEntry(OpenRecord):
    slug: str = Field(description="The city's folder name.")
    url: str = Field(description="Path of the city's site, relative to the portfolio's root; the urls "
                     "inside `data` are relative to the city's site.")
    data: OpenData = Field(description="The city's own open data (its data/playbook.json).")


class FailedCity(OpenRecord):
    slug: str = Field(description="The city's folder name.")
    messages: list[str] = Field(description="Why its last build failed.")
    previous_site: str | None = Field(description="Path of the site of its last successful build, which "
                                      "is still published, if there is one.")


class PortfolioData(OpenRecord):
    """Every commitment of every city of a programme's ISO 37106 playbooks."""

    schema_: str = Field(alias="$schema", description="Location of this file's JSON Schema.")
    generated: date = Field(description="Build date of the portfolio.")
    cities: list[CityEntry] = Field(description="Every city that built, in slug order.")
    failed: list[FailedCity] = Field(description="Every city whose last build failed, in slug order.")


def record_path(site_dir: Path, slug: str) -> Path:
    return site_dir / BUILDS / f"{slug}.json"


def write_record(site_dir: Path, record: BuildRecord) -> None:
    path = record_path(site_dir, record.slug)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(record.model_dump_json(indent=2) + "\n", encoding="utf-8")


def read_records(site_dir: Path) -> dict[str, BuildRecord]:
    """The build records in an output folder, by slug. A record that cannot be read says so
    as a failed build of that city rather than vanishing."""
    records = {}
    for path in sorted((site_dir / BUILDS).glob("*.json")):
        try:
            records[path.stem] = BuildRecord.model_validate_json(path.read_bytes())
        except (OSError, ValidationError) as exc:
            records[path.stem] = BuildRecord(slug=path.stem, ok=False,
                                             messages=[f"{path}: not a build record ({_first_line(exc)})"])
    return records


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


@dataclass(frozen=True)
class Cell:
    """One city's entry for one catalog recommendation, as the comparison pages show it."""

    status: str
    owner: str | None
    due: date | None
    url: str
    """Relative to the portfolio's root."""


@dataclass(frozen=True)
class CitySummary:
    slug: str
    name: str
    overall: Counts
    components: dict[str, Counts]
    cells: dict[str, Cell]
    """By catalog recommendation id; the city's own items are in the data only."""


@dataclass(frozen=True)
class Recommendation:
    id: str
    part: str
    text: str
    provenance: str


@dataclass(frozen=True)
class Portfolio:
    cities: list[CitySummary]
    """Cities that built, in name order."""
    failed: list[FailedCity]
    components: list[tuple[str, str]]
    """(id, title) of the standard's components, in order."""
    recommendations: list[Recommendation]
    """The catalog's recommendations, in catalog order."""
    generated: date

    def statuses_of(self, recommendation_id: str) -> list[str]:
        """Each city's status for one recommendation, in the cities' order."""
        return [c.cells[recommendation_id].status if recommendation_id in c.cells else "none" for c in self.cities]

    def counts_for(self, recommendation_id: str) -> Counts:
        return Counts.of_statuses(self.statuses_of(recommendation_id))

    @property
    def recommendation_rows(self) -> list[ProgressRow]:
        """The recommendations page's table: how many cities have each status, per recommendation."""
        return [ProgressRow("part", f"{r.id} {r.text}", r.id, self.counts_for(r.id)) for r in self.recommendations]


def _summary(slug: str, data: OpenData, catalog: Catalog) -> CitySummary:
    items = [item for part in data.parts for item in part.recommendations]
    component_of = {part.id: part.component for part in data.parts}
    cells = {i.id: Cell(i.status, i.owner, i.due, f"{slug}/{i.url}") for i in items if i.id in catalog.recommendations}
    return CitySummary(
        slug, data.city, Counts.of_statuses(i.status for i in items),
        {c.id: Counts.of_statuses(i.status for i in items if component_of[i.part] == c.id)
         for c in catalog.standard.components},
        cells)


def collect(site_dir: Path, records: Iterable[BuildRecord], catalog: Catalog, today: date,
            out_dir: Path) -> Portfolio:
    """Read every recorded city's data from `site_dir`, write the portfolio's downloads
    (PORTFOLIO_FILES, under `out_dir`) and return the summary the pages are made from."""
    json_path, csv_path = out_dir / PORTFOLIO_FILES["json"], out_dir / PORTFOLIO_FILES["csv"]
    json_path.parent.mkdir(parents=True, exist_ok=True)
    summaries: list[CitySummary] = []
    failed: list[FailedCity] = []
    with json_path.open("w", encoding="utf-8") as out_json, csv_path.open("w", encoding="utf-8", newline="") as out_csv:
        # Written piece by piece, in the shape of PortfolioData (whose schema is published),
        # so that no more than one city's data is in memory at a time.
        out_json.write('{"$schema": "portfolio.schema.json", '
                       f'"generated": {json.dumps(today.isoformat())}, "cities": [')
        writer = csv_writer(out_csv)
        writer.writerow(("city", *TABLE["commitments"].columns))
        first = True
        for record in sorted(records, key=lambda r: r.slug):
            city_dir = site_dir / record.slug
            previous = f"{record.slug}/" if (city_dir / "index.html").is_file() else None
            if not record.ok:
                failed.append(FailedCity(slug=record.slug, messages=record.messages, previous_site=previous))
                continue
            data_path = city_dir / DATA_FILES["json"]
            try:
                data = OpenData.model_validate_json(data_path.read_bytes())
            except (OSError, ValidationError) as exc:
                failed.append(FailedCity(slug=record.slug, previous_site=previous, messages=[
                    f"{record.slug}/{DATA_FILES['json']} could not be read as the city's open data "
                    f"({_first_line(exc)}); build the city again"]))
                continue
            entry = CityEntry(slug=record.slug, url=f"{record.slug}/", data=data)
            out_json.write(("\n" if first else ",\n") + entry.model_dump_json(by_alias=True))
            first = False
            writer.writerows(TABLE["commitments"].cells(data, record.slug))
            summaries.append(_summary(record.slug, data, catalog))
        out_json.write('\n], "failed": [' + ", ".join(f.model_dump_json() for f in failed) + "]}\n")
    (out_dir / PORTFOLIO_FILES["schema"]).write_bytes(json_schema(PortfolioData))
    recommendations = [Recommendation(r.id, part.id, r.text, r.source)
                       for part in catalog.ordered_parts() for r in part.recommendations]
    return Portfolio(sorted(summaries, key=lambda c: (c.name.casefold(), c.slug)), failed,
                     [(c.id, c.title) for c in catalog.standard.components], recommendations, today)
