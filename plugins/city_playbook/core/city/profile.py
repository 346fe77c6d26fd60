"""The rules of city.yml alone: its languages, the way residents respond, the city's
colours and logo, and what `city-playbook new` wrote that nobody has replaced yet."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..brand import AA, HEX, LINK_BACKGROUNDS, LOGO_TYPES, SVG_ACTIVE, WHITE, contrast, darkened
from ..diagnostics import Diagnostic, Severity, one_of
from ..model import CityProfile, unique, valid
from ..yamlsafe import Document, nodes


def profile_rules(profile: CityProfile, docs: dict[str, Document], root: Path) -> Iterator[Diagnostic]:
    """city.yml's own rules, run only when it was read: the other files are cross-checked
    even when it is broken, these need it."""
    doc = docs["city.yml"]
    yield from _languages(profile, doc)
    yield from _feedback(profile, doc)
    yield from _brand(profile, doc, root)
    yield from _placeholders(profile, docs)


def _languages(profile: CityProfile, doc: Document) -> Iterator[Diagnostic]:
    if profile.language and profile.languages:
        yield doc.error(("languages",), "write either 'language' (a site in one language) or 'languages' "
                        "(several, the default first), not both; delete the 'language' line", at_key=True)
    yield from unique(doc, ("languages",), list(profile.languages or ()), field=None)


def _feedback(profile: CityProfile, doc: Document) -> Iterator[Diagnostic]:
    """Checked apart from the other files, which are cross-checked even when city.yml is broken."""
    feedback = profile.feedback
    if feedback is not None and valid(feedback, "email", "url") and feedback.email is None and feedback.url is None:
        yield doc.error(("feedback",), "give residents a way to respond: add 'email' or 'url' (a web "
                        "form) under feedback")


def _brand(profile: CityProfile, doc: Document, root: Path) -> Iterator[Diagnostic]:
    """The city's colours keep WCAG 2.2 AA contrast, and its logo is an image file of its folder."""
    colours = profile.colours if valid(profile, "colours") else None
    checks = (("primary", {"the header's white text": WHITE}),
              ("accent", {f"links on {where}": background for where, background in LINK_BACKGROUNDS.items()}))
    for key, backgrounds in checks:
        value = getattr(colours, key, None)
        if value is None:
            continue
        if not HEX.fullmatch(value):
            yield doc.error(("colours", key), f"'{value}' is not a colour: write # and six hexadecimal "
                            "digits, in quotes, e.g. \"#1d4f91\"")
            continue
        what, background = min(backgrounds.items(), key=lambda found: contrast(value, found[1]))
        if (ratio := contrast(value, background)) < AA:
            shown = int(ratio * 10) / 10  # rounded down: 4.46 is not "4.5"
            yield doc.error(("colours", key), f"{what} would have a contrast of only {shown}:1 with "
                            f"{value}, and WCAG 2.2 AA needs 4.5:1; write a darker colour, e.g. "
                            f"\"{darkened(value, background)}\" (the same hue)")
    logo = profile.logo if valid(profile, "logo") else None
    if logo is None or not valid(logo, "file"):
        return
    name, here = logo.file, ("logo", "file")
    if Path(name).name != name or name.startswith("."):
        yield doc.error(here, "write only the file's name, e.g. logo.svg, and put the file in the city's "
                        "folder beside city.yml")
    elif not name.lower().endswith(LOGO_TYPES):
        yield doc.error(here, f"'{name}' is not an image the site can show: use a file ending in "
                        f"{one_of(LOGO_TYPES)}")
    elif not (root / name).is_file():
        yield doc.error(here, f"there is no file {name} in the city's folder; put the logo beside city.yml "
                        "or correct the name")
    elif name.lower().endswith(".svg") and SVG_ACTIVE.search((root / name).read_bytes()):
        yield doc.error(here, f"{name} holds script, event handlers or links to other sites, which the site "
                        "does not publish; save it again as a plain drawing (in Inkscape: Save As, "
                        "Optimized SVG)")


# Hosts reserved for examples (RFC 2606 and RFC 6761): mail and links there reach no one.
_EXAMPLE_HOST = re.compile(r"(?:^|\.)(?:example|invalid|test|example\.(?:com|net|org))\.?$", re.I)
# A web address's host, or an email address's domain, anywhere in a text.
_ADDRESS = re.compile(r"https?://(?:[^@/\s]*@)?([^/:?#\s)\]>\"']+)|[\w.+-]+@([\w-]+(?:\.[\w-]+)+)", re.I)
VISION_PLACEHOLDER = "Write the city's vision here."


def _placeholders(profile: CityProfile, docs: dict[str, Document]) -> Iterator[Diagnostic]:
    """What `city-playbook new` wrote and nobody has replaced yet. Each is valid, so it would
    be published as if it were the city's own: a vision that is an instruction, addresses
    that reach no one, an accessibility review that never happened."""
    doc = docs["city.yml"]
    if valid(profile, "vision") and VISION_PLACEHOLDER in profile.vision:
        yield doc.error(("vision",), "this is still the text `city-playbook new` wrote; write the city's "
                        "own vision", severity=Severity.WARNING)
    if valid(profile, "reviewed") and profile.reviewed is None:
        yield doc.error(("reviewed",), "no date of the last review of the whole playbook, so the home page "
                        "says it has not been reviewed yet; add 'reviewed: YYYY-MM-DD' once it has",
                        severity=Severity.WARNING)
    access = profile.accessibility
    if access is not None and valid(access, "reviewed") and access.reviewed is None:
        yield doc.error(("accessibility",), "no date of the last accessibility review, so the statement "
                        "says the site has not been reviewed yet; add 'reviewed: YYYY-MM-DD' once it "
                        "has", severity=Severity.WARNING)
    if profile.fictional or not valid(profile, "fictional"):  # an example city may use example addresses
        return
    for other in docs.values():
        for path, text in nodes(other.data):
            if not isinstance(text, str):
                continue
            placeholder = next((m.group(0) for m in _ADDRESS.finditer(text)
                                if _EXAMPLE_HOST.search(m.group(1) or m.group(2))), None)
            if placeholder:
                yield other.error(path, f"'{placeholder}' is a placeholder address that reaches no one; "
                                  "write the real one (or set fictional: true in city.yml for a training "
                                  "city)", severity=Severity.WARNING)
