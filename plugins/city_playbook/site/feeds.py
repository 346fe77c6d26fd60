"""The city's history as files to follow and reuse: an Atom feed, a JSON Feed, and open data
(`changes.json`, with its JSON Schema, and `changes.csv`), one entry or row per change.

Everything here is a function of the commits: entry ids are derived from the city, the
commit, the item and the field (never from the build), and the feeds' dates are the
commits' days, so a rebuild shows a subscriber nothing new and nothing twice.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
from typing import Literal
from xml.etree import ElementTree as ET

from pydantic import BaseModel, ConfigDict, Field

from ..core.cache import memo
from ..core.changes import Change
from ..core.language import Strings
from ..core.resolve import Playbook
from .opendata import csv_cell, csv_text
from .pages import FEEDS, item_href_target, page_url

FEED_FILES = {
    **FEEDS,
    "json": "data/changes.json",
    "csv": "data/changes.csv",
    "schema": "data/changes.schema.json",
}
FEED_ENTRIES = 100
"""Feeds carry the newest changes only; the open data has every one."""
ATOM = "http://www.w3.org/2005/Atom"


class ChangeOut(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="Recommendation id (B1.a), risk id or indicator id.")
    subject: Literal["recommendation", "risk", "indicator"] = Field(description="What the id names.")
    kind: str = Field(description="How the What has changed page groups it: forward, back, slipped, new, "
                      "excluded, risk-opened, risk-closed, indicator, removed or other.")
    field: Literal["status", "due", "owner", "value", "entry"] = Field(
        description="What changed; entry: the item was added (old is empty) or removed (new is empty).")
    old: str | None = Field(description="The value before the change.")
    new: str | None = Field(description="The value after the change.")
    date: dt.date = Field(description="Day of the commit that published the change (UTC).")
    commit: str = Field(description="Id of that commit in the city's git repository.")
    url: str = Field(description="Path of the item on this site, relative to the site root.")
    entry_id: str = Field(description="The change's id in the feeds (a URN that does not change between "
                          "builds).")


class ChangesOut(BaseModel):
    """Every published change of one city's playbook, oldest first, read from its git history."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    schema_: str = Field(alias="$schema", description="Location of this file's JSON Schema.")
    city: str
    available: bool = Field(description="false when the site was built without the city's history (outside "
                            "git, or in a shallow clone); changes is then empty.")
    changes: list[ChangeOut]


CSV_COLUMNS = ("id", "subject", "kind", "field", "old", "new", "date", "commit", "url")


def target(playbook: Playbook, change: Change) -> str:
    """Where a change is shown: the item, the risk register, or the indicators."""
    if change.subject == "recommendation":
        return item_href_target(playbook, change.id)
    return "risk-register.md" if change.subject == "risk" else "benefits.md#indicators"


def entry_id(playbook: Playbook, change: Change) -> str:
    name = f"city-playbook:{playbook.city.slug}:{change.commit}:{change.subject}:{change.id}:{change.field}"
    return uuid.uuid5(uuid.NAMESPACE_URL, name).urn


def _out(playbook: Playbook, change: Change, directory_urls: bool) -> ChangeOut:
    page, _, fragment = target(playbook, change).partition("#")
    url = page_url(page, directory_urls) + (f"#{fragment}" if fragment else "")
    return ChangeOut(id=change.id, subject=change.subject, kind=change.kind, field=change.field, old=change.old,
                     new=change.new, date=change.day, commit=change.commit, url=url,
                     entry_id=entry_id(playbook, change))


def describe(change: Change, t: Strings) -> str:
    """One line for a feed entry's title: "B4.b status: planned → in-progress". Plain text:
    the feeds' XML and JSON writers escape it."""
    h = t["history"]
    what = f"{change.id} ({change.title})" if change.title else change.id
    if change.field == "entry":
        return (h["entry_added"] if change.old is None else h["entry_removed"]).format(what=what)
    return h["entry"].format(what=what, field=h["field"][change.field], old=change.old or h["none"],
                             new=change.new or h["none"])


def feed_files(playbook: Playbook, t: Strings, directory_urls: bool = True) -> dict[str, bytes]:
    """The feeds and the open data of the city's changes, keyed by their path in the site."""
    rows = [_out(playbook, c, directory_urls) for c in playbook.timeline.changes]
    data = ChangesOut.model_validate({"$schema": "changes.schema.json", "city": playbook.city.profile.name,
                                      "available": playbook.timeline.unavailable is None, "changes": rows})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        values = row.model_dump()
        writer.writerow(csv_cell(csv_text(values[c])) for c in CSV_COLUMNS)
    newest = list(zip(reversed(playbook.timeline.changes), reversed(rows), strict=True))[:FEED_ENTRIES]
    return {
        FEED_FILES["atom"]: _atom(playbook, t, newest, directory_urls),
        FEED_FILES["json_feed"]: _json_feed(playbook, t, newest, directory_urls),
        FEED_FILES["json"]: data.model_dump_json(by_alias=True, indent=2).encode() + b"\n",
        FEED_FILES["csv"]: out.getvalue().encode("utf-8"),
        FEED_FILES["schema"]: _schema(),
    }


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _feed_title(playbook: Playbook, t: Strings) -> str:
    return str(t["history"]["feed_title"]).format(city=playbook.city.profile.name)


def _atom(playbook: Playbook, t: Strings, newest: list[tuple[Change, ChangeOut]], directory_urls: bool) -> bytes:
    """RFC 4287. Links are relative to the feed, which sits at the site's root, so the feed works
    wherever the site is published."""
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        element.text = text
        return element

    feed = ET.Element(f"{{{ATOM}}}feed")
    sub(feed, "id", uuid.uuid5(uuid.NAMESPACE_URL, f"city-playbook:{playbook.city.slug}:feed").urn)
    sub(feed, "title", _feed_title(playbook, t))
    sub(feed, "subtitle", playbook.city.profile.summary)
    sub(feed, "updated", _stamp(newest[0][0].day if newest else playbook.timeline.first or playbook.today))
    author = sub(feed, "author")
    sub(author, "name", playbook.city.profile.contact.name)
    sub(feed, "link", rel="alternate", type="text/html", href=page_url("changes.md", directory_urls))
    sub(feed, "link", rel="self", type="application/atom+xml", href=FEED_FILES["atom"])
    sub(feed, "generator", "city-playbook")
    for change, row in newest:
        entry = sub(feed, "entry")
        sub(entry, "id", row.entry_id)
        sub(entry, "title", describe(change, t))
        sub(entry, "updated", _stamp(change.day))
        sub(entry, "link", rel="alternate", type="text/html", href=row.url)
        sub(entry, "summary", f"{t['history']['kind'][change.kind]}. {t['history']['commit']} {change.commit[:12]}.")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _json_feed(playbook: Playbook, t: Strings, newest: list[tuple[Change, ChangeOut]],
               directory_urls: bool) -> bytes:
    """JSON Feed 1.1 (jsonfeed.org); the same entries and ids as the Atom feed."""
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": _feed_title(playbook, t),
        "description": playbook.city.profile.summary,
        "home_page_url": page_url("changes.md", directory_urls),
        "feed_url": FEED_FILES["json_feed"],
        "authors": [{"name": playbook.city.profile.contact.name}],
        "items": [{"id": row.entry_id, "url": row.url, "title": describe(change, t),
                   "content_text": f"{describe(change, t)}. {t['history']['kind'][change.kind]}.",
                   "date_published": _stamp(change.day)} for change, row in newest],
    }
    return json.dumps(feed, indent=2, ensure_ascii=False).encode() + b"\n"


@memo()
def _schema() -> bytes:
    schema = ChangesOut.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, sort_keys=True).encode() + b"\n"
