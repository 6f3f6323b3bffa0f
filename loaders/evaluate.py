"""Score the extractor against the hand-written gold in ``tests/gold/``.

``evaluate(gold_dir, pairs)`` compares, per document and measure path:
programmes (surface overlap inside the same measure; precision per
(measure, entity) pair, as the gold has one entry per programme per measure,
and per mention as ``program mentions``), slogans (same, per mention),
citations (exact title, nested ones with their parent), targets
((path, value, unit), then metric / comparator / deadline accuracy), units
per measure and the measures themselves.  For programmes it also counts the
cross-city pairs of gold mentions with one canonical that the system links to
one entity, and the wrong links (one system entity, two gold canonicals).
Gold strings are compared without whitespace (the gold may keep a line's
spaces, 2021 年); quotes are ignored in surfaces.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import combinations
from pathlib import Path

from kg.errors import LoadError
from kg.model import Document, MentionKind
from loaders.lexicon import Lexicon, load_lexicon
from loaders.normalise import normalise_str
from loaders.resolve import resolve, title_key

__all__ = ["Score", "Report", "evaluate", "format_report"]


def _n(text: str | None) -> str:
    """Gold text as the extractor sees it: normalised like the corpus (t2s, NFKC…), no whitespace."""
    return "".join(normalise_str(text or "").split())


def _q(text: str | None) -> str:
    return _n(text).translate(str.maketrans("", "", "“”\"「」《》"))


@dataclass(frozen=True, slots=True)
class Score:
    tp_gold: int  # gold items found
    gold: int
    tp_sys: int  # system items that match a gold item
    sys: int

    @property
    def recall(self) -> float:
        return self.tp_gold / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.tp_sys / self.sys if self.sys else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class Report:
    scores: dict[str, Score]
    accuracy: dict[str, tuple[int, int]]  # attribute -> (right, compared)
    cross_city: tuple[int, int]  # (pairs linked, gold pairs)
    wrong_links: tuple[tuple[str, str, str], ...]  # (entity key, gold canonical a, b)
    missed: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def cross_city_share(self) -> float:
        linked, total = self.cross_city
        return linked / total if total else 1.0


def _load_gold(gold_dir: Path) -> dict[str, list[dict]]:
    out = {}
    for path in sorted(gold_dir.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            out[data["file"]] = data["documents"]
        except (ValueError, KeyError) as exc:
            raise LoadError(str(path), f"not a gold file: {exc}") from exc
    return out


def _pair_docs(gold: dict[str, list[dict]], pairs: Sequence[tuple[Document, object]]):
    """(gold document, system document index) for every gold document that has a system one."""
    by_file: dict[str, list[int]] = defaultdict(list)
    for i, (doc, _) in enumerate(pairs):
        by_file[doc.source.name.rsplit("/", 1)[-1]].append(i)
    out = []
    for name, gdocs in gold.items():
        cands = by_file.get(name, [])
        for k, g in enumerate(gdocs):
            same = [i for i in cands if pairs[i][0].kind.value == g.get("kind") and pairs[i][0].year == g.get("year")]
            pick = same[0] if same else (cands[k] if k < len(cands) else None)
            out.append((g, pick))
    return out


def _match_surfaces(gold_items, sys_items, measure_texts):
    """One-to-one matching of (path, surface) gold items to (path, start, end, text) system items."""
    used: set[int] = set()
    matched = {}
    for gi, g in enumerate(gold_items):
        text = measure_texts.get(g["path"], "")
        surf = _n(g["surface"])
        spots = [k for k in range(len(text)) if text.startswith(surf, k)] if surf else []
        for si, (path, a, b, stext) in enumerate(sys_items):
            if si in used or path != g["path"]:
                continue
            hit = any(a < k + len(surf) and k < b for k in spots) or (
                not spots and (_q(surf) in _q(stext) or _q(stext) in _q(surf))
            )
            if hit:
                used.add(si)
                matched[gi] = si
                break
    return matched


def _measure_texts(doc: Document) -> tuple[dict[str, str], dict[str, tuple[int, list[int]]]]:
    """Whitespace-free measure texts by path, and for each the map from raw to stripped offsets."""
    texts, maps = {}, {}
    for s in doc.sections:
        for m in s.measures:
            path = f"{s.ordinal}.{m.group or 0}.{m.ordinal}"
            pos, out, k = [], [], 0
            for c in m.text:
                pos.append(k)
                if not c.isspace():
                    out.append(c)
                    k += 1
            pos.append(k)
            texts[path] = "".join(out)
            maps[path] = (m.span.start, pos)
    return texts, maps


def _sys_items(ex, kind: MentionKind, maps) -> list[tuple[str, int, int, str, int]]:
    out = []
    for j, m in enumerate(ex.mentions):
        if m.kind is not kind:
            continue
        path = ".".join(map(str, m.measure))
        base, pos = maps.get(path, (0, None))
        if pos is None:
            continue
        a, b = m.span.start - base, m.span.end - base
        out.append((path, pos[a], pos[min(b, len(pos) - 1)], m.text, j))
    return out


def _per_measure_entity(sys_items, matched: set[int], res, i: int) -> tuple[int, int]:
    """System programmes counted like the gold (one per programme per measure):
    ``(pairs with a mention that matches gold, all (measure, entity) pairs)``.

    A measure that says 老年教育 twelve times names one thing; counting each
    repeat as a false positive measured the text's style, not the extractor.
    """
    groups: dict[tuple[str, str], bool] = {}
    for k, s in enumerate(sys_items):
        key = (s[0], res.assignments[(i, s[4])][0])
        groups[key] = groups.get(key, False) or k in matched
    return sum(groups.values()), len(groups)


def _dec(v) -> Decimal | None:
    try:
        return None if v is None else Decimal(str(v))
    except InvalidOperation:
        return None


def _metric_ok(gold: str | None, sys: str | None) -> bool:
    g, s = _n(gold), _n(sys)
    if not g or not s:
        return g == s
    return g in s or s in g or len(set(g) & set(s)) / len(set(g) | set(s)) >= 0.5


def _targets(g: dict, doc: Document, ex, acc: dict, missed: list) -> tuple[int, int, int, int]:
    sys = [(".".join(map(str, t.measure)), t) for t in ex.targets]
    used: set[int] = set()
    found = 0
    for gt in g.get("targets", []):
        k = next((k for k, (p, t) in enumerate(sys) if k not in used and p == gt["path"]
                  and t.value == _dec(gt["value"]) and _n(t.unit) == _n(gt["unit"])), None)
        if k is None:
            missed.append(f"{gt['path']} {gt.get('text')}")
            continue
        used.add(k)
        found += 1
        t = sys[k][1]
        for name, ok in (
            ("target.metric", _metric_ok(gt.get("metric"), t.metric)),
            ("target.comparator", (gt.get("comparator") or "") == t.comparator.value),
            ("target.deadline", _n(gt.get("deadline")) == _n(t.deadline)),
            ("target.value_max", _dec(gt.get("value_max")) == t.value_max),
        ):
            right, n = acc.get(name, (0, 0))
            acc[name] = (right + ok, n + 1)
    return found, len(g.get("targets", [])), len(used), len(sys)


def _citations(g: dict, ex, missed: list, texts: dict[str, str]) -> tuple[int, int, int, int]:
    sys = [(".".join(map(str, m.measure)), title_key(m.label or m.text), title_key(m.parent) if m.parent else None)
           for m in ex.mentions if m.kind is MentionKind.CITATION]
    used: set[int] = set()
    for gc in g.get("citations", []):
        want = (gc["path"], title_key(_n(gc["title"])), title_key(_n(gc["parent"])) if gc.get("parent") else None)
        k = next((k for k, s in enumerate(sys) if k not in used and s == want), None)
        if k is None:
            bracketed = "《" + _n(gc["title"]) in texts.get(gc["path"], "")
            missed.append(f"{g.get('city')} {gc['path']} 《{gc['title']}》" + ("" if bracketed else " (printed without 《》)"))
        else:
            used.add(k)
    return len(used), len(g.get("citations", [])), len(used), len(sys)


def _units(g: dict, doc: Document) -> tuple[int, int, int, int]:
    """Units per measure as printed (the gold's ``units`` include the collective phrases)."""
    gold = {(m["path"], _n(u)) for m in g.get("measures", []) for u in m.get("units", [])}
    sys = {(f"{s.ordinal}.{m.group or 0}.{m.ordinal}", _n(u.name))
           for s in doc.sections for m in s.measures for u in m.units}
    return len(gold & sys), len(gold), len(gold & sys), len(sys)


def _collective(g: dict, doc: Document) -> tuple[int, int, int, int]:
    """Which units are collective phrases (局各科室 …) rather than departments."""
    gold = {(m["path"], _n(u)) for m in g.get("measures", []) for u in m.get("collective_units", [])}
    sys = {(f"{s.ordinal}.{m.group or 0}.{m.ordinal}", _n(u.name))
           for s in doc.sections for m in s.measures for u in m.units if u.collective}
    return len(gold & sys), len(gold), len(gold & sys), len(sys)


def _add(tot: dict, name: str, score: tuple[int, int, int, int]) -> None:
    a = tot.get(name, (0, 0, 0, 0))
    tot[name] = tuple(x + y for x, y in zip(a, score))


def _entity_pairs(gold_links, report_pairs):
    """Cross-city pairs linked, and wrong links, from (city, canonical, entity key or None) per gold mention."""
    linked = total = 0
    for a, b in combinations(gold_links, 2):
        if a[1] == b[1] and a[0] != b[0]:
            total += 1
            linked += a[2] is not None and a[2] == b[2]
    wrong = {(a[2], *sorted((a[1], b[1]))) for a, b in combinations(gold_links, 2)
             if a[2] is not None and a[2] == b[2] and a[1] != b[1]}
    return (linked, total), tuple(sorted(wrong))


def evaluate(gold_dir: Path, pairs: Iterable[tuple[Document, object]], lexicon: Lexicon | None = None) -> Report:
    """Score ``pairs`` (``(document, Extraction)``) against the gold files of ``gold_dir``."""
    pairs = list(pairs)
    res = resolve(pairs, lexicon or load_lexicon())
    tot: dict[str, tuple[int, int, int, int]] = {}
    acc: dict[str, tuple[int, int]] = {}
    missed: dict[str, list[str]] = defaultdict(list)
    links = []
    for g, i in _pair_docs(_load_gold(Path(gold_dir)), pairs):
        if i is None:
            missed["documents"].append(f"{g.get('city')} {g.get('year')} {g.get('kind')}")
            continue
        doc, ex = pairs[i]
        texts, maps = _measure_texts(doc)
        gpaths = {m["path"] for m in g.get("measures", [])}
        _add(tot, "measures", (len(gpaths & texts.keys()), len(gpaths), len(gpaths & texts.keys()), len(texts)))
        for kind, key in ((MentionKind.PROGRAM, "programs"), (MentionKind.SLOGAN, "slogans")):
            gold_items, sys_items = g.get(key, []), _sys_items(ex, kind, maps)
            matched = _match_surfaces(gold_items, [s[:4] for s in sys_items], texts)
            if kind is MentionKind.PROGRAM:
                hit, groups = _per_measure_entity(sys_items, set(matched.values()), res, i)
                _add(tot, key, (len(matched), len(gold_items), hit, groups))
                key = "program mentions"
            _add(tot, key, (len(matched), len(gold_items), len(matched), len(sys_items)))
            missed[key] += [f"{g['city']} {x['path']} {x['surface']}" for k, x in enumerate(gold_items) if k not in matched]
            if kind is MentionKind.PROGRAM:
                for k, x in enumerate(gold_items):
                    ent = res.assignments[(i, sys_items[matched[k]][4])][0] if k in matched else None
                    links.append((g.get("city"), _q(x.get("canonical") or x["surface"]), ent))
        _add(tot, "citations", _citations(g, ex, missed["citations"], texts))
        _add(tot, "targets", _targets(g, doc, ex, acc, missed["targets"]))
        _add(tot, "units", _units(g, doc))
        _add(tot, "collective", _collective(g, doc))
    cross, wrong = _entity_pairs(links, None)
    return Report({k: Score(*v) for k, v in tot.items()}, acc, cross, wrong, {k: tuple(v) for k, v in missed.items()})


def format_report(r: Report) -> str:
    """A plain-text table of the report, for ``kg eval``."""
    w = max(10, *(len(n) for n in r.scores))
    lines = [f"{'':{w}} {'P':>6} {'R':>6} {'F1':>6}   gold  sys"]
    for name, s in r.scores.items():
        lines.append(f"{name:{w}} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}  {s.gold:5} {s.sys:4}")
    for name, (right, n) in r.accuracy.items():
        lines.append(f"{name:20} accuracy {right}/{n} = {right / n if n else 1:.3f}")
    linked, total = r.cross_city
    lines.append(f"programmes: cross-city gold pairs linked {linked}/{total} = {r.cross_city_share:.3f}")
    lines.append(f"programmes: wrong links {len(r.wrong_links)}")
    lines += [f"  wrong link {e}: {a} ≠ {b}" for e, a, b in r.wrong_links]
    return "\n".join(lines)
