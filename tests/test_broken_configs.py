"""The corpus of broken cities: the mistakes editors really make, each refused cleanly.

Every case copies the example project (with a site already built in it), breaks one or more
city files, and checks that both `mkdocs build` and `city-playbook validate` fail, that every
expected message names the file, the line, the key and what is wrong, that nothing prints a
traceback, and that the previous site/ is byte for byte the same. Both commands run in this
process (the real click commands: MkDocs' own build with the plugin, and ours), which takes
a tenth of the time of a new process each; a few cases of each kind of failure run again as
real `mkdocs build` processes, which must end the same way and print the same words. The
corpus is data: add a mistake by adding a Case, not a test function.

Expected lines are not hard-coded: each expectation names a piece of text (usually the text
the case inserted) and the line is wherever that text ends up in the broken file.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from subprocess import CompletedProcess

import pytest
from click.testing import CliRunner, Result

from city_playbook.cli import main as cli
from city_playbook.core.yamlsafe import MAX_BYTES
from support import edit_yaml, make_project, mkdocs, mkdocs_here, validate

SLUG = "test-city"
CITY = f"city_config/{SLUG}"


# --- How a case breaks the city ------------------------------------------------------------


@dataclass(frozen=True)
class Replace:
    """Replace text that occurs exactly once in a city file."""

    file: str
    old: str | bytes
    new: str | bytes

    def apply(self, city: Path) -> None:
        path = city / self.file
        data = path.read_bytes()
        old = self.old.encode() if isinstance(self.old, str) else self.old
        new = self.new.encode() if isinstance(self.new, str) else self.new
        assert data.count(old) == 1, f"{self.old!r} must occur once in {self.file}"
        path.write_bytes(data.replace(old, new))


@dataclass(frozen=True)
class Append:
    file: str
    text: str

    def apply(self, city: Path) -> None:
        with (city / self.file).open("a", encoding="utf-8") as stream:
            stream.write(self.text)


@dataclass(frozen=True)
class Edit:
    """Change the file's data and write it back (as a program or a careless copy would)."""

    file: str
    change: Callable[[dict], None]

    def apply(self, city: Path) -> None:
        edit_yaml(city / self.file, self.change)


@dataclass(frozen=True)
class Write:
    file: str
    data: bytes

    def apply(self, city: Path) -> None:
        (city / self.file).write_bytes(self.data)


@dataclass(frozen=True)
class Rename:
    file: str
    to: str

    def apply(self, city: Path) -> None:
        (city / self.file).rename(city / self.to)


@dataclass(frozen=True)
class Delete:
    file: str

    def apply(self, city: Path) -> None:
        (city / self.file).unlink()


Break = Replace | Append | Edit | Write | Rename | Delete


# --- What the editor must be told ------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    """One message: in `file`, on the line where `at` is (plus `below` lines), for `key`,
    saying `says`. `at=None` is a problem with the file as a whole, which has no line."""

    file: str
    at: str | bytes | None
    key: str
    says: str
    below: int = 0

    def line(self, city: Path) -> int | None:
        if self.at is None:
            return None
        data = (city / self.file).read_bytes()
        marker = self.at.encode() if isinstance(self.at, str) else self.at
        assert data.count(marker) == 1, f"{self.at!r} must occur once in the broken {self.file}"
        return data[: data.index(marker)].count(b"\n") + 1 + self.below

    def pattern(self, city: Path) -> re.Pattern[str]:
        line = self.line(city)
        where = (re.escape(f"{CITY}/{self.file}:{line}:") + r"\d+: " if line
                 else re.escape(f"{CITY}/{self.file}: "))
        key = re.escape(f"{self.key}: ") if self.key else ""
        return re.compile(where + key + ".*" + re.escape(self.says))


@dataclass(frozen=True)
class Case:
    id: str
    kind: str
    breaks: tuple[Break, ...]
    expect: tuple[Expect, ...]
    absent: tuple[str, ...] = field(default=())
    """Text that must not be in the output (a cascade of follow-on errors, a second message
    for one mistake)."""


def case(id: str, kind: str, breaks: Break | tuple[Break, ...], *expect: Expect,
         absent: tuple[str, ...] = ()) -> Case:
    return Case(id, kind, breaks if isinstance(breaks, tuple) else (breaks,), expect, absent)


C, P, K = "city.yml", "principles.yml", "commitments.yml"
R, G, IO, B, X = "roadmap.yml", "governance.yml", "interoperability.yml", "benefits.yml", "risks.yml"

A_A = "A.a:\n  status: done\n  owner: Smart City Board\n"
B1_C = "B1.c:\n  status: in-progress\n  owner: Chief Digital Officer\n  due: 2027-03-31\n"
B1_BLOCK = ("B1:\n  commitment: >-\n    Our vision was written **with** residents, not for them. "
            "We will link it to clear\n    targets and report on them every year.\n"
            "  lead: Leader of the Council\n")
FEEDBACK = "feedback:\n  email: playbook@northbridge.example\n"
BOMB = b"".join([b'lol0: &lol0 "lol"\n'] + [
    f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 9)}]\n".encode() for i in range(1, 10)])

CASES: list[Case] = [
    # --- YAML the loader refuses -------------------------------------------------------------
    case("duplicate-key", "duplicate-key", Append(C, "name: Northbridge again\n"),
         Expect(C, "name: Northbridge again", "name", "duplicate key 'name': it is already set on line 7")),
    case("duplicate-recommendation", "duplicate-key", Append(K, "B1.a:  # copied\n  status: planned\n"),
         Expect(K, "B1.a:  # copied", "B1.a", "duplicate key 'B1.a'")),
    case("anchor", "anchor-alias", Replace(C, "contact:\n", "contact: &office\n"),
         Expect(C, "&office", "contact", "anchors (&name) are not allowed")),
    case("merge-alias", "anchor-alias", Replace(K, "B1.b:\n", "B1.b:\n  <<: *done-item\n"),
         Expect(K, "*done-item", "B1.b.<<", "aliases (*name) are not allowed")),
    case("billion-laughs", "alias-bomb", Write(X, BOMB),
         Expect(X, "&lol0", "lol0", "anchors (&name) are not allowed")),
    case("tag-python-object", "tag",
         Replace(C, "name: Northbridge\n", "name: !!python/object/apply:os.system ['echo pwned']\n"),
         Expect(C, "!!python", "name", "tags such as '!!python/object/apply:os.system' are not allowed")),
    case("tag-env", "tag", Replace(K, A_A, A_A.replace("Smart City Board", "!ENV [OWNER, Board]")),
         Expect(K, "!ENV", "A.a.owner", "tags such as '!ENV' are not allowed")),
    case("tag-str", "tag", Replace(X, "likelihood: 4\n    impact: 5", "likelihood: !!str 4\n    impact: 5"),
         Expect(X, "!!str", "risks[1].likelihood", "tags such as '!!str' are not allowed")),
    case("tab-indent", "tab", Replace(C, FEEDBACK, FEEDBACK.replace("  email", "\temail")),
         Expect(C, "\temail", "feedback.email", "a tab is used for indentation; indent with spaces")),
    case("latin-1", "encoding", Replace(C, b"name: Northbridge\n", "name: Northbridgé\n".encode("latin-1")),
         Expect(C, b"Northbridg\xe9", "name", "the file is not UTF-8 text")),
    case("windows-1252-quotes", "encoding",
         Replace(K, b"  note: Four workshops", b"  note: \x93Four\x94 workshops"),
         Expect(K, b"\x93Four", "A.b.note", "save it as UTF-8")),
    case("too-big", "size", Append(C, "# " + "x" * MAX_BYTES + "\n"),
         Expect(C, "# yaml-language-server", "", f"the limit is {MAX_BYTES:,}")),
    case("multiple-documents", "multi-document", Append(C, "---\nname: Southbridge\n"),
         Expect(C, "---", "", "the file holds more than one document")),
    case("unclosed-quote", "syntax", Replace(C, "name: Northbridge\n", 'name: "Northbridge\n'),
         Expect(C, 'name: "Northbridge', "name", "never closed")),
    case("unclosed-bracket", "syntax", Replace(B, "B14.b, B11.e]", "B14.b, B11.e"),
         Expect(B, "B14.b, B11.e", "initiatives[1].recommendations", "'[' that starts here is not closed")),
    case("bad-indentation", "syntax", Replace(C, "  phone: 01632", " phone: 01632"),
         Expect(C, " phone: 01632", "contact.phone", "the indentation does not match")),
    case("unquoted-colon", "syntax",
         Replace(K, "  note: A small programme office", "  note: Update: a small programme office"),
         Expect(K, "Update: a small", "B2.d.note", "put the whole value in quotes")),
    case("apostrophe-in-single-quotes", "apostrophe",
         Replace(K, "  note: A small programme office now keeps the plan, budget and risk log up to date.",
                 "  note: 'It's a small programme office now'"),
         Expect(K, "It's a small", "B2.d.note", "the apostrophe in It's ends the text in single quotes early; "
                "write the apostrophe twice (It''s), or put the text in double quotes instead: "
                "\"It's a small programme office now\""),
         absent=("indentation",)),
    case("apostrophe-french-in-a-list", "apostrophe",
         Replace(X, "    title: Cyber attack on city systems", "    title: 'Attaque sur l'eau potable'"),
         Expect(X, "l'eau", "risks[3].title", "the apostrophe in l'eau ends the text in single quotes early"),
         absent=("indentation",)),
    # --- YAML 1.1 surprises: values stay as written --------------------------------------------
    case("language-unknown", "vocabulary", Replace(C, "language: en\n", "language: de\n"),
         Expect(C, "language: de", "language", "'de' is not a language the site can be written in; use one "
                "of en, fr")),
    case("languages-unknown", "vocabulary", Replace(C, "language: en\n", "languages: [en, EN]\n"),
         Expect(C, "languages: [en, EN]", "languages[2]", "'EN' is not a language")),
    case("languages-twice", "vocabulary", Replace(C, "language: en\n", "languages: [en, fr, en]\n"),
         Expect(C, "languages: [en, fr, en]", "languages[3]", "'en' is written twice")),
    case("language-and-languages", "vocabulary", Replace(C, "language: en\n", "language: en\nlanguages: [en, fr]\n"),
         Expect(C, "languages: [en, fr]", "languages", "write either 'language'")),
    case("yaml11-no", "yaml11", Replace(C, "fictional: true", "fictional: no"),
         Expect(C, "fictional: no", "fictional", "'no' is not true or false; write true or false")),
    case("yaml11-yes", "yaml11", Replace(C, "fictional: true", "fictional: yes"),
         Expect(C, "fictional: yes", "fictional", "'yes' is not true or false")),
    case("yaml11-on", "yaml11", Replace(C, "fictional: true", "fictional: on"),
         Expect(C, "fictional: on", "fictional", "'on' is not true or false")),
    case("yaml11-sexagesimal", "yaml11", Replace(C, "review_every_days: 270", "review_every_days: 9:30"),
         Expect(C, "9:30", "review_every_days", "expected a whole number, got '9:30'")),
    case("yaml11-octal", "yaml11", Replace(B, "      value: 3100\n", "      value: 03100\n"),
         Expect(B, "03100", "indicators[6].baseline.value", "without the leading zero, like 3100")),
    case("yaml11-percent", "yaml11", Replace(B, 'unit: "%"\n    direction: increase',
                                             'unit: %\n    direction: increase'),
         Expect(B, "unit: %", "indicators[1].unit", 'put the value in quotes, like unit: "%')),
    # --- Keys and vocabulary -------------------------------------------------------------------
    case("typo-stauts", "unknown-key", Replace(K, "B1.a:\n  status: done", "B1.a:\n  stauts: done"),
         Expect(K, "stauts", "B1.a.stauts", "unknown key 'stauts'. Did you mean 'status'?"),
         absent=("'status' is missing",)),
    case("typo-ownr", "unknown-key", Replace(K, "  owner: Chief Executive\n", "  ownr: Chief Executive\n"),
         Expect(K, "ownr", "B2.a.ownr", "Did you mean 'owner'?")),
    case("typo-nested-emial", "unknown-key", Replace(C, "  email: smartcity@", "  emial: smartcity@"),
         Expect(C, "emial", "contact.emial", "Did you mean 'email'? Allowed keys here: name, email")),
    case("status-finished", "status-vocabulary", Replace(K, "B1.a:\n  status: done", "B1.a:\n  status: finished"),
         Expect(K, "finished", "B1.a.status", "'finished' is not a status; use one of not-started")),
    case("part-key-with-status", "part-key", Replace(K, B1_BLOCK, "B1: {status: done}\n"),
         Expect(K, "B1: {status", "B1.status", "A key without a dot, like B1, is a whole part")),
    # --- Dates and numbers ---------------------------------------------------------------------
    case("date-day-first", "date", Replace(K, B1_C, B1_C.replace("2027-03-31", "31/12/2026")),
         Expect(K, "31/12/2026", "B1.c.due", "'31/12/2026' is not a date; write it as YYYY-MM-DD")),
    case("date-month-13", "date", Replace(C, "reviewed: 2026-10-15\nreview", "reviewed: 2026-13-01\nreview"),
         Expect(C, "2026-13-01", "reviewed", "'2026-13-01' is not a real date")),
    case("date-february-30", "date", Replace(X, "reviewed: 2026-11-02", "reviewed: 2026-02-30"),
         Expect(X, "2026-02-30", "risks[1].reviewed", "is not a real date; check the month and day")),
    case("likelihood-6", "range", Replace(X, "likelihood: 4\n    impact: 5", "likelihood: 6\n    impact: 5"),
         Expect(X, "likelihood: 6", "risks[1].likelihood", "6 is out of range")),
    # --- Links and rich text -------------------------------------------------------------------
    case("link-javascript-evidence", "link",
         Replace(K, "    - https://northbridge.example/smart-city/principles-workshops-2024",
                 "    - javascript:alert(1)"),
         Expect(K, "javascript:alert(1)", "A.b.evidence[1].url", "'javascript:alert(1)' is not an allowed link")),
    case("link-ftp-website", "link", Replace(C, "website: https://", "website: ftp://"),
         Expect(C, "website: ftp://", "website", "write a full address starting with https://")),
    case("link-no-scheme-records", "link",
         Replace(G, "records: https://northbridge.example/smart-city/board\n", "records: www.example.org\n"),
         Expect(G, "www.example.org", "bodies[1].records", "'www.example.org' is not an allowed link")),
    case("link-relative-source", "link",
         Replace(B, "source: https://data.northbridge.example/catalogue", "source: datasets/catalogue.csv"),
         Expect(B, "datasets/catalogue.csv", "indicators[3].source", "is not an allowed link")),
    case("rich-text-html", "rich-text",
         Replace(C, "  Technology and data", "  <img src=x onerror=alert(1)> Technology and data"),
         Expect(C, "<img src=x", "vision", "HTML such as '<img src=x onerror=alert(1)>' is not allowed")),
    case("rich-text-two-problems-two-lines", "rich-text", (
        Replace(C, "  Technology and data", "  <b>Technology</b> and data"),
        Replace(C, "  We will judge", "  We will [judge](ftp://x.example/) ")),
        Expect(C, "<b>Technology", "vision", "HTML such as '<b>' is not allowed"),
        Expect(C, "[judge](ftp", "vision", "the link 'ftp://x.example/' is not allowed")),
    case("rich-text-javascript-link", "rich-text",
         Replace(K, "Our vision was written", "Our [vision](javascript:alert(1)) was written"),
         Expect(K, "[vision](javascript", "B1.commitment", "the link 'javascript:alert(1)' is not allowed")),
    # --- Meaning: statuses, reasons, ids -------------------------------------------------------
    case("not-applicable-without-reason", "not-applicable",
         Replace(K, B1_C, B1_C.replace("in-progress", "not-applicable")),
         Expect(K, "B1.c:", "B1.c.reason", "status not-applicable needs a 'reason'", below=1)),
    case("reason-with-other-status", "not-applicable",
         Replace(K, B1_C, B1_C + "  reason: We have no budget for it.\n"),
         Expect(K, "no budget", "B1.c.reason", "'reason' is only shown when status is not-applicable")),
    case("unknown-letter", "catalog-id", Append(K, "B1.z:\n  status: planned\n"),
         Expect(K, "B1.z:", "B1.z", "'B1.z' is not in the catalog (B1 has B1.a, B1.b")),
    case("unknown-part-b15", "catalog-id", Append(K, "B15.a:\n  status: planned\n"),
         Expect(K, "B15.a:", "B15.a", "'B15.a' does not start with a part id")),
    case("unknown-part-e", "catalog-id", Append(K, "E.a:\n  status: planned\n"),
         Expect(K, "E.a:", "E.a", "does not start with a part id (A, B1-B14, C1-C3, D). Did you mean 'D.a'?")),
    case("addition-without-statement", "addition",
         Append(K, "B3.open-budget:\n  status: planned\n  owner: Head of Finance\n"),
         Expect(K, "B3.open-budget:", "B3.open-budget", "one of the city's own items: add a 'statement'")),
    case("statement-on-catalog-id", "addition",
         Replace(K, B1_C, B1_C + "  statement: Show the vision at the harbour festival.\n"),
         Expect(K, "harbour festival", "B1.c.statement", "B1.c is a catalog recommendation")),
    case("roadmap-unknown-recommendation", "roadmap", Replace(R, "      - B2.a\n", "      - B2.z\n"),
         Expect(R, "B2.z", "phases[1].items[2].recommendation", "'B2.z' is not a recommendation")),
    case("phase-ends-before-start", "roadmap", Replace(R, "end: 2024-12-31", "end: 2023-12-31"),
         Expect(R, "2023-12-31", "phases[1].end", "the phase ends (2023-12-31) before it starts (2024-01-01)")),
    case("interop-unknown-row", "interoperability",
         Replace(IO, "  - row: organisational\n    column: mobility", "  - row: organisation\n    column: mobility"),
         Expect(IO, "organisation\n", "cells[1].row",
                "'organisation' is not a row id. Did you mean 'organisational'?")),
    case("duplicate-risk-id", "duplicate-id", Replace(X, "id: department-silos", "id: pilot-funding-gap"),
         Expect(X, "title: Departments keep", "risks[2].id", "the id 'pilot-funding-gap' is used twice",
                below=-1)),
    case("duplicate-body-id", "duplicate-id", Replace(G, "id: residents-digital-forum", "id: delivery-group"),
         Expect(G, "name: Residents' Digital Forum", "bodies[4].id", "the id 'delivery-group' is used twice",
                below=-1)),
    case("indicator-target-before-baseline", "indicator",
         Replace(B, "      date: 2028-03-31\n      value: 70", "      date: 2023-03-31\n      value: 70"),
         Expect(B, "2023-03-31", "indicators[1].target.date", "the target date is before the baseline date")),
    case("feedback-without-address", "feedback", Replace(C, FEEDBACK, "feedback: {}\n"),
         Expect(C, "feedback: {}", "feedback", "add 'email' or 'url' (a web form) under feedback")),
    # --- Principles ----------------------------------------------------------------------------
    case("principle-adapted-without-text", "principle", Replace(P, "vision-1: adopted", "vision-1: adapted"),
         Expect(P, "vision-1: adapted", "vision-1.text", "an adapted principle needs 'text'")),
    case("principle-added-incomplete", "principle", Append(P, "citizen-panels:\n  status: added\n"),
         *(Expect(P, "citizen-panels:", f"citizen-panels.{key}", f"an added principle needs '{key}'", below=1)
           for key in ("group", "title", "text"))),
    case("principle-unknown-id", "principle", Replace(P, "vision-1: adopted", "vison-1: adopted"),
         Expect(P, "vison-1", "vison-1", "'vison-1' is not an Annex B principle. Did you mean 'vision-1'?")),
    case("principle-not-adopted-without-reason", "principle",
         Replace(P, "vision-4: adopted", "vision-4: not-adopted"),
         Expect(P, "vision-4: not-adopted", "vision-4.reason", "a principle that is not adopted needs a 'reason'")),
    case("principle-text-on-adopted", "principle",
         Replace(P, "vision-3:\n  status: adopted\n", "vision-3:\n  status: adopted\n  text: Our own words.\n"),
         Expect(P, "Our own words", "vision-3.text", "'text' is only used when the principle is adapted")),
    # --- Files ---------------------------------------------------------------------------------
    case("misnamed-commitment-yml", "file-name", Rename(K, "commitment.yml"),
         Expect("commitment.yml", None, "", "Did you mean 'commitments.yml'?"),
         absent=("is not a recommendation",)),
    case("misnamed-risks-yaml", "file-name", Rename(X, "risks.yaml"),
         Expect("risks.yaml", None, "", "this file is not read by the playbook. Rename it to risks.yml")),
    case("misnamed-upper-case-extension", "file-name", Rename(X, "risks.YML"),
         Expect("risks.YML", None, "", "Rename it to risks.yml")),
    case("missing-city-yml", "missing-file", Delete(C),
         Expect(C, None, "", "the file is missing; every city needs a city.yml")),
    # --- Shapes and empty values ---------------------------------------------------------------
    case("list-for-mapping", "shape", Edit(C, lambda d: d.update(contact=[d["contact"]])),
         Expect(C, "- name: Smart City Office", "contact", "expected a mapping (key: value lines), got a list")),
    case("mapping-for-text", "shape",
         Replace(K, A_A, A_A.replace("owner: Smart City Board", "owner:\n    name: Smart City Board")),
         Expect(K, "    name: Smart City Board", "A.a.owner", "expected text, got a mapping")),
    case("number-for-text", "shape", Edit(R, lambda d: d["phases"][0].update(title=2024)),
         Expect(R, "title: 2024", "phases[1].title", "expected text, got the number 2024; put it in quotes")),
    case("phone-number-for-text", "shape", Replace(C, "  phone: 01632 960 123", "  phone: 1632960123"),
         Expect(C, "1632960123", "contact.phone", "put it in quotes: '1632960123'")),
    case("status-as-a-list-item", "shape", Replace(IO, "cells:\n", "cells:\n  - done\n"),
         Expect(IO, "  - done", "cells[1]", "write 'status: done' on its own line, indented in the item")),
    case("empty-required-name", "empty", Replace(C, "name: Northbridge\n", "name:\n"),
         Expect(C, "name:\n", "name", "'name' is empty; write a value (The city's name")),
    case("empty-yes-no", "empty", Replace(C, "fictional: true\n", "fictional:\n"),
         Expect(C, "fictional:\n", "fictional", "'fictional' is empty"),
         absent=("warning: 'fictional' is empty",)),  # one mistake, one message
    case("empty-required-in-list", "empty", Replace(X, "    owner: Director of Finance\n", "    owner:\n"),
         Expect(X, "owner:\n", "risks[1].owner", "'owner' is empty; write a value")),
    # --- One mistake must not hide another in the same file or entry -------------------------
    case("hidden-risk-same-entry", "hidden",
         Replace(X, "    checklist: [R7, R6]\n    threatens: [B7, C3]\n    likelihood: 4\n",
                 "    checklist: [R7, R33]\n    threatens: [B7, C3]\n    likelihood: 6\n"),
         Expect(X, "likelihood: 6", "risks[1].likelihood", "6 is out of range"),
         Expect(X, "R33", "risks[1].checklist[2]", "'R33' is not an Annex C checklist item")),
    case("hidden-risk-other-entry", "hidden", (
        Replace(X, "threatens: [B7, C3]", "threatens: [B7, B15]"),
        Replace(X, "checklist: [R2, R9]", "checklist: [R2, R33]")),
        Expect(X, "B15", "risks[1].threatens[2]", "'B15' is not allowed here; use a part id"),
        Expect(X, "R33", "risks[2].checklist[2]", "'R33' is not an Annex C checklist item")),
    case("hidden-roadmap", "hidden", (
        Replace(R, "    title: Foundations\n    start: 2024-01-01\n    end: 2024-12-31\n",
                "    title: 2024\n    start: 2024-01-01\n    end: 2023-12-31\n"),
        Replace(R, "      - B2.a\n", "      - B2.z\n")),
        Expect(R, "title: 2024", "phases[1].title", "expected text, got the number 2024"),
        Expect(R, "2023-12-31", "phases[1].end", "the phase ends (2023-12-31) before it starts"),
        Expect(R, "B2.z", "phases[1].items[2].recommendation", "'B2.z' is not a recommendation")),
    case("hidden-governance", "hidden", (
        Replace(G, "records: https://northbridge.example/smart-city/board\n", "records: www.example.org\n"),
        Replace(G, "id: residents-digital-forum", "id: delivery-group")),
        Expect(G, "www.example.org", "bodies[1].records", "is not an allowed link"),
        Expect(G, "name: Residents' Digital Forum", "bodies[4].id", "the id 'delivery-group' is used twice",
               below=-1)),
    case("hidden-interoperability-same-cell", "hidden",
         Replace(IO, "  - row: organisational\n    column: mobility\n    status: in-progress",
                 "  - row: organisation\n    column: mobility\n    status: finished"),
         Expect(IO, "finished", "cells[1].status", "'finished' is not a status"),
         Expect(IO, "organisation\n", "cells[1].row", "'organisation' is not a row id")),
    case("hidden-benefits", "hidden", (
        Replace(B, "      - cross-silo-collaboration\n", "      - cross-silo-colaboration\n"),
        Replace(B, "    title: MyNorthbridge online account\n", "    title: 2024\n"),
        Replace(B, "      date: 2028-03-31\n      value: 70", "      date: 2023-03-31\n      value: 70"),
        Replace(B, '    title: Service requests completed online\n    unit: "%"\n',
                "    title: Service requests completed online\n")),
        Expect(B, "title: 2024", "initiatives[1].title", "expected text"),
        Expect(B, "cross-silo-colaboration", "initiatives[1].changes[1]",
               "'cross-silo-colaboration' is not an Annex A governance change. Did you mean "
               "'cross-silo-collaboration'?"),
        Expect(B, "2023-03-31", "indicators[1].target.date", "the target date is before the baseline date")),
    case("hidden-commitments", "hidden", (
        Replace(K, "B1.b:\n  status: done\n  owner: Head of Engagement\n  due: 2024-09-30\n",
                "B1.b:\n  status: not-applicable\n  owner: Head of Engagement\n  due: 30/09/2024\n"),
        Replace(K, B1_C, B1_C.replace("in-progress", "not-aplicable") + "  reason: No budget this year.\n"),
        Append(K, "B1.z:\n  status: finished\n")),
        Expect(K, "30/09/2024", "B1.b.due", "is not a date"),
        Expect(K, "B1.b:", "B1.b.reason", "status not-applicable needs a 'reason'", below=1),
        Expect(K, "not-aplicable", "B1.c.status", "'not-aplicable' is not a status"),
        Expect(K, "  status: finished", "B1.z.status", "'finished' is not a status"),
        Expect(K, "B1.z:", "B1.z", "'B1.z' is not in the catalog"),
        absent=("'reason' is only shown",)),  # the status is wrong, not the reason
    case("hidden-principles", "hidden",
         Replace(P, "vision-4: adopted", "vision-4: {status: adapted, agreed: 20/06/2024}"),
         Expect(P, "20/06/2024", "vision-4.agreed", "'20/06/2024' is not a date"),
         Expect(P, "vision-4: {status", "vision-4.text", "an adapted principle needs 'text'")),
    case("hidden-city", "hidden", (
        Replace(C, "reviewed: 2026-10-15\nreview", "reviewed: 2026-13-01\nreview"),
        Replace(C, FEEDBACK, "feedback: {}\n")),
        Expect(C, "2026-13-01", "reviewed", "is not a real date"),
        Expect(C, "feedback: {}", "feedback", "add 'email' or 'url' (a web form) under feedback")),
    # --- Realistic combinations: every mistake of two files in one run -----------------------
    case("combo-commitments-and-risks", "combination", (
        Replace(K, "B1.a:\n  status: done", "B1.a:\n  stauts: done"),
        Replace(K, "B2.b:\n  status: done", "B2.b:\n  status: finished"),
        Replace(K, B1_C, B1_C.replace("2027-03-31", "31/03/2027")),
        Replace(X, "likelihood: 4\n    impact: 5", "likelihood: 6\n    impact: 5"),
        Replace(G, "id: residents-digital-forum", "id: delivery-group"),
    ),
        Expect(K, "stauts", "B1.a.stauts", "Did you mean 'status'?"),
        Expect(K, "finished", "B2.b.status", "'finished' is not a status"),
        Expect(K, "31/03/2027", "B1.c.due", "is not a date"),
        Expect(X, "likelihood: 6", "risks[1].likelihood", "out of range"),
        Expect(G, "name: Residents' Digital Forum", "bodies[4].id", "is used twice", below=-1)),
    case("combo-city-and-principles", "combination", (
        Replace(C, "fictional: true", "fictional: no"),
        Replace(C, "website: https://northbridge.example/", "website: www.northbridge.example"),
        Replace(P, "vision-1: adopted", "vison-1: adopted"),
        Replace(P, "vision-4: adopted", "vision-4: not-adopted"),
    ),
        Expect(C, "fictional: no", "fictional", "write true or false"),
        Expect(C, "www.northbridge", "website", "is not an allowed link"),
        Expect(P, "vison-1", "vison-1", "Did you mean 'vision-1'?"),
        Expect(P, "vision-4: not-adopted", "vision-4.reason", "needs a 'reason'")),
    # --- The city's logo and colours -------------------------------------------------------------
    case("colour-too-pale", "brand", Append(C, 'colours:\n  primary: "#6fa8dc"\n'),
         Expect(C, '"#6fa8dc"', "colours.primary", 'contrast of only 2.5:1 with #6fa8dc, and WCAG 2.2 AA '
                'needs 4.5:1; write a darker colour, e.g. "#50799e"')),
    case("colour-not-hex", "brand", Append(C, "colours:\n  accent: navy\n"),
         Expect(C, "navy", "colours.accent", "'navy' is not a colour: write # and six hexadecimal digits")),
    case("logo-without-alt", "brand", Append(C, "logo:\n  file: crest.png\n"),
         Expect(C, "logo:", "logo.alt", "'alt' is missing; add it (What the logo says or shows", below=1)),
    case("logo-missing-file", "brand", Append(C, "logo:\n  file: crest.png\n  alt: Crest\n"),
         Expect(C, "crest.png", "logo.file", "there is no file crest.png in the city's folder")),
    case("logo-with-script", "brand", (
        Write("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        Append(C, "logo:\n  file: logo.svg\n  alt: Northbridge City Council\n"),
    ),
        Expect(C, "file: logo.svg", "logo.file", "holds script, event handlers or links to other sites")),
    case("combo-roadmap-and-commitments", "combination", (
        Replace(R, "end: 2024-12-31", "end: 2023-12-31"),
        Replace(R, "      - B2.a\n", "      - B2.z\n"),
        Replace(K, B1_C, B1_C.replace("in-progress", "not-applicable")),
        Append(K, "B1.z:\n  status: planned\n"),
    ),
        Expect(R, "2023-12-31", "phases[1].end", "before it starts"),
        Expect(R, "B2.z", "phases[1].items[2].recommendation", "is not a recommendation"),
        Expect(K, "B1.c:", "B1.c.reason", "needs a 'reason'", below=1),
        Expect(K, "B1.z:", "B1.z", "is not in the catalog")),
    case("combo-syntax-and-vocabulary", "combination", (
        Replace(B, 'unit: "%"\n    direction: increase', 'unit: %\n    direction: increase'),
        Replace(K, "B1.a:\n  status: done", "B1.a:\n  status: finished"),
    ),
        Expect(B, "unit: %", "indicators[1].unit", "put the value in quotes"),
        Expect(K, "finished", "B1.a.status", "is not a status")),
    case("combo-typo-hides-no-meaning-error", "combination", (
        Replace(K, "  owner: Chief Executive\n", "  ownr: Chief Executive\n"),
        Replace(R, "end: 2024-12-31", "end: 2023-12-31"),
        Replace(IO, "  - row: organisational\n    column: mobility", "  - row: organisation\n    column: mobility"),
    ),
        Expect(K, "ownr", "B2.a.ownr", "Did you mean 'owner'?"),
        Expect(R, "2023-12-31", "phases[1].end", "before it starts"),
        Expect(IO, "organisation\n", "cells[1].row", "is not a row id")),
    case("combo-misnamed-file-and-range", "combination", (
        Rename(K, "commitment.yml"),
        Replace(X, "likelihood: 4\n    impact: 5", "likelihood: 6\n    impact: 5"),
    ),
        Expect("commitment.yml", None, "", "Did you mean 'commitments.yml'?"),
        Expect(X, "likelihood: 6", "risks[1].likelihood", "out of range"),
        absent=("is not a recommendation",)),
]

KINDS = {
    "duplicate-key", "anchor-alias", "alias-bomb", "tag", "tab", "encoding", "size", "yaml11",
    "unknown-key", "status-vocabulary", "date", "link", "rich-text", "not-applicable", "catalog-id",
    "addition", "principle", "part-key", "file-name", "missing-file", "shape", "range", "roadmap",
    "interoperability", "duplicate-id", "indicator", "feedback", "multi-document", "syntax",
    "empty", "combination", "vocabulary", "apostrophe", "hidden", "brand",
}
# A diagnostic as the README describes it: file:line:col: key.path: message (or file: message
# for a problem with a whole file).
DIAGNOSTIC = re.compile(r"^(?:warning: )?\S+?\.(?i:ya?ml)(?::\d+:\d+)?: (?:\S+: )?\S.*$")


def test_the_corpus_covers_every_kind() -> None:
    assert len(CASES) >= 30
    assert {c.kind for c in CASES} == KINDS
    assert len({c.id for c in CASES}) == len(CASES)
    combinations = [c for c in CASES if c.kind == "combination"]
    assert len(combinations) >= 3
    for combo in combinations:
        assert len({e.file for e in combo.expect}) >= 2 and len(combo.expect) >= 2, combo.id


# --- Running the corpus -----------------------------------------------------------------------


def site_digest(site: Path) -> str:
    """One hash of every file's path and bytes under site/."""
    digest = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        digest.update(path.relative_to(site).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass
class Built:
    project: Path
    build: CompletedProcess[str]
    site_before: str
    site_after: str


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example city's project with its site built once; every case starts from a copy."""
    project = make_project(tmp_path_factory.mktemp("template"), slug=SLUG)
    result = mkdocs_here(project)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "index.html").is_file()
    return project


def break_and_build(item: Case, template: Path, work: Path) -> Built:
    project = work / item.id
    shutil.copytree(template, project)
    for change in item.breaks:
        change.apply(project / CITY)
    before = site_digest(project / "site")
    build = mkdocs_here(project)
    return Built(project, build, before, site_digest(project / "site"))


@pytest.fixture(scope="module")
def builds(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[[Case], Built]:
    """`mkdocs build` of a case, in this process, made when a test first asks for it and
    kept for the module's other tests of that case."""
    work = tmp_path_factory.mktemp("broken")
    made: dict[str, Built] = {}

    def built(item: Case) -> Built:
        if item.id not in made:
            made[item.id] = break_and_build(item, template, work)
        return made[item.id]

    return built


def validate_here(project: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    """`city-playbook validate` in this process (the same code as the command, much faster)."""
    monkeypatch.chdir(project)
    return CliRunner().invoke(cli, ["validate", CITY, *args])


@pytest.mark.parametrize("item", CASES, ids=[c.id for c in CASES])
def test_broken_city_is_refused_with_clear_messages(item: Case, builds: Callable[[Case], Built],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    built = builds(item)
    checked = validate_here(built.project, monkeypatch)
    city = built.project / CITY
    outputs = {"mkdocs build": built.build.stdout + built.build.stderr, "validate": checked.output}

    assert built.build.returncode != 0, outputs["mkdocs build"]
    assert checked.exit_code == 1 and isinstance(checked.exception, SystemExit), checked.output
    for name, output in outputs.items():
        assert "Traceback" not in output, f"{name}:\n{output}"
        for expected in item.expect:
            pattern = expected.pattern(city)
            assert any(pattern.search(line) for line in output.splitlines()), (
                f"{name} does not say {pattern.pattern!r}:\n{output}")
        for text in item.absent:
            assert text not in output, f"{name}:\n{output}"
    for line in checked.stderr.splitlines()[:-1]:  # the last line is the count of errors
        assert DIAGNOSTIC.match(line), line
    assert built.site_after == built.site_before, "a failed build changed site/"


# A case of each way a build fails: the YAML loader, the typed model, the resolution of ids,
# a file missing or misnamed, and mistakes of several files at once.
END_TO_END = ["billion-laughs", "unclosed-quote", "status-finished", "interop-unknown-row", "missing-city-yml",
              "misnamed-commitment-yml", "combo-commitments-and-risks"]


@pytest.mark.parametrize("name", END_TO_END)
def test_a_real_mkdocs_process_fails_as_the_build_in_this_process_does(
        name: str, builds: Callable[[Case], Built], tmp_path: Path) -> None:
    """The corpus runs `mkdocs build` in this process for speed; here a real process, on the
    same broken city, must exit with 1, print no traceback, print what the build in this
    process printed, and leave site/ as it was."""
    built = builds(next(c for c in CASES if c.id == name))
    project = tmp_path / name
    shutil.copytree(built.project, project)
    command = mkdocs(project)
    assert command.returncode == built.build.returncode == 1, command.stderr
    assert "Traceback" not in command.stdout + command.stderr, command.stderr
    assert (command.stdout, command.stderr) == (built.build.stdout, built.build.stderr)
    assert site_digest(project / "site") == built.site_before, "a failed build changed site/"


@pytest.mark.parametrize("name", ["combo-commitments-and-risks", "billion-laughs", "missing-city-yml"])
def test_validate_in_process_says_what_the_command_says(name: str, builds: Callable[[Case], Built],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The corpus runs `validate` in-process for speed; here the real command must agree."""
    built = builds(next(c for c in CASES if c.id == name))
    command = validate(built.project, SLUG)
    in_process = validate_here(built.project, monkeypatch)
    assert command.returncode == in_process.exit_code == 1
    assert (command.stdout, command.stderr) == (in_process.stdout, in_process.stderr)


def test_warnings_pass_a_build_but_fail_a_strict_one(template: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    shutil.copytree(template, project)
    Replace(K, B1_C, B1_C.replace("in-progress", "done")).apply(project / CITY)
    warning = re.compile(re.escape(f"{CITY}/{K}:") + r"\d+:\d+: B1\.c\.status: warning: done, but no evidence")
    before = site_digest(project / "site")

    strict = mkdocs(project, "--strict")
    assert strict.returncode != 0
    assert warning.search(strict.stderr) and "Traceback" not in strict.stderr
    assert site_digest(project / "site") == before, "a failed strict build changed site/"
    assert validate_here(project, monkeypatch, "--strict").exit_code == 1

    plain = mkdocs(project)
    assert plain.returncode == 0, plain.stderr
    assert warning.search(plain.stderr)
    assert site_digest(project / "site") != before
    checked = validate_here(project, monkeypatch)
    assert checked.exit_code == 0 and warning.search(checked.stderr)


def test_warnings_are_listed_with_the_errors_so_one_run_shows_everything(
        template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    shutil.copytree(template, project)
    for change in (Replace(K, B1_C, B1_C.replace("in-progress", "done")),      # warning: no evidence
                   Replace(K, "  owner: Chief Executive\n", "  owner:\n"),     # warning: empty value
                   Replace(K, "\nB2.a:", "\nb2.a:"),                           # error: lower case
                   Write("notes.txt", b"to do\n")):                            # warning: not published
        change.apply(project / CITY)
    expected = [re.escape(f"{CITY}/{K}:") + r"\d+:\d+: B1\.c\.status: warning: done, but no evidence",
                re.escape(f"{CITY}/{K}:") + r"\d+:\d+: b2\.a\.owner: warning: 'owner' is empty; write a value",
                re.escape(f"{CITY}/{K}:") + r"\d+:\d+: b2\.a: .*Did you mean 'B2\.a'\?",
                re.escape(f"{CITY}/notes.txt: warning: this file is not part of the playbook")]
    checked = validate_here(project, monkeypatch)
    built = mkdocs_here(project)
    assert checked.exit_code == 1 and built.returncode != 0
    assert checked.stderr.splitlines()[-1] == f"1 error and 4 warnings in {CITY}."
    for pattern in expected:
        assert re.search(pattern, checked.stderr), (pattern, checked.stderr)
        assert re.search(pattern, built.stderr), (pattern, built.stderr)
    assert re.search(r"WARNING\s+-\s+" + re.escape(f"{CITY}/notes.txt"), built.stderr), "a warning is logged as one"
    assert "1 problem in the city files" in built.stderr
