"""benefits.yml: initiatives on the benefit map, and indicators with their readings."""

from __future__ import annotations

from typing import Literal

from pydantic import (
    Field,
)

from .base import IsoDate, Link, Slug, Strict, Text


class Initiative(Strict):
    """A programme or project of the city, placed on the benefit map."""

    id: Slug = Field(description="Short id that indicators refer to, e.g. open-data-portal.")
    title: Text = Field(description="The initiative's name.")
    summary: Text = Field(description="One or two sentences on what it does.")
    owner: Text | None = Field(None, description="The role or body accountable.")
    recommendations: list[str] = Field([], description="Ids of the recommendations it delivers.")
    changes: list[Slug] = Field(min_length=1, description="Annex A governance changes it brings "
                                "about, e.g. improved-transparency.")
    outcomes: list[Slug] = Field([], description="Annex A outcomes it aims at; defaults to those "
                                 "its changes lead to.")


class Reading(Strict):
    """One value of an indicator on one date."""

    date: IsoDate = Field(description="When the value was measured (or, for a target, is due).")
    # Finite and bounded: the charts and the progress figures do arithmetic with these, and
    # 1.0e400 (read as infinity) or two values near the float limit would break it.
    value: float = Field(allow_inf_nan=False, ge=-10**15, le=10**15,
                         description="The value, in the indicator's unit, without the unit.")


class Indicator(Strict):
    """A measure of a benefit over time, with a small chart on the benefits page."""

    id: Slug = Field(description="Short id, e.g. online-services-share.")
    title: Text = Field(description="What is measured, in plain words.")
    unit: Text = Field(description="Unit of the values, e.g. % or tonnes CO2e.")
    direction: Literal["increase", "decrease"] = Field(description="Which way is better.")
    outcome: Slug | None = Field(None, description="The Annex A outcome it measures.")
    initiative: Slug | None = Field(None, description="The initiative it tracks.")
    baseline: Reading = Field(description="The value the city started from.")
    target: Reading = Field(description="The value the city aims for, and by when.")
    actuals: list[Reading] = Field([], description="Values measured since the baseline, oldest first.")
    source: Link | None = Field(None, description="Where the data comes from.")
    owner: Text | None = Field(None, description="The role or body that reports the figures.")


class Benefits(Strict):
    """`benefits.yml`: initiatives on the benefit map (C1) and indicators (C2)."""

    initiatives: list[Initiative] = Field([], description="The city's initiatives on the benefit map.")
    indicators: list[Indicator] = Field([], description="Indicators of the benefits (C2).")
