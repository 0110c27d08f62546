"""Charts for the HTML run report, drawn as inline SVG strings (nothing to fetch, no JS).

Every text that comes from the data goes through `_esc`: the template inserts these strings
unescaped (`|safe`), so this module is where their escaping happens.
"""

from __future__ import annotations

import math
from html import escape

import networkx as nx

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
QUAD_COLOURS = {
    "verbal cooperation": "#56B4E9",
    "material cooperation": "#0072B2",
    "verbal conflict": "#E69F00",
    "material conflict": "#D55E00",
    "unclassified": "#999999",
}
EDGE_COLOURS = {"quotes": "#7f7f7f", "cooperation": "#0072B2", "conflict": "#D55E00"}
NODE_COLOURS = {
    "person": "#009E73",
    "country": "#CC79A7",
    "organization": "#0072B2",
    "group": "#E69F00",
    "location": "#999999",
}
SPACING = 62  # pixels between neighbouring actors in the network
FONT = "font-family='system-ui, sans-serif' font-size='11'"


def _esc(text) -> str:
    return escape(str(text), quote=True)


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    """Inline SVG in HTML needs no xmlns: the page holds no URL but its articles' links."""
    return (
        f"<svg viewBox='0 0 {width} {height}' width='{width}' "
        f"height='{height}' role='img' aria-label='{_esc(label)}' {FONT}>" + "".join(body) + "</svg>"
    )


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def hbar_chart(rows: list[tuple[str, float]], label: str, colour: str = "#0072B2", width: int = 560) -> str:
    """One horizontal bar per (name, value), longest first as given."""
    if not rows:
        return ""
    row_h, label_w, value_w = 20, 190, 60
    top = max(v for _, v in rows) or 1
    scale = (width - label_w - value_w) / top
    body = []
    for i, (name, value) in enumerate(rows):
        y = i * row_h
        body.append(
            f"<text x='{label_w - 6}' y='{y + 14}' text-anchor='end'>{_esc(name)}</text>"
            f"<rect x='{label_w}' y='{y + 3}' width='{max(value * scale, 1):.1f}' height='{row_h - 6}' "
            f"fill='{colour}'><title>{_esc(name)}: {_number(value)}</title></rect>"
            f"<text x='{label_w + value * scale + 4:.1f}' y='{y + 14}'>{_number(value)}</text>"
        )
    return _svg(width, len(rows) * row_h, body, label)


def line_chart(points: list[tuple[str, float]], label: str, width: int = 560, height: int = 150) -> str:
    """Values between 0 and 1 over ordered points (runs), the last one marked."""
    if not points:
        return ""
    left, right, top, bottom = 40, 10, 10, 24
    span_x = max(len(points) - 1, 1)
    plot_w, plot_h = width - left - right, height - top - bottom

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + plot_w * i / span_x, top + plot_h * (1 - v)

    body = [
        f"<line x1='{left}' y1='{top + plot_h * (1 - f)}' x2='{width - right}' y2='{top + plot_h * (1 - f)}' "
        f"stroke='#ddd'/><text x='{left - 4}' y='{top + plot_h * (1 - f) + 4}' text-anchor='end'>{f:.0%}</text>"
        for f in (0.0, 0.5, 1.0)
    ]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, (_, v) in enumerate(points)))
    body.append(f"<polyline points='{path}' fill='none' stroke='#0072B2' stroke-width='2'/>")
    for i, (name, v) in enumerate(points):
        x, y = xy(i, v)
        r, fill = (5, "#D55E00") if i == len(points) - 1 else (3, "#0072B2")
        body.append(
            f"<circle cx='{x:.1f}' cy='{y:.1f}' r='{r}' fill='{fill}'><title>{_esc(name)}: {v:.1%}</title></circle>"
        )
    body.append(f"<text x='{left}' y='{height - 6}'>{_esc(points[0][0])}</text>")
    if len(points) > 1:
        body.append(f"<text x='{width - right}' y='{height - 6}' text-anchor='end'>{_esc(points[-1][0])}</text>")
    return _svg(width, height, body, label)


def _legend(colours: dict[str, str], x: int, y: int, step: int = 150) -> list[str]:
    return [
        f"<rect x='{x + i * step}' y='{y}' width='10' height='10' fill='{c}'/>"
        f"<text x='{x + i * step + 14}' y='{y + 9}'>{_esc(name)}</text>"
        for i, (name, c) in enumerate(colours.items())
    ]


def stacked_bars(bins: list[str], series: dict[str, list[int]], label: str, width: int = 900, height: int = 220) -> str:
    """Counts per bin (a day or a month), stacked by series, with a legend above."""
    if not bins:
        return ""
    left, top, bottom = 40, 24, 28
    plot_w, plot_h = width - left - 10, height - top - bottom
    totals = [sum(s[i] for s in series.values()) for i in range(len(bins))]
    peak = max(totals) or 1
    bar_w = min(plot_w / len(bins), 48)  # a few bins stay bars, not slabs
    body = _legend({k: QUAD_COLOURS.get(k, "#999") for k in series}, left, 4)
    body.append(
        f"<text x='{left - 4}' y='{top + 8}' text-anchor='end'>{peak}</text>"
        f"<line x1='{left}' y1='{top + plot_h}' x2='{width - 10}' y2='{top + plot_h}' stroke='#999'/>"
    )
    for i, name in enumerate(bins):
        y = top + plot_h
        for kind, counts in series.items():
            h = plot_h * counts[i] / peak
            if h:
                y -= h
                body.append(
                    f"<rect x='{left + i * bar_w:.1f}' y='{y:.1f}' width='{max(bar_w - 1, 1):.1f}' "
                    f"height='{h:.1f}' fill='{QUAD_COLOURS.get(kind, '#999')}'>"
                    f"<title>{_esc(name)} {_esc(kind)}: {counts[i]}</title></rect>"
                )
    every = max(1, math.ceil(len(bins) / 8))
    for i in range(0, len(bins), every):
        body.append(f"<text x='{left + i * bar_w:.1f}' y='{height - 8}'>{_esc(bins[i])}</text>")
    return _svg(width, height, body, label)


def _graph(node_ids: list[str], edges: list[dict]) -> nx.Graph:
    """Undirected for the layout: both directions of a pair add up, log-scaled so one busy
    pair does not pull everything in."""
    graph = nx.Graph()
    graph.add_nodes_from(sorted(node_ids))
    for e in sorted(edges, key=lambda e: (e["source"], e["target"])):
        a, b = e["source"], e["target"]
        earlier = graph.edges[a, b]["weight"] if graph.has_edge(a, b) else 0
        graph.add_edge(a, b, weight=earlier + 1 + math.log(e["weight"]))
    return graph


def _component_layout(graph, nodes: set, seed: int, max_side: float) -> dict[str, tuple[float, float]]:
    """One connected component, in pixels: a spring layout with a fixed seed on sorted
    nodes (the same warehouse gives the same picture); a pair stands one above the other,
    so its labels, which run right, do not cross."""
    if len(nodes) <= 2:
        return {n: (0.0, i * 36.0) for i, n in enumerate(sorted(nodes))}
    side = SPACING * 1.9 * math.sqrt(len(nodes))
    box_w, box_h = min(side * 1.5, max_side), side  # wider than high: labels run right
    # a fresh graph in sorted order: a subgraph view iterates its node set in hash order
    sub = nx.Graph()
    sub.add_nodes_from(sorted(nodes))
    sub.add_weighted_edges_from(sorted((min(a, b), max(a, b), w) for a, b, w in graph.edges(nodes, data="weight")))
    pos = nx.spring_layout(sub, seed=seed, k=2.0 / math.sqrt(len(nodes)), iterations=200, weight="weight")
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    # each axis fills the box: a long, thin layout would crowd its labels
    span_x, span_y = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1
    return {n: ((x - min(xs)) / span_x * box_w, (y - min(ys)) / span_y * box_h) for n, (x, y) in pos.items()}


def _packed_layout(
    node_ids: list[str], edges: list[dict], extent: dict[str, float], width: float, seed: int = 7
) -> dict[str, tuple[float, float]]:
    """Components laid out apart and packed in rows of `width` pixels, the largest first
    (one spring layout over a graph in pieces spreads the pieces and crowds the big one);
    `extent` is how far each node's label runs right of it."""
    graph = _graph(node_ids, edges)
    gap, x0, y0, row_h, placed = 40.0, 0.0, 0.0, 0.0, {}  # room for the largest circles
    for comp in sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c))):
        part = _component_layout(graph, comp, seed, width - max(extent[n] for n in comp))
        w = max(x + extent[n] for n, (x, _) in part.items())
        h = max(y for _, y in part.values())
        if x0 > 0 and x0 + w > width:
            x0, y0, row_h = 0.0, y0 + row_h + gap, 0.0
        placed |= {n: (x0 + x, y0 + y) for n, (x, y) in part.items()}
        x0, row_h = x0 + w + gap, max(row_h, h)
    return placed


def _radius(mentions: int) -> float:
    return min(4 + 1.6 * math.sqrt(mentions), 20)


def _edge(e: dict, a: tuple, b: tuple, r_target: float) -> str:
    """A curved arrow from a to b, bent to one side so A->B and B->A stay apart."""
    (x1, y1), (x2, y2) = a, b
    dx, dy = x2 - x1, y2 - y1
    cx, cy = (x1 + x2) / 2 - dy * 0.12, (y1 + y2) / 2 + dx * 0.12
    # stop at the target's rim, along the last leg of the curve
    lx, ly = x2 - cx, y2 - cy
    leg = math.hypot(lx, ly) or 1
    ex, ey = x2 - lx / leg * (r_target + 2), y2 - ly / leg * (r_target + 2)
    width = min(1 + 1.2 * math.log(e["weight"] + 1), 6)
    return (
        f"<path d='M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}' fill='none' "
        f"stroke='{EDGE_COLOURS[e['kind']]}' stroke-opacity='0.7' stroke-width='{width:.1f}' "
        f"marker-end='url(#arrow-{e['kind']})'><title>{_esc(e['detail'])}</title></path>"
    )


def _markers() -> str:
    return (
        "<defs>"
        + "".join(
            f"<marker id='arrow-{kind}' viewBox='0 0 10 10' refX='9' refY='5' markerWidth='7' markerHeight='7' "
            f"markerUnits='userSpaceOnUse' orient='auto'><path d='M0,0 L10,5 L0,10 z' fill='{c}'/></marker>"
            for kind, c in EDGE_COLOURS.items()
        )
        + "</defs>"
    )


def network_chart(nodes: list[dict], edges: list[dict], label: str, width: int = 1000) -> str:
    """Actors (id, name, actor_type, mentions) and weighted directed edges (source, target,
    weight, kind, detail): circle size by mentions, colour by type, arrow colour by kind."""
    if not edges:
        return ""
    radius = {n["id"]: _radius(n["mentions"]) for n in nodes}
    extent = {n["id"]: radius[n["id"]] + 4 + 6.4 * len(n["name"]) for n in nodes}  # ~6.4 px a character
    pos = _packed_layout([n["id"] for n in nodes], edges, extent, width - 40)
    pos = {k: (x + 20, y + 44) for k, (x, y) in pos.items()}  # below the legend
    height = int(max(y for _, y in pos.values()) + 30)
    body = [_markers(), *_legend(EDGE_COLOURS, 10, 4, 110), *_legend(NODE_COLOURS, 360, 4, 105)]
    body += [_edge(e, pos[e["source"]], pos[e["target"]], radius[e["target"]]) for e in edges]
    for n in sorted(nodes, key=lambda n: n["id"]):
        x, y = pos[n["id"]]
        r = radius[n["id"]]
        body.append(
            f"<circle cx='{x:.1f}' cy='{y:.1f}' r='{r:.1f}' fill='{NODE_COLOURS.get(n['actor_type'], '#999')}' "
            f"stroke='#fff'><title>{_esc(n['name'])} ({_esc(n['actor_type'])}): {n['mentions']} mentions"
            f"</title></circle>"
        )
    for n in sorted(nodes, key=lambda n: n["id"]):
        x, y = pos[n["id"]]
        body.append(
            f"<text x='{x + radius[n['id']] + 2:.1f}' y='{y + 4:.1f}' stroke='#fff' stroke-width='3' "
            f"paint-order='stroke'>{_esc(n['name'])}</text>"
        )
    return _svg(width, height, body, label)
