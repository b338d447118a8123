"""Log-log line charts as SVG, with xml.etree only (no plotting library)."""

from __future__ import annotations

import itertools
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#637939",
)  # fmt: skip
FONT = "font-family:DejaVu Sans,Arial,sans-serif"


@dataclass
class Series:
    label: str
    points: list[tuple[float, float, bool]]  # (x, y, measured?); unmeasured = extrapolated
    dashed: bool = False


@dataclass
class Panel:
    title: str
    y_label: str
    series: list[Series] = field(default_factory=list)
    y_format: str = "seconds"  # seconds | bytes


def _decades(low: float, high: float) -> list[float]:
    start, stop = math.floor(math.log10(low)), math.ceil(math.log10(high))
    stop = max(stop, start + 1)
    return [10.0**k for k in range(start, stop + 1)]


def _label(value: float, kind: str) -> str:
    if kind == "bytes":
        for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
            if value >= size:
                return f"{value / size:g} {unit}"
        return f"{value:g} B"
    if kind == "seconds":
        return f"{value:g} s" if value >= 1 else f"{value * 1000:g} ms"
    return f"{value:g}"


def _panel(root: ET.Element, panel: Panel, top: float, size: tuple[float, float], x_range: tuple[float, float]) -> None:
    width, height = size
    left, right, bottom = 80.0, 300.0, 50.0
    plot_w, plot_h = width - left - right, height - bottom - 40
    plot_top = top + 30
    values = [y for s in panel.series for _, y, _ in s.points if y > 0]
    if not values:
        return
    y_ticks = _decades(min(values), max(values))
    x_ticks = _decades(*x_range)
    lx0, lx1 = math.log10(x_ticks[0]), math.log10(x_ticks[-1])
    ly0, ly1 = math.log10(y_ticks[0]), math.log10(y_ticks[-1])
    ly1 = ly1 if ly1 > ly0 else ly0 + 1

    def px(x: float) -> float:
        return left + (math.log10(x) - lx0) / (lx1 - lx0) * plot_w

    def py(y: float) -> float:
        return plot_top + plot_h - (math.log10(y) - ly0) / (ly1 - ly0) * plot_h

    ET.SubElement(
        root, "text", x=str(left), y=str(top + 18), style=f"{FONT};font-size:15px;font-weight:bold"
    ).text = panel.title
    ET.SubElement(
        root, "rect", x=str(left), y=str(plot_top), width=str(plot_w), height=str(plot_h), fill="none", stroke="#444"
    )
    for tick in x_ticks:
        x = px(tick)
        ET.SubElement(root, "line", x1=f"{x:.1f}", x2=f"{x:.1f}", y1=str(plot_top), y2=str(plot_top + plot_h),
                      stroke="#ddd")  # fmt: skip
        ET.SubElement(root, "text", x=f"{x:.1f}", y=str(plot_top + plot_h + 16),
                      style=f"{FONT};font-size:11px", attrib={"text-anchor": "middle"}).text = f"{tick:g}"  # fmt: skip
    for tick in y_ticks:
        y = py(tick)
        ET.SubElement(root, "line", x1=str(left), x2=str(left + plot_w), y1=f"{y:.1f}", y2=f"{y:.1f}", stroke="#ddd")
        ET.SubElement(root, "text", x=str(left - 6), y=f"{y + 4:.1f}", style=f"{FONT};font-size:11px",
                      attrib={"text-anchor": "end"}).text = _label(tick, panel.y_format)  # fmt: skip
    ET.SubElement(root, "text", x=f"{left + plot_w / 2:.1f}", y=str(plot_top + plot_h + 36),
                  style=f"{FONT};font-size:12px",
                  attrib={"text-anchor": "middle"}).text = "N articles (log)"  # fmt: skip
    ET.SubElement(root, "text", x="16", y=f"{plot_top + plot_h / 2:.1f}", style=f"{FONT};font-size:12px",
                  transform=f"rotate(-90 16 {plot_top + plot_h / 2:.1f})",
                  attrib={"text-anchor": "middle"}).text = panel.y_label  # fmt: skip

    # Guide: what linear growth looks like, through the first point of the first series.
    first = next((s.points[0] for s in panel.series if s.points), None)
    if first is not None:
        x0, y0, _ = first
        x1 = x_ticks[-1]
        y1 = y0 * x1 / x0
        if y1 > y_ticks[-1]:
            x1, y1 = x0 * y_ticks[-1] / y0, y_ticks[-1]
        ET.SubElement(root, "line", x1=f"{px(x0):.1f}", y1=f"{py(y0):.1f}", x2=f"{px(x1):.1f}", y2=f"{py(y1):.1f}",
                      stroke="#999", attrib={"stroke-dasharray": "2,3", "stroke-width": "1"})  # fmt: skip
        ET.SubElement(root, "text", x=f"{px(x1) - 4:.1f}", y=f"{py(y1) + 14:.1f}",
                      style=f"{FONT};font-size:10px;fill:#777",
                      attrib={"text-anchor": "end"}).text = "slope 1 (linear)"  # fmt: skip
    for index, series in enumerate(panel.series):
        color = PALETTE[index % len(PALETTE)]
        points = [(x, y, measured) for x, y, measured in series.points if y > 0]
        for (x0, y0, m0), (x1, y1, m1) in itertools.pairwise(points):
            dash = "5,4" if series.dashed or not (m0 and m1) else ""
            line = ET.SubElement(root, "line", x1=f"{px(x0):.1f}", y1=f"{py(y0):.1f}", x2=f"{px(x1):.1f}",
                                 y2=f"{py(y1):.1f}", stroke=color, attrib={"stroke-width": "2"})  # fmt: skip
            if dash:
                line.set("stroke-dasharray", dash)
        for x, y, measured in points:
            ET.SubElement(root, "circle", cx=f"{px(x):.1f}", cy=f"{py(y):.1f}", r="3.5", stroke=color,
                          fill=color if measured else "white", attrib={"stroke-width": "1.5"})  # fmt: skip
        legend_y = plot_top + 8 + index * 18
        legend_x = left + plot_w + 16
        ET.SubElement(root, "line", x1=str(legend_x), x2=str(legend_x + 22), y1=f"{legend_y:.1f}",
                      y2=f"{legend_y:.1f}", stroke=color, attrib={"stroke-width": "2"})  # fmt: skip
        ET.SubElement(root, "text", x=str(legend_x + 28), y=f"{legend_y + 4:.1f}",
                      style=f"{FONT};font-size:11px").text = series.label  # fmt: skip


def chart(panels: list[Panel], caption: str, width: float = 960, panel_height: float = 430) -> str:
    xs = [x for panel in panels for s in panel.series for x, _, _ in s.points]
    x_range = (min(xs), max(xs))
    height = panel_height * len(panels) + 40
    root = ET.Element("svg", xmlns="http://www.w3.org/2000/svg", width=str(width), height=str(height),
                      viewBox=f"0 0 {width} {height}")  # fmt: skip
    ET.SubElement(root, "rect", width="100%", height="100%", fill="white")
    for index, panel in enumerate(panels):
        _panel(root, panel, index * panel_height, (width, panel_height), x_range)
    ET.SubElement(root, "text", x="16", y=str(height - 14), style=f"{FONT};font-size:11px;fill:#555").text = caption
    ET.indent(root)
    return ET.tostring(root, encoding="unicode") + "\n"
