"""A city's link colour reads on every background links stand on, not only on white."""

from __future__ import annotations

import re
from pathlib import Path

from city_playbook.core.brand import AA, LINK_BACKGROUNDS, SHADES, contrast
from support import ROOT, make_project, validate

STYLE_SHEET = ROOT / "plugins" / "city_playbook" / "site" / "assets" / "playbook.css"


def test_the_checked_shades_are_those_the_style_sheet_draws() -> None:
    """The light scheme's shades are written twice, in the style sheet and in brand.SHADES:
    a shade changed in one place only fails here rather than letting a pale link through."""
    css = STYLE_SHEET.read_text(encoding="utf-8")
    light = css[:css.index('[data-md-color-scheme="slate"]')]  # --pb-soft of the light scheme
    for shade in SHADES.values():
        assert shade in css, f"{shade} is checked but no longer drawn"
    assert "--pb-soft: rgba(0, 0, 0, 0.06)" in light
    drawn = set(re.findall(r"\.pb-grid--\w+ \{ background: (rgba\([^)]*\)); \}", css))
    assert drawn and drawn <= set(SHADES.values()), drawn - set(SHADES.values())


def test_a_link_colour_that_reads_on_white_but_not_on_the_risk_grid_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    city = project / "city_config" / "test-city" / "city.yml"
    text = city.read_text(encoding="utf-8")
    city.write_text(text + 'colours:\n  accent: "#4a5fc0"\n', encoding="utf-8")
    line = len(text.splitlines()) + 2
    assert contrast("#4a5fc0", "#ffffff") >= AA  # fine on the white page alone
    result = validate(project)
    assert result.returncode == 1
    found = re.search(r'colours\.accent: links on the risk grid\'s high-risk cells would have a contrast of '
                      r'only 3\.7:1 with #4a5fc0, and WCAG 2\.2 AA needs 4\.5:1; write a darker colour, e\.g\. '
                      r'"(#[0-9a-f]{6})" \(the same hue\)', result.stderr)
    assert found, result.stderr
    assert f"city.yml:{line}:" in result.stderr
    suggested = found.group(1)
    assert min(contrast(suggested, background) for background in LINK_BACKGROUNDS.values()) >= AA
    city.write_text(text + f'colours:\n  accent: "{suggested}"\n', encoding="utf-8")
    assert validate(project).returncode == 0


def test_a_colour_written_without_quotes_is_explained_not_just_empty(tmp_path: Path) -> None:
    """`accent: #1d4f91` is a key with no value to YAML (the rest is a comment): the message
    says so and shows the line to write, for an optional key and for a required one."""
    project = make_project(tmp_path)
    city = project / "city_config" / "test-city" / "city.yml"
    text = city.read_text(encoding="utf-8")
    city.write_text(text + "colours:\n  accent: #1d4f91  # our blue\nlogo:\n  file: crest.png\n  alt: #1 crest\n",
                    encoding="utf-8")
    (city.parent / "crest.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    line = len(text.splitlines())
    result = validate(project)
    assert result.returncode == 1
    assert (f"city.yml:{line + 2}:10: colours.accent: warning: 'accent' is empty: YAML reads everything from a # "
            'on as a comment, so write the value in quotes: accent: "#1d4f91"') in result.stderr, result.stderr
    assert (f"city.yml:{line + 5}:7: logo.alt: 'alt' is empty: YAML reads everything from a # on as a comment, "
            'so write the value in quotes: alt: "#1 crest"') in result.stderr, result.stderr
