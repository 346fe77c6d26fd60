"""The charts' geometry, on the example cities' real playbooks: no site build, so these are fast."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from city_playbook import pipeline
from city_playbook.core.resolve import Playbook
from city_playbook.site import charts
from city_playbook.site.charts import Box, PhaseMark
from support import ROOT, TODAY

CITIES = ("northbridge", "valdore")
LAYOUTS = {"wide": {}, "narrow": {"width": 350, "label_width": 0}}


@pytest.fixture(scope="module", params=CITIES)
def playbook(request: pytest.FixtureRequest) -> Playbook:
    return pipeline.build(ROOT / "city_config" / request.param, today=TODAY.date()).playbook


def marks(playbook: Playbook) -> list[PhaseMark]:
    assert playbook.city.roadmap
    return [PhaseMark(p.title, p.start, p.end, playbook.phase_status(p), playbook.phase_late(p))
            for p in playbook.city.roadmap.phases]


def year_boxes(chart: charts.Timeline) -> list[Box]:
    return [y.box for y in chart.years]


def crosses(x: float, pieces: list[tuple[float, float]], box: Box) -> bool:
    return any(box.x <= x <= box.x + box.width and y1 < box.y + box.height and box.y < y2 for y1, y2 in pieces)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_year_of_the_roadmap_has_its_label_and_no_two_labels_meet(playbook: Playbook, layout: str) -> None:
    chart = charts.timeline(marks(playbook), playbook.today, "today, 24 November 2026", **LAYOUTS[layout])
    assert [y.text for y in chart.years] == [str(y) for y in range(chart.start.year, chart.end.year + 1)]
    boxes = year_boxes(chart)
    assert all(b.x >= 0 and b.x + b.width <= chart.width for b in boxes)
    assert not [(a, b) for a, b in itertools.pairwise(boxes) if a.overlaps(b)]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_today_line_and_year_lines_cross_no_label(playbook: Playbook, layout: str) -> None:
    chart = charts.timeline(marks(playbook), playbook.today, "today, 24 November 2026", **LAYOUTS[layout])
    assert chart.today is not None and chart.today_segments, "the examples' roadmaps run through today"
    labels = [b.label for b in chart.bars] + year_boxes(chart)
    assert not [b for b in labels if crosses(chart.today, chart.today_segments, b)]
    label = chart.today_label
    assert label and label.x >= 0 and label.x + label.width <= chart.width
    assert not [b for b in labels if b.overlaps(chart.today_label)]
    for x, pieces in chart.boundaries:
        assert not [b for b in [*labels, chart.today_label] if crosses(x, pieces, b)]
    for bar in chart.bars:  # bars stay in the chart and clear of the label column or row
        assert bar.x >= 0 and bar.x + bar.width <= chart.width + 0.01
        assert (layout == "narrow" and bar.label.y + bar.label.height <= bar.y) or bar.label.x + bar.label.width < bar.x


def test_today_under_a_label_cuts_the_line_there_and_long_titles_wrap_whole() -> None:
    title = "A very long phase title that an editor wrote without thinking of the chart at all"
    phases = [PhaseMark(title, date(2024, 1, 1), date(2024, 12, 31), "done", False),
              PhaseMark("Next", date(2025, 1, 1), date(2026, 12, 31), "planned", False)]
    chart = charts.timeline(phases, date(2024, 3, 1), "today, 1 March 2024", width=350, label_width=0)
    first = chart.bars[0]
    assert " ".join(first.lines) == title and len(first.lines) > 1
    assert all(charts.text_width(line, chart.size) <= chart.width for line in first.lines)
    assert len(chart.today_segments) > 1, "the line stops at the labels it would cross"
    assert not [b.label for b in chart.bars if crosses(chart.today or 0, chart.today_segments, b.label)]


def test_a_phase_is_late_once_its_end_has_passed_unfinished(playbook: Playbook) -> None:
    assert playbook.city.roadmap
    for phase in playbook.city.roadmap.phases:
        status = playbook.phase_status(phase)
        assert playbook.phase_late(phase) == (phase.end < playbook.today and status not in ("done", "not-applicable"))
    if playbook.city.profile.name == "Northbridge":
        late = [p.id for p in playbook.city.roadmap.phases if playbook.phase_late(p)]
        assert late == ["phase-2"], "First services ended on 30 June 2026, still in progress"


@pytest.mark.parametrize(("low", "high"), [(38, 70), (3.5, 12), (4.5, 6.8), (1400, 4000), (45, 45), (-3, 2),
                                           (0.001, 0.004), (10**15 - 5, 10**15), (10**15 - 0.01, 10**15)])
def test_axis_values_are_round_and_cover_the_data(low: float, high: float) -> None:
    ticks = charts.nice_ticks(low, high)
    assert ticks[0] <= low and ticks[-1] >= high and 3 <= len(ticks) <= 7
    steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1


@pytest.mark.parametrize("size", [{}, {"width": 340, "height": 210}])
def test_indicator_charts_have_axes_and_room_for_their_labels(playbook: Playbook, size: dict[str, int]) -> None:
    assert playbook.city.benefits
    for indicator in playbook.city.benefits.indicators:
        chart = charts.indicator_chart(indicator, **size)
        values = [indicator.baseline.value, *(r.value for r in indicator.actuals), indicator.target.value]
        assert chart.y_ticks[-1][1] >= max(values) and chart.y_ticks[0][1] <= min(values)
        assert chart.x_ticks, indicator.id
        points = {"baseline": chart.measured[0], "latest": chart.latest, "target": chart.target}
        for name, point in points.items():
            assert chart.left <= point.x <= chart.right and chart.top <= point.y <= chart.bottom, name
            room = chart.size + 10  # the label's line above or below its point stays inside the plot
            if chart.above[name]:
                assert point.y - room >= chart.top - chart.size, (indicator.id, name)
            else:
                assert point.y + room <= chart.bottom, (indicator.id, name)


def test_benefit_map_columns_keep_apart_and_every_path_has_its_own_lane_and_ports(playbook: Playbook) -> None:
    chart = charts.benefit_map(playbook.chains, playbook.benefit_titles())
    node_width = chart.nodes[0].width
    gaps = [b - (a + node_width) for a, b in itertools.pairwise(chart.columns)]
    assert min(gaps) >= 48 and chart.columns[-1] + node_width <= chart.width + 0.01
    lanes: dict[int, set[str]] = {}
    for route in chart.routes:
        for column, path in enumerate(route.paths):
            lane = path.split("V")[0]  # each path starts with its vertical lane: M<x>,<y>V<y>
            x = float(lane[1:].split(",")[0])
            assert chart.columns[column] + node_width < x < chart.columns[column + 1], (route.index, column)
            assert lane.split(",")[0] not in lanes.setdefault(column, set()), "two paths share a lane"
            lanes[column].add(lane.split(",")[0])
    for node in [*chart.nodes, *(r.start for r in chart.routes)]:
        ports = list(node.ports.values())
        assert len(set(ports)) == len(ports) and all(node.y < y < node.y + node.height for y in ports)
    assert {r.index for r in chart.routes} == set(range(len(playbook.chains)))


def test_benefit_map_labels_are_wrapped_whole_never_cut(playbook: Playbook) -> None:
    titles = playbook.benefit_titles()
    long = "An initiative whose editor gave it a very long name, with every word of it meant to be read"
    titles[playbook.chains[0].initiative.id] = long
    chart = charts.benefit_map(playbook.chains, titles)
    for node in [*chart.nodes, *(r.start for r in chart.routes)]:
        assert " ".join(node.lines) == " ".join(titles[node.id].split()), node.id
        assert all(charts.text_width(line, chart.size) <= node.width - 16 for line in node.lines), node.id
        assert node.height >= 12 + chart.line * len(node.lines)
    assert len(chart.routes[0].start.lines) >= 5
