"""The tables ``bench_store.py`` prints: each engine's load, memory and queries, and ratios to the default.

A ratio is ``engine / default`` (>1: slower or bigger).  For an engine that
did not load, the load ratio is a lower bound (``>``): the seconds it ran
before it stopped, over the default's whole load; likewise for a query cut
at its deadline.
"""

from __future__ import annotations


def _cell(q: dict | None) -> str:
    if q is None or q.get("error"):
        return f"{'n/a' if q is None else q['error'][:20]:>22s}"
    if q.get("timeout"):
        return f"{'> ' + format(q['median_ms'] / 1000, '.0f') + ' s (cut)':>22s}"
    return f"{q['median_ms']:10.1f} ({q['first_ms']:8.1f})"


def _rows(name: str, base: dict, others: list[dict]) -> str:
    """The default's row count, and any engine that answered with another count (a wrong answer)."""
    want = base["queries"][name]["rows"]
    odd = [f"{r['engine']} {q['rows']}" for r in others
           if (q := r["queries"].get(name, {})).get("rows") is not None and q["rows"] != want]
    return f"{want}" + (f"  DIFFERS: {', '.join(odd)}" if odd else "")


def _ratio(a: float | None, b: float | None, cut: bool = False) -> str:
    """``a / b``; ``cut``: ``a`` is a deadline the engine ran past, so the ratio is a lower bound."""
    return f"{'—':>12s}" if not a or not b else f"{('>' if cut else '') + format(a / b, '.1f'):>11s}x"


def report(results: dict[str, dict], base_name: str = "persistent") -> None:
    engines = list(results)
    for e, r in results.items():
        if r["status"] != "ok":
            print(f"{e}: {r['status']} (got {r.get('triples_loaded')} triples in {r.get('at_s')} s, "
                  f"{r.get('triples_per_s')} triples/s; peak RSS {r['peak_rss_mb']} MB)")
            continue
        print(f"{e}: {r['triples']:,} triples, load {r['load_s']:.1f} s, peak {r['peak_rss_mb']} MB"
              + (f", reopen {r['reopen_s'] * 1000:.0f} ms" if r.get("reopen_s") is not None else "")
              + f", load average {r['loadavg_before'][0]} -> {r['loadavg_after'][0]}")
    ok = [e for e in engines if results[e]["status"] == "ok"]
    base = results.get(base_name) if base_name in ok else (results[ok[-1]] if ok else None)
    if base is None:
        return
    print(f"\n{'median ms (first ms)':32s}" + "".join(f"{e:>22s}" for e in ok) + "   rows")
    for name in base["queries"]:
        cells = "".join(_cell(results[e]["queries"].get(name)) for e in ok)
        print(f"{name:32s}{cells}   {_rows(name, base, [results[e] for e in ok])}")
    print(f"\nratio to {base['engine']} (>1 = slower / bigger)" + "".join(f"{e:>12s}" for e in engines))
    stopped = {e: results[e]["status"] != "ok" for e in engines}
    print(f"{'load s':44s}" + "".join(_ratio(results[e].get("load_s") or results[e].get("at_s"), base["load_s"],
                                             stopped[e]) for e in engines))
    print(f"{'peak RSS':44s}" + "".join(_ratio(results[e]["peak_rss_mb"], base["peak_rss_mb"], stopped[e])
                                        for e in engines))
    for name, q in base["queries"].items():
        mine = [results[e].get("queries", {}).get(name, {}) for e in engines]
        print(f"{name:44s}" + "".join(_ratio(m.get("median_ms") if not m.get("error") else None,
                                               q.get("median_ms"), bool(m.get("timeout"))) for m in mine))


