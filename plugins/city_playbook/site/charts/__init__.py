"""Geometry for the build-time charts: status bars, roadmap timeline, benefit map, indicator
charts, the portfolio's heat map; one module per chart.

No chart library renders static, script-free SVG with our accessibility markup and no
outside requests, so the arithmetic is here and the SVG markup lives in templates. Each
chart has a text or table equivalent on the same page.
"""

from .bars import HeatCell, HeatMap, Segment, heat_map, status_bar
from .benefit_map import BenefitMapChart, Node, Route, benefit_map
from .indicators import ChartPoint, IndicatorChart, indicator_chart, nice_ticks
from .text import Box, text_width, wrap
from .timeline import Bar, PhaseMark, Timeline, YearLabel, clear_of, timeline

__all__ = ["Bar", "BenefitMapChart", "Box", "ChartPoint", "HeatCell", "HeatMap", "IndicatorChart", "Node",
           "PhaseMark", "Route", "Segment", "Timeline", "YearLabel", "benefit_map", "clear_of", "heat_map",
           "indicator_chart", "nice_ticks", "status_bar", "text_width", "timeline", "wrap"]
