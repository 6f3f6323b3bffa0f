"""Explorer speed: cold start (graph opened or built, first page drawn) and cached interactions.

Runs the real app.py through Streamlit's AppTest in this process::

    .venv/bin/python benchmarks/bench_app.py            # opens .kg/store when fresh
    EDUPOLICY_REBUILD=1 .venv/bin/python benchmarks/bench_app.py   # builds from corpus/
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = ["overview", "city", "programme", "compare", "graph", "targets", "query", "sources", "add"]


def timed(at: AppTest) -> float:
    """Seconds the page script took, as the app reports it (AppTest's own polling adds ~0.1-1 s)."""
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    note = next(c.value for c in at.sidebar.caption if "page drawn in" in c.value)
    return float(note.split("page drawn in ")[1].split(" ms")[0]) / 1000


def open_page(page: str) -> tuple[AppTest, float]:
    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params["page"] = page
    return at, timed(at)


def main() -> None:
    t0 = time.perf_counter()
    open_page("overview")
    print(f"cold start (imports, graph opened or built, overview drawn): {time.perf_counter() - t0:.2f} s")
    for page in PAGES:
        firsts = [open_page(page)[1] for _ in range(3)]
        print(f"  {page:<10} page load, cached: median {statistics.median(firsts) * 1000:.0f} ms (first {firsts[0] * 1000:.0f} ms)")
    at, _ = open_page("city")
    steps = {"pick 承德市": lambda: at.selectbox(key="city").set_value("承德市")}
    for name, act in steps.items():
        act()
        print(f"  interaction {name}: {timed(at) * 1000:.0f} ms")
    at, _ = open_page("programme")
    for q in ("县管校聘", "xgxp", "county"):
        at.text_input[0].set_value(q)
        print(f"  interaction search {q}: {timed(at) * 1000:.0f} ms")
    at, _ = open_page("graph")
    at.slider(key="graph-depth").set_value(3)
    print(f"  interaction graph depth 3: {timed(at) * 1000:.0f} ms")
    at.selectbox(key="graph-expand").select_index(1)
    at.button(key="graph-expand-go").click()
    print(f"  interaction graph expand: {timed(at) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
