"""Languages: every shipped strings file is complete, and a city in two languages builds one
site per language, each page linked to the same page in the other language."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path
from string import Formatter
from typing import Any
from urllib.parse import urljoin

import pytest

from city_playbook.core.catalog import load_catalog
from city_playbook.core.diagnostics import PlaybookError
from city_playbook.core.language import DEFAULT, DEFAULT_ONLY, STRINGS, is_plural, plural_categories, shipped
from city_playbook.core.yamlsafe import load_file
from support import BILINGUAL, CATALOG, Site, bilingual_built, make_project, mkdocs, mkdocs_here, run, validate

pytestmark = pytest.mark.spread  # only session-wide builds: see tests/conftest.py


def _load(language: str) -> dict[str, Any]:
    doc, errors = load_file(STRINGS / f"{language}.yml")
    assert doc is not None and not errors, errors
    return doc.data


def _leaves(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Every string (or plural, or list) by its dotted key."""
    found: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict) and not is_plural(value):
            found |= _leaves(value, f"{prefix}{key}.")
        else:
            found[f"{prefix}{key}"] = value
    return found


def _placeholders(value: Any) -> set[str]:
    forms = value.values() if isinstance(value, dict) else [value]
    return {name for form in forms for _, name, _, _ in Formatter().parse(str(form)) if name is not None}


ENGLISH = {k: v for k, v in _leaves(_load(DEFAULT)).items() if k.split(".")[0] not in DEFAULT_ONLY}


def test_french_is_shipped() -> None:
    assert shipped()[0] == DEFAULT and "fr" in shipped()


@pytest.mark.parametrize("language", [lang for lang in shipped() if lang != DEFAULT])
def test_every_language_has_every_string_and_no_other(language: str) -> None:
    strings = _leaves(_load(language))
    assert sorted(set(ENGLISH) - set(strings)) == [], f"{language}.yml lacks these strings"
    assert sorted(set(strings) - set(ENGLISH)) == [], f"{language}.yml has strings en.yml does not"
    for key, english in ENGLISH.items():
        assert _placeholders(strings[key]) == _placeholders(english), f"{language}.yml {key}: placeholders"
        assert is_plural(strings[key]) == is_plural(english), f"{language}.yml {key}: plural or not"


@pytest.mark.parametrize("language", shipped())
def test_plurals_give_exactly_the_languages_categories(language: str) -> None:
    needed = plural_categories(language)
    for key, value in _leaves(_load(language)).items():
        if is_plural(value):
            assert set(value) == needed, f"{language}.yml {key}: write the forms {sorted(needed)}"


# --- A city in two languages: Valdoré, French first, English under /en/ -------------------


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return bilingual_built(tmp_path_factory)


def _text(site: Site, path: Path) -> str:
    """The page's text with its spaces folded, but not its no-break spaces ("27 %")."""
    return re.sub(r"[ \t\n]+", " ", site.html(str(path.relative_to(site.root))).get_text(" "))


def test_each_language_is_its_own_site_with_its_lang(bilingual: Site) -> None:
    assert bilingual.html("").html["lang"] == "fr"
    assert bilingual.html("en/").html["lang"] == "en"
    for prefix, lang in (("", "fr"), ("en/", "en")):
        index = (bilingual.root / prefix / "search" / "search_index.json").read_text()
        assert f'"lang":["{lang}"]' in index, "search stems each language"
    french, english = bilingual.html("").select_one(".pb-vision"), bilingual.html("en/").select_one(".pb-vision")
    assert "Nous mesurerons" in french.get_text() and "We will measure" in english.get_text()


@pytest.mark.parametrize("page", ["", "strategy-management/b1/", "risk-register/", "open-data/", "annex-c/"])
def test_switcher_and_hreflang_lead_to_the_same_page(bilingual: Site, page: str) -> None:
    expected = {"fr": f"http://site.example/{page}", "en": f"http://site.example/en/{page}"}
    for prefix in ("", "en/"):
        url = f"http://site.example/{prefix}{page}"
        html = bilingual.html(prefix + page)
        links = html.select('link[rel="alternate"][hreflang]')
        assert {link["hreflang"]: urljoin(url, link["href"]) for link in links} == expected
        switcher = html.select("a.md-select__link")
        assert {a["hreflang"]: urljoin(url, a["href"]) for a in switcher} == expected
        assert [a.get_text(strip=True) for a in switcher] == ["Français", "English"]
        for target in expected.values():  # the page exists in the other language
            assert (bilingual.root / target.removeprefix("http://site.example/") / "index.html").is_file()


def test_each_language_site_has_its_own_address(tmp_path: Path) -> None:
    """With a site_url, the site under /en/ names its own address in its sitemap and
    canonical links, not the default language's."""
    project = make_project(tmp_path, BILINGUAL)
    result = mkdocs(project, "--strict", env={"PLAYBOOK_SITE_URL": "https://ville.test/"})
    assert result.returncode == 0, result.stderr
    for prefix in ("", "en/"):
        site = project / "site" / prefix
        locs = re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
        assert locs and all(loc.startswith(f"https://ville.test/{prefix}") for loc in locs), prefix
        assert f"https://ville.test/{prefix}risk-register/" in locs
        if not prefix:
            assert not [loc for loc in locs if loc.startswith("https://ville.test/en/")]
        page = Site(project / "site").html(f"{prefix}risk-register/")
        assert page.select_one('link[rel="canonical"]')["href"] == f"https://ville.test/{prefix}risk-register/"


def test_french_dates_numbers_and_plurals(bilingual: Site) -> None:
    home = _text(bilingual, bilingual.root / "index.html")
    assert re.search(r"\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|"
                     r"décembre) 20\d\d", home)
    assert re.search(r"\(\d+\u00a0%\)", home), "a no-break space before % in French"
    counts = bilingual.html("").select_one(".pb-headline").get_text(" ")
    # French counts 0 and 1 as singular: "2 sont sans objet" but "1 est ..." / "0 est ..."
    for number, verb in re.findall(r"(\d+) (est|sont)\b", counts):
        assert (verb == "est") == (int(number) < 2), counts


def test_no_english_interface_string_on_a_french_page(bilingual: Site) -> None:
    """No sentence of en.yml that French writes differently appears on a French page."""
    def forms(data: dict[str, Any]) -> set[str]:
        return {str(form) for value in _leaves(data).values()
                for form in (value.values() if isinstance(value, dict) else [value])}
    english = {str(form) for value in ENGLISH.values()  # the English-only sections are known to show
               for form in (value.values() if isinstance(value, dict) else [value])} - forms(_load("fr"))
    pieces = {piece.strip(" .:,") for text in english for piece, _, _, _ in Formatter().parse(text)}
    pieces = {p for p in pieces if " " in p or len(p) > 8}  # not a word French shares ("Part", "Total")
    checked = 0
    for path in bilingual.pages():
        if path.relative_to(bilingual.root).parts[0] == "en":
            continue
        article = bilingual.html(str(path.relative_to(bilingual.root))).select_one("article")
        for foreign in article.select("[lang]:not([lang=fr])"):  # marked as another language's text
            foreign.decompose()
        text = " ".join(article.get_text(" ").split())
        found = sorted(p for p in pieces if re.search(rf"\b{re.escape(p)}\b", text))
        assert found == [], f"{path}: English interface text on a French page"
        checked += 1
    assert checked >= 30


def test_no_english_theme_label_and_no_markup_in_an_attribute(bilingual: Site) -> None:
    """The theme's labels (permalink, colour toggle, feed links) are in the page's language
    on every page of both languages, and no attribute holds markup: a caption holding a
    date element once cut an aria-label short at its first quote."""
    labels = {lang: {*load_file(STRINGS / f"{lang}.yml")[0].data["theme"].values(),
                     load_file(STRINGS / f"{lang}.yml")[0].data["nav"]["changes"]} for lang in ("en", "fr")}
    checked = 0
    for path in bilingual.pages():
        relative = str(path.relative_to(bilingual.root))
        lang, other = ("en", "fr") if relative.startswith("en/") else ("fr", "en")
        html = bilingual.html(relative)
        values = [v for tag in html.find_all(True) for k, v in tag.attrs.items() if k in ("title", "aria-label")]
        assert not labels[other] & set(values), f"{relative}: {sorted(labels[other] & set(values))}"
        assert labels[lang] <= set(values), f"{relative}: {sorted(labels[lang] - set(values))} missing"
        marked = [f"{tag.name}[{k}]" for tag in html.find_all(True) for k, v in tag.attrs.items()
                  if isinstance(v, str) and "<" in v]
        assert marked == [], f"{relative}: markup in {marked}"
        checked += 1
    assert checked >= 60


def test_a_missing_translation_is_a_warning_at_its_line(tmp_path: Path) -> None:
    project = make_project(tmp_path, BILINGUAL, "valdore")
    city = project / "city_config" / "valdore" / "city.yml"
    lines = city.read_text().splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("summary:"))
    english = next(i for i in range(start, len(lines)) if lines[i].startswith("  en:"))
    end = next(i for i in range(english + 1, len(lines)) if not lines[i].startswith("    "))
    city.write_text("".join(lines[:english] + lines[end:]))
    result = validate(project, "valdore")
    assert result.returncode == 0, result.stderr
    assert (f"city_config/valdore/city.yml:{start + 2}:3: summary: warning: no text in en (English); the fr "
            "text is shown on those pages until you add 'en: ...'") in result.stderr
    assert mkdocs_here(project).returncode == 0
    shown = Site(project / "site").html("en/").select_one(".pb-lede")
    assert shown.select_one('span[lang="fr"]') is not None, "the French text is marked as French"


def test_a_text_in_a_language_the_site_does_not_have_is_an_error(tmp_path: Path) -> None:
    project = make_project(tmp_path, BILINGUAL, "valdore")
    city = project / "city_config" / "valdore" / "city.yml"
    city.write_text(city.read_text().replace("languages: [fr, en]", "languages: [fr]"))
    result = validate(project, "valdore")
    assert result.returncode == 1
    assert "summary.en: 'en' is not a language of this site; write the text under fr, or add en to " \
           "'languages' in city.yml" in result.stderr


# --- The catalog in every shipped language ----------------------------------------------


@pytest.mark.parametrize("language", [lang for lang in shipped() if lang != DEFAULT])
def test_every_catalog_entry_exists_in_every_shipped_language(language: str) -> None:
    """Loading checks that every id has its text, and nothing else; here the result is
    also different from English wherever English has text."""
    english, translated = load_catalog(CATALOG), load_catalog(CATALOG, language)
    assert translated.untranslated == frozenset() and translated.warnings == []
    for pid, part in english.parts.items():
        other = translated.parts[pid]
        assert [r.id for r in other.recommendations] == [r.id for r in part.recommendations]
        assert [r.source for r in other.recommendations] == [r.source for r in part.recommendations]
        assert all(a.text != b.text for a, b in zip(part.recommendations, other.recommendations, strict=True))
        assert len(other.key_questions) == len(part.key_questions) and other.title != part.title
    assert [p.id for p in translated.principles.principles] == [p.id for p in english.principles.principles]
    assert translated.benefit_map.links == english.benefit_map.links


def _broken_overlay(tmp_path: Path, change: Any) -> str:
    catalog = tmp_path / "content"
    shutil.copytree(CATALOG, catalog)
    change(catalog / "i18n" / "fr")
    with pytest.raises(PlaybookError) as caught:
        load_catalog(catalog, "fr")
    return "\n".join(str(d) for d in caught.value.diagnostics)


def test_a_missing_or_extra_catalog_translation_is_an_error_at_its_line(tmp_path: Path) -> None:
    def drop_and_add(folder: Path) -> None:
        part = folder / "parts" / "B4.yml"
        text = part.read_text()
        text = re.sub(r"\n  B4\.c: >-\n(    .*\n)+", "\n", text, count=1)
        extra = "\nrecommendations:\n  B4.z: Une recommandation de trop.\n"
        part.write_text(text.replace("\nrecommendations:\n", extra))
    found = _broken_overlay(tmp_path, drop_and_add)
    assert re.search(r"content/i18n/fr/parts/B4\.yml:\d+:\d+: recommendations: no text for B4\.c", found), found
    assert re.search(r"content/i18n/fr/parts/B4\.yml:\d+:\d+: recommendations\.B4\.z: 'B4\.z' is not in the "
                     r"catalog", found), found


def test_a_catalog_without_a_language_is_shown_in_english_with_a_warning(tmp_path: Path) -> None:
    catalog = tmp_path / "content"
    shutil.copytree(CATALOG, catalog, ignore=shutil.ignore_patterns("i18n"))
    french = load_catalog(catalog, "fr")
    assert [str(w) for w in french.warnings] == [
        "content/i18n/fr: warning: the catalog has no text in fr (Français); its English text is shown on "
        "those pages. Add the folder (see FORMAT.md in the catalog)"]
    assert french.parts["B1"].title in french.untranslated


def test_export_writes_one_plain_project_per_language(bilingual: Site, tmp_path: Path) -> None:
    project, out = bilingual.root.parent, tmp_path / "export"
    result = run([sys.executable, "-m", "city_playbook", "export", str(out)], project)
    assert result.returncode == 0, result.stderr
    assert f"mkdocs build -f {out / 'en' / 'mkdocs.yml'}" in result.stdout
    for config in (out / "mkdocs.yml", out / "en" / "mkdocs.yml"):
        built = run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)], out)
        assert built.returncode == 0, built.stderr
    ours = sorted(p.relative_to(bilingual.root) for p in bilingual.root.rglob("*.html"))
    assert ours == sorted(p.relative_to(out / "site") for p in (out / "site").rglob("*.html"))
    for page in ("strategy-management/b1/index.html", "en/strategy-management/b1/index.html"):
        assert bilingual.html(page).find("article") == Site(out / "site").html(page).find("article"), page
    assert Site(out / "site").html("en/").html["lang"] == "en"


def test_open_data_in_each_language_has_the_same_facts_and_its_own_text(bilingual: Site) -> None:
    french = json.loads((bilingual.root / "data" / "playbook.json").read_text())
    english = json.loads((bilingual.root / "en" / "data" / "playbook.json").read_text())
    assert (french["language"], english["language"]) == ("fr", "en")
    assert french["languages"] == english["languages"] == ["fr", "en"]

    def facts(data: dict[str, Any]) -> list[tuple[str, str, str]]:
        return [(i["id"], i["status"], i["url"]) for p in data["parts"] for i in p["recommendations"]]
    assert facts(french) == facts(english)
    texts = [(a["text"], b["text"]) for p, q in zip(french["parts"], english["parts"], strict=True)
             for a, b in zip(p["recommendations"], q["recommendations"], strict=True)]
    assert all(a != b for a, b in texts)
    csv_fr = (bilingual.root / "data" / "commitments.csv").read_text().splitlines()
    csv_en = (bilingual.root / "en" / "data" / "commitments.csv").read_text().splitlines()
    assert csv_fr[0] == csv_en[0] and len(csv_fr) == len(csv_en)


def test_new_starts_a_city_in_several_languages(tmp_path: Path) -> None:
    def new(*args: str) -> Any:
        return run([sys.executable, "-m", "city_playbook", "new", *args], tmp_path)
    assert new("port-ville", "--languages", "fr,en").returncode == 0
    city = load_file(tmp_path / "city_config" / "port-ville" / "city.yml")[0]
    assert city is not None
    assert city.data["languages"] == ["fr", "en"] and set(city.data["vision"]) == {"fr", "en"}
    checked = run([sys.executable, "-m", "city_playbook", "validate", "city_config/port-ville"], tmp_path)
    assert checked.returncode == 0, checked.stderr
    refused = new("other", "--languages", "fr,de")
    assert refused.returncode == 2 and "from en, fr, the default first" in refused.stderr
