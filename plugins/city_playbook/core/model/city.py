"""city.yml: the city's profile, contact, feedback, accessibility and data licence."""

from __future__ import annotations

from pydantic import (
    Field,
)

from ..language import DEFAULT
from .base import Email, IsoDate, LanguageCode, Link, RichText, Strict, Text

# --- A city (city_config/<city>/) -------------------------------------------------------


class Feedback(Strict):
    """Where residents send comments. Give an email address, a web form, or both."""

    email: Email | None = Field(None, description="Address that receives comments; each page "
                                "pre-fills the subject with the page's id.")
    url: Link | None = Field(None, description="A web form for comments; the page id is added as "
                             "`?page=ID`.")


class Contact(Strict):
    """Who residents can contact about the playbook: a team or role, and how to reach it."""

    name: Text = Field(description="Team or role residents can contact about the playbook.")
    email: Email | None = Field(None, description="Contact email address.")
    phone: Text | None = Field(None, description="Contact phone number, as it should be shown.")
    url: Link | None = Field(None, description="Contact web page.")


class Accessibility(Strict):
    """Facts for the accessibility statement page."""

    reviewed: IsoDate | None = Field(None, description="When the site's accessibility was last "
                                     "checked. Until it has been, leave it out: the statement then "
                                     "says so.")
    contact_email: Email = Field(description="Where to report an accessibility problem.")
    standard: Text = Field("WCAG 2.2 level AA", description="The standard the site is checked "
                           "against.")
    known_issues: list[Text] = Field([], description="Problems you know of and have not fixed "
                                     "yet, one sentence each.")
    enforcement: Text | None = Field(None, description="How residents can escalate a complaint "
                                     "(for example, your national enforcement body).")


class Logo(Strict):
    """The city's logo, shown on the home page beside its title."""

    file: str = Field(description="An image file in the city's folder, beside city.yml: .svg, .png, "
                      ".webp or .jpg, e.g. logo.svg. It is published with the site, never loaded from "
                      "elsewhere.")
    alt: Text = Field(description="What the logo says or shows, for people who cannot see it, e.g. "
                      "'Northbridge City Council'.")


class Colours(Strict):
    """The city's colours. Each is checked for WCAG 2.2 AA contrast; a build with a colour that
    fails stops and names a darker one of the same hue."""

    primary: str | None = Field(None, description="Colour of the header bar, as #rrggbb, e.g. #1d4f91. "
                                "Its white text needs a contrast of 4.5:1, so choose a dark colour.")
    accent: str | None = Field(None, description="Colour of links in the light colour scheme, as #rrggbb. "
                               "It needs a contrast of 4.5:1 on white and on the site's shaded cells (the "
                               "risk grid, table rows); the dark scheme keeps its own.")


class DataLicence(Strict):
    """The licence under which the open data downloads are published."""

    name: Text = Field(description="Licence of the open data downloads, e.g. CC BY 4.0.")
    url: Link = Field(description="Link to the licence text.")


class CityProfile(Strict):
    """`city.yml`: who the city is and what it wants to achieve."""

    name: Text = Field(description="The city's name, as residents know it.")
    fictional: bool = Field(False, description="true for example or training cities: every page "
                            "then says the city is fictional.")
    language: LanguageCode | None = Field(
        None, description="Language of a site in one language (en or fr); en if left out. For "
        "several languages, write `languages` instead.")
    languages: list[LanguageCode] | None = Field(
        None, min_length=1, description="Languages of the site, the default first, e.g. [fr, en]: "
        "the default is at the site's root, each other language under /<code>/. Every text may "
        "then be written per language (`vision: {fr: ..., en: ...}`).")
    summary: Text = Field(description="One or two plain sentences about the playbook; used in "
                          "search results and link previews.")
    vision: RichText = Field(description="The city's vision (rich text: Markdown paragraphs, "
                             "lists, emphasis and links are allowed).")
    website: Link | None = Field(None, description="The city's own website.")
    reviewed: IsoDate | None = Field(None, description="When the playbook as a whole was last "
                                     "reviewed. Until it has been, leave it out: the home page then "
                                     "says so.")
    review_every_days: int = Field(365, ge=1, le=3650, description="How often the city reviews each "
                                   "commitment and risk; one whose `reviewed` date is older than this "
                                   "is shown publicly as 'review overdue'.")
    contact: Contact = Field(description="Who residents can contact about the playbook; shown on "
                             "the home page.")
    feedback: Feedback = Field(description="Where residents send comments; every page links to it.")
    accessibility: Accessibility = Field(description="Facts for the accessibility statement page.")
    data_licence: DataLicence | None = Field(None, description="Licence of the open data "
                                             "downloads. If left out, the data page says no "
                                             "licence has been set.")
    logo: Logo | None = Field(None, description="The city's logo, with its text alternative.")
    colours: Colours | None = Field(None, description="The city's colours for the site; left out, the "
                                    "site keeps the generator's.")

    @property
    def site_languages(self) -> tuple[str, ...]:
        """The site's languages, the default first."""
        return tuple(self.languages or [self.language or DEFAULT])
