"""Render :func:`kg.analytics.report.summarise` as one self-contained HTML page.

Inline CSS and inline SVG drawn here: no script, no font, no CDN, so the file
opens anywhere, offline, and can be mailed as it is.  Every string from the
graph goes through :func:`html.escape`.
"""

from __future__ import annotations

from html import escape
from typing import Any

__all__ = ["render_html"]

_CSS = """
body{font:14px/1.45 system-ui,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:2em auto;max-width:1100px;color:#222}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;margin-top:2em}
table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #ddd;padding:3px 6px;vertical-align:top}
th{background:#f4f4f4;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
.note{color:#666;font-size:.9em}svg text{font-size:11px;font-family:inherit}
"""
_COLOURS = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1")


def _table(columns: list[str], rows: list[list[Any]], limit: int | None = None) -> str:
    shown = rows if limit is None else rows[:limit]
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(_cell(v) for v in row) + "</tr>" for row in shown)
    more = f'<p class="note">{len(rows) - len(shown)} more rows in the JSON output.</p>' if len(shown) < len(rows) else ""
    return f"<table><tr>{head}</tr>{body}</table>{more}" if rows else '<p class="note">none</p>'


def _cell(v: Any) -> str:
    if isinstance(v, float):
        return f'<td class="n">{v:.3g}</td>' if abs(v) < 1e4 else f'<td class="n">{v:,.0f}</td>'
    if isinstance(v, int):
        return f'<td class="n">{v}</td>'
    return f"<td>{escape('' if v is None else str(v))}</td>"


def bar_chart(items: list[tuple[str, float]], width: int = 640, bar: int = 16) -> str:
    """Horizontal bars, one per (label, value); labels on the left."""
    if not items:
        return ""
    top = max(v for _, v in items) or 1
    left, h = 230, bar * len(items) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{h}" role="img">']
    for i, (label, v) in enumerate(items):
        y, w = 5 + i * bar, (width - left - 50) * v / top
        parts.append(f'<text x="{left - 6}" y="{y + bar - 5}" text-anchor="end">{escape(label[:24])}</text>'
                     f'<rect x="{left}" y="{y + 2}" width="{w:.1f}" height="{bar - 4}" fill="{_COLOURS[0]}"/>'
                     f'<text x="{left + w + 4:.1f}" y="{y + bar - 5}">{v:g}</text>')
    return "".join(parts) + "</svg>"


def line_chart(series: dict[str, list[list[int]]], width: int = 640, height: int = 240) -> str:
    """Step-free line chart of cumulative counts by year, one line per series, with a legend."""
    points = [p for s in series.values() for p in s]
    if not points:
        return ""
    xs = sorted({p[0] for p in points})
    ymax = max(p[1] for p in points) or 1
    left, bottom, right = 40, height - 30, width - 200

    def x(year: int) -> float:
        return left + (right - left) * (xs.index(year) / max(1, len(xs) - 1))

    def y(v: int) -> float:
        return bottom - (bottom - 10) * v / ymax

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">',
             f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#999"/>',
             f'<line x1="{left}" y1="10" x2="{left}" y2="{bottom}" stroke="#999"/>',
             f'<text x="{left - 6}" y="14" text-anchor="end">{ymax}</text>']
    parts += [f'<text x="{x(yr):.1f}" y="{bottom + 15}" text-anchor="middle">{yr}</text>' for yr in xs]
    for i, (name, pts) in enumerate(series.items()):
        colour = _COLOURS[i % len(_COLOURS)]
        path = " ".join(f"{x(a):.1f},{y(b):.1f}" for a, b in pts)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts.append(f'<text x="{right + 10}" y="{20 + 16 * i}" fill="{colour}">{escape(name[:22])}</text>')
    return "".join(parts) + "</svg>"


def heatmap(cities: list[str], score: dict[tuple[str, str], float], cell: int = 34) -> str:
    """City × city grid shaded by score (darker = more alike), value in each cell."""
    if not cities:
        return ""
    left = 80
    size = left + cell * len(cities)
    top = max(score.values(), default=0) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size + 10}" height="{size + 10}" role="img">']
    for i, c in enumerate(cities):
        parts.append(f'<text x="{left - 4}" y="{left + cell * i + cell / 2 + 4}" text-anchor="end">{escape(c)}</text>')
        parts.append(f'<text x="{left + cell * i + cell / 2}" y="{left - 6}" text-anchor="middle" '
                     f'transform="rotate(-45 {left + cell * i + cell / 2} {left - 6})">{escape(c)}</text>')
        for j, d in enumerate(cities):
            v = 1.0 if c == d else score.get((c, d), score.get((d, c), 0.0))
            shade = 1 if c == d else v / top
            parts.append(f'<rect x="{left + cell * j}" y="{left + cell * i}" width="{cell}" height="{cell}" '
                         f'fill="rgb(78,121,167)" fill-opacity="{shade:.2f}" stroke="#fff"/>')
            if c != d:
                parts.append(f'<text x="{left + cell * j + cell / 2}" y="{left + cell * i + cell / 2 + 4}" '
                             f'text-anchor="middle">{v:.2f}</text>')
    return "".join(parts) + "</svg>"


def _sections(r: dict[str, Any]) -> list[str]:
    c = r["counts"]
    adopted = r["adoption"]
    pairs = r["city_pairs"]
    cities = sorted({p["a"] for p in pairs} | {p["b"] for p in pairs})
    out = [f"<p>{c['cities']} cities, {c['documents']} documents ({', '.join(map(str, c['years']))}), "
           f"{c['measures']} measures, {c['programmes']} programmes named {c['mentions']} times, "
           f"{c['quantities']} targets and results.</p>",
           "<h2>Adoption</h2><p>Programmes by the number of cities that name them.</p>",
           bar_chart([(a["label"], a["reach"]) for a in adopted[:20]]),
           _table(["programme", "cities", "first year", "provinces", "cities (first year)"],
                  [[a["label"], a["reach"], a["first_year"], "、".join(a["provinces"]),
                    "、".join(f"{x['city']} {x['year']}" for x in a["cities"])] for a in adopted], 60),
           "<h3>Diffusion</h3><p>Cumulative number of cities by year: the corpus's coverage and the top programmes.</p>",
           line_chart({"cities with a document": r["diffusion"]["corpus"], **r["diffusion"]["programmes"]}),
           "<h3>Programmes new in a later year, in order of adoption</h3>",
           _table(["programme", "first year", "cities in order", "documents before, silent"],
                  [[n["label"], n["first_year"], " → ".join(f"{x['city']} {x['year']}" for x in n["order"]),
                    "、".join(n["silent_before"])] for n in r["new_programmes"]], 40),
           "<h2>Cities that plan alike</h2><p>Weighted Jaccard over programme sets "
           "(programmes every city names count little).</p>",
           heatmap(cities, {(p["a"], p["b"]): p["weighted"] for p in pairs}),
           _table(["city", "city", "Jaccard", "weighted", "most distinctive shared programmes"],
                  [[p["a"], p["b"], p["jaccard"], p["weighted"], "、".join(p["shared"][:8])] for p in pairs], 60),
           "<h3>Communities (Louvain, fixed seed)</h3>",
           _table(["community", "cities"], [[i + 1, "、".join(g)] for i, g in enumerate(r["communities"])]),
           "<h3>Shortest chains of shared programmes</h3>",
           _table(["from", "to", "chain"], [[x["a"], x["b"], " — ".join(x["chain"])] for x in r["chains"]], 60)]
    return out


def _sections_2(r: dict[str, Any]) -> list[str]:
    links = r["similar_measures"]
    from kg.analytics.ann import PROBES
    from kg.analytics.textsim import EXACT_MAX

    out = ["<h2>Centrality</h2><h3>Programmes (named together in one measure)</h3>",
           "<p>Betweenness and degree exact (Brandes' algorithm, rustworkx).</p>",
           _table(["programme", "betweenness", "degree", "co-named with"],
                  [[x["label"], x["betweenness"], x["degree"], x["neighbours"]] for x in r["programme_centrality"]]),
           "<h3>Departments (responsible for measures naming programmes)</h3>",
           "<p>Scored in each city's own department–programme graph; betweenness and degree exact.</p>",
           _table(["department", "city", "betweenness", "degree", "programmes"],
                  [[x["label"], x["city"], x["betweenness"], x["degree"], x["neighbours"]]
                   for x in r["department_centrality"]]),
           f"<h2>Similar measures across cities</h2><p>Character 2-3-gram TF-IDF cosine ≥ {links['threshold']}, "
           f"top {links['k']} per measure: {len(links['links'])} links. Every pair scored up to {EXACT_MAX} measures; "
           f"beyond, each measure is scored exactly against the members of the {PROBES} k-means lists (built on an "
           "SVD projection) nearest to it, so every score is an exact cosine and a close pair in lists apart can be "
           "missed.</p>",
           _table(["score", "city", "measure", "city", "measure"],
                  [[x["score"], f"{x['a']['city']} {x['a']['year']}", f"{x['a']['path']} {x['a']['title']}",
                    f"{x['b']['city']} {x['b']['year']}", f"{x['b']['path']} {x['b']['title']}"]
                   for x in links["links"]], 80),
           "<h2>Targets and results by metric</h2>"]
    for t in r["metrics"]:
        levels = [x for x in t["rows"] if not x["change"]]
        unit = levels[0]["base_unit"] if levels else ""
        bars = [(f"{x['city']} {x['year']} {'目标' if x['kind'] == 'target' else '完成'}", x["comparable"])
                for x in levels if x["base_unit"] == unit]
        out += [f"<h3>{escape(t['label'])}</h3>", bar_chart(bars) if len(bars) > 1 else "",
                _table(["city", "year", "kind", "comparator", "as written", "comparable", "wording", "measure"],
                       [[x["city"], x["year"], x["kind"], x["comparator"], f"{x['value']:g}{x['unit']}",
                         f"{x['comparable']:g} {x['base_unit']}" + (" (change)" if x["change"] else ""),
                         x["wording"], x["path"]] for x in t["rows"]])]
    out += ["<h2>Last year's result against this year's target</h2>",
            _table(["city", "metric", "result year", "result", "target year", "target", "comparator", "unit", "gap"],
                   [[x["city"], x["metric"], x["result_year"], x["result"], x["target_year"], x["target"],
                     x["comparator"], x["base_unit"], x["gap"]] for x in r["result_vs_target"]])]
    return out


def render_html(report: dict[str, Any], title: str = "Education policy analytics") -> str:
    """The whole report as one HTML string."""
    body = "\n".join(_sections(report) + _sections_2(report))
    return (f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{_CSS}</style></head><body><h1>{escape(title)}</h1>\n{body}\n</body></html>\n")
