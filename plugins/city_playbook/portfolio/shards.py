"""Past one machine: the cities split into shards for a CI matrix (one job per shard runs
`build-all --shard I/N`), and the shards' outputs merged into one site.

A city's shard comes from a hash of its slug, not from its place in the list, so adding
or removing a city moves no other city to another shard: each shard job's restored
output (its cache) keeps matching the cities it builds.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from .aggregate import BuildRecord, read_records, write_record


def shard_of(slug: str, shards: int) -> int:
    """The shard (1 to `shards`) that builds the city `slug`."""
    return int.from_bytes(hashlib.sha256(slug.encode()).digest()[:8], "big") % shards + 1


def matrix(slugs: list[str], shards: int) -> dict[str, list[dict[str, object]]]:
    """A GitHub Actions `strategy.matrix` (through `fromJSON`): one entry per shard that
    has cities, with its `--shard` value, a name usable in artifact and cache keys, and how
    many cities it builds."""
    sizes = [sum(shard_of(s, shards) == i for s in slugs) for i in range(1, shards + 1)]
    return {"include": [{"shard": f"{i}/{shards}", "name": f"{i}-of-{shards}", "cities": n}
                        for i, n in enumerate(sizes, start=1) if n]}


def merge(shard_dirs: list[Path], site_dir: Path) -> tuple[list[BuildRecord], list[str]]:
    """Bring every recorded city of `shard_dirs` into `site_dir` (a failed city brings the
    previous site its shard kept, if any); returns the records, and the problems that make
    the merge unsafe to publish (a city in two shards, a folder that is no shard output)."""
    records: dict[str, BuildRecord] = {}
    came_from: dict[str, Path] = {}
    problems = []
    for shard in shard_dirs:
        found = read_records(shard)
        if not found:
            problems.append(f"{shard}: no build records (data/builds/*.json); is it the output of "
                            "city-playbook build-all --shard?")
        for slug, record in found.items():
            if slug in records:
                problems.append(f"{slug} was built by two shards, {came_from[slug]} and {shard}; run every "
                                "shard with the same --shards total")
                continue
            records[slug], came_from[slug] = record, shard
    if problems:
        return list(records.values()), problems
    for slug, record in sorted(records.items()):
        if (came_from[slug] / slug).is_dir():
            _place(came_from[slug] / slug, site_dir / slug)
        write_record(site_dir, record)
    return list(records.values()), []


def _place(source: Path, target: Path) -> None:
    """Copy a city's site beside `target`, then swap it in. Files are hard-linked where the
    file system allows (a shard's output is never changed in place, only replaced), which
    saves copying hundreds of sites."""
    staging = target.with_name(f".{target.name}.merge")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(source, staging, copy_function=_link_or_copy)
    previous = target.with_name(f".{target.name}.previous")
    if target.exists():
        target.rename(previous)
    staging.rename(target)
    shutil.rmtree(previous, ignore_errors=True)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
