"""The explorer on the real app.py and the bundled corpus, through Streamlit's AppTest.

Each page is opened the way a link opens it (``?page=…``), must render without
an exception, and its key widgets must show what the corpus says: 县管校聘 is
named by all five cities (grep the corpus: every file names it), 承德 has two
documents (the 2020 summary and the 2021 plan in one file).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
CORPUS = ROOT / "corpus"
FIVE = {"晋城市", "忻州市", "抚顺市", "四平市", "承德市"}


def open_page(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["page"] = page
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def text_of(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [h.value for h in at.subheader]
    parts += [h.value for h in at.header] + [h.value for h in at.title]
    return "\n".join(parts)


def test_overview_lists_every_document_and_city():
    at = open_page("overview")
    assert at.title[0].value == "概览 Overview"
    docs = at.dataframe[0].value
    assert len(docs) == 6
    assert set(docs["city"]) == FIVE
    assert sorted(docs["kind"]) == ["plan"] * 5 + ["summary"]
    counts = at.dataframe[1].value.set_index("type")["count"]
    assert counts["City"] == 5 and counts["Measure"] > 150
    shared = at.dataframe[2].value
    assert shared["cities"].iloc[0] == 5 and "县管校聘" in set(shared["programme_label"])
    assert len(at.get("download_button")) >= 3


def test_city_page_shows_chengde_summary_and_plan():
    at = open_page("city")
    at.selectbox(key="city").set_value("承德市").run()
    assert not at.exception
    assert "承德市 · 2 份文件 documents" in text_of(at)
    titles = [e.label for e in at.expander if "项措施 measures" in e.label]
    assert len(titles) == 2
    assert any("工作总结 summary" in t for t in titles) and any("工作要点 plan" in t for t in titles)
    programmes = at.dataframe[0].value
    row = programmes[programmes["programme_label"] == "县管校聘"].iloc[0]
    assert set(row["other_cities"].split("、")) == FIVE - {"承德市"}


@pytest.mark.parametrize("query", ["县管校聘", "xgxp", "xianguanxiaopin", "county-managed"])
def test_programme_search_finds_county_managed_school_hired_in_all_five_cities(query):
    at = open_page("programme")
    at.text_input[0].set_value(query).run()
    assert not at.exception
    assert at.header[0].value.startswith("县管校聘")
    assert "5 个城市 cities" in text_of(at)
    mentions = at.dataframe[0].value
    assert set(mentions["city"]) == FIVE
    assert mentions["sentence"].str.contains("县管校聘").all()
    assert mentions["source"].str.startswith("./sources?file=").all()


def test_programme_search_says_when_nothing_matches():
    at = open_page("programme")
    at.text_input[0].set_value("没有这个项目zzz").run()
    assert not at.exception
    assert any("Nothing matches" in w.value for w in at.warning)


def test_compare_two_cities():
    at = open_page("compare")
    at.multiselect(key="compare").set_value(["承德市", "晋城市"]).run()
    assert not at.exception
    sim = at.dataframe[0].value
    assert len(sim) == 1 and 0 < sim["jaccard"].iloc[0] < 1
    shared = next(s.value for s in at.subheader if s.value.startswith("共同项目"))
    assert int(shared.rsplit("·", 1)[1]) > 5
    assert "县管校聘" in text_of(at)


def test_graph_page_caps_and_expands():
    at = open_page("graph")
    m = re.search(r"showing (\d+) / (\d+)", text_of(at))
    assert m and 0 < int(m.group(1)) <= int(m.group(2))
    at.number_input(key="graph-cap").set_value(20).run()
    at.slider(key="graph-depth").set_value(3).run()
    assert not at.exception
    m = re.search(r"showing (\d+) / (\d+)", text_of(at))
    assert int(m.group(1)) == 20 < int(m.group(2))
    assert "over the cap" in text_of(at)
    assert len(at.selectbox(key="graph-expand").options) > 1
    at.selectbox(key="graph-expand").select_index(1).run()
    at.button(key="graph-expand-go").click().run()
    assert not at.exception
    assert len(at.session_state["graph-expanded"]) == 2
    m2 = re.search(r"showing (\d+) / (\d+)", text_of(at))
    assert int(m2.group(2)) > int(m.group(2))  # the expanded node brought its own neighbours


def test_targets_page_groups_by_metric_and_pairs_result_with_next_target():
    at = open_page("targets")
    assert "承德市" in next(c.value for c in at.caption if "summary and the next year's plan" in c.value)
    by_metric = at.dataframe[0].value
    assert by_metric["rows"].sum() == len(at.dataframe[1].value)
    pairs = at.dataframe[2].value
    assert len(pairs) >= 1 and (pairs["year_target"] == pairs["year_result"] + 1).all()


def test_query_page_runs_sparql_and_refuses_updates():
    at = open_page("query")
    at.button(key="sparql-run").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("5 行 rows")
    assert len(at.dataframe[0].value) == 5
    at.text_area(key="sparql-text").set_value('INSERT DATA { <urn:a> <urn:b> "c" }').run()
    at.button(key="sparql-run").click().run()
    assert any("read-only" in e.value or "refused" in e.value for e in at.error)
    at.text_area(key="sparql-text").set_value("SELECT ?x WHERE { ?x").run()
    at.button(key="sparql-run").click().run()
    assert any("syntax" in e.value for e in at.error)


def test_query_page_saved_query_with_parameter():
    at = open_page("query")
    at.selectbox(key="sparql-example").set_value("programme_mentions").run()
    assert "?programme_param" in at.text_area(key="sparql-text").value
    at.text_input(key="sparql-param-programme_mentions-programme").set_value("县管校聘").run()
    at.button(key="sparql-run").click().run()
    assert not at.exception and not at.error
    assert set(at.dataframe[0].value["city"]) == FIVE


def test_sources_page_opens_at_a_span():
    at = open_page("programme", q="县管校聘")
    row = at.dataframe[0].value.iloc[0]
    link = parse_qs(urlsplit(row["source"]).query)  # the link the table shows, as a browser follows it
    file, start, end = link["file"][0], int(link["start"][0]), int(link["end"][0])
    assert text_of_file(file)[start:end].replace(" ", "") == row["surface"]
    at = open_page("sources", file=file, start=str(start), end=str(end))
    note = next(m.value for m in at.markdown if m.value.startswith("**选中 Selected**"))
    assert row["surface"] in note and "县管校聘" in note
    assert at.selectbox(key="src-file").value == file
    facts = at.dataframe[0].value
    assert {"programme", "department"} & set(facts["type"])


def text_of_file(name: str) -> str:
    from loaders.read import read

    return read(CORPUS / name, CORPUS).text


def test_add_document_rejects_garbage_and_changes_nothing(tmp_path):
    from explorer.page_add import analyse
    from kg.errors import KgError

    with pytest.raises(KgError):
        analyse("notes.txt", b"\x00\x01\x02 not a plan")


@pytest.mark.slow
def test_added_document_joins_the_session_graph_only():
    from explorer.page_add import analyse
    from explorer.store import Addition
    from explorer.ui import ADDITIONS

    # a real plan of the genre under another city's name: a new document, not a duplicate
    data = (CORPUS / "000_83ca8e01c31c7e70.txt").read_text(encoding="utf-8").replace("晋城", "长治")
    p = analyse("changzhi.txt", data.encode("utf-8"))
    assert list(p["documents"]["city"]) == ["长治市"] and p["triples"] > 1000
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state[ADDITIONS] = [Addition(p["name"], p["sha256"], p["ntriples"], p["raw"], "长治市")]
    at.query_params["page"] = "overview"
    at.run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 7 and "长治市" in set(at.dataframe[0].value["city"])
    assert len(open_page("overview").dataframe[0].value) == 6  # other sessions keep the base graph
    # the whole-graph summaries (ep:mentionCities, ep:adoptionRank …) are computed again for the session
    assert adopted_cities(at)["县管校聘"] == 6
    assert adopted_cities(open_page("overview"))["县管校聘"] == 5


def adopted_cities(at: AppTest) -> dict[str, int]:
    """``programme -> cities`` as the Query page's saved programmes_adopted query shows it (min 1 city)."""
    at.query_params["page"] = "query"
    at.run()
    at.selectbox(key="sparql-example").set_value("programmes_adopted").run()
    at.text_input(key="sparql-param-programmes_adopted-min_cities").set_value("1").run()
    at.text_input(key="sparql-param-programmes_adopted-limit").set_value("100000").run()
    at.button(key="sparql-run").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    rows = at.dataframe[0].value
    return dict(zip(rows["programme"], rows["cities"].astype(int), strict=True))


FORMATS = ROOT / "tests" / "data" / "formats"
MIME = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".pdf": "application/pdf"}


def upload(at: AppTest, path: Path) -> AppTest:
    """Upload ``path`` through the Add page's file uploader, as a browser would."""
    at.file_uploader(key="add-file").set_value((path.name, path.read_bytes(), MIME[path.suffix])).run()
    return at


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_upload_of_a_docx_or_pdf_plan_is_extracted_then_added(suffix):
    at = open_page("add")
    upload(at, FORMATS / f"002_ed8192ea9db54648{suffix}")
    assert not at.exception and not at.error, [e.value for e in at.error]
    found = at.dataframe[0].value
    from loaders.pipeline import load_file

    as_text = load_file(CORPUS / "002_ed8192ea9db54648.txt", CORPUS)  # the same plan, as the corpus has it
    assert list(found["city"]) == ["抚顺市"] and found["year"].iloc[0] == 2021
    assert list(found["measures"]) == [len(d.measures) for d in as_text]
    assert any("already in the graph (from 002_ed8192ea9db54648.txt)" in w.value for w in at.warning)
    counts = next(m.value for m in at.markdown if "triples" in m.value)
    assert "**program**" in counts and int(counts.rsplit("·", 1)[1].split()[0]) > 1000
    at.button(key="add-confirm").click().run()
    assert not at.exception
    added = [d.value for d in at.dataframe]
    assert any("file" in d and f"002_ed8192ea9db54648{suffix}" in set(d["file"]) for d in added)
    # the same plan in another format is the same document: the graph gains evidence, not a 7th document
    assert "图谱现有 6 份文件" in text_of(at)


def test_upload_of_a_scanned_pdf_says_why_and_changes_nothing():
    from explorer.ui import ADDITIONS

    at = open_page("add")
    upload(at, FORMATS / "sniff" / "scanned.pdf")
    assert not at.exception
    assert any("no text layer" in e.value and "nothing was changed" in e.value for e in at.error)
    assert not at.get("button") or all(b.key != "add-confirm" for b in at.button)
    assert ADDITIONS not in at.session_state or not at.session_state[ADDITIONS]
    assert "add-pending" not in at.session_state


needs_neo4j = pytest.mark.skipif(
    not __import__("os").environ.get("NEO4J_URI"),
    reason='NEO4J_URI not set: run eval "$(scripts/neo4j-dev start)" and `kg neo4j load corpus` first',
)


@pytest.fixture(scope="module")
def neo4j_corpus(corpus_graph):
    """The corpus graph in the Neo4j at NEO4J_URI, as `kg neo4j load corpus` leaves it."""
    from kg.stores.neo4j_store import Neo4jStore

    with Neo4jStore.from_env() as store:
        store.clear()
        store.load(corpus_graph)
    return corpus_graph


@pytest.mark.neo4j
@needs_neo4j
def test_query_page_runs_a_saved_cypher_query_on_neo4j_and_refuses_a_write(neo4j_corpus):
    at = open_page("query")
    at.selectbox(key="cypher-example").set_value("programme_mentions").run()
    assert "$programme" in at.text_area(key="cypher-text").value
    at.text_input(key="cypher-param-programme_mentions-programme").set_value("县管校聘").run()
    at.button(key="cypher-run").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    result = at.dataframe[0].value
    assert set(result["city"]) == FIVE and result["sentence"].str.contains("县管校聘").all()

    at.text_area(key="cypher-text").set_value("MATCH (n) DETACH DELETE n").run()
    at.button(key="cypher-run").click().run()
    assert any("refused" in e.value for e in at.error), [e.value for e in at.error]

    at.selectbox(key="cypher-example").set_value("—").run()
    at.text_area(key="cypher-text").set_value(
        "MATCH (c:City)<-[:CITY]-(d:PolicyDocument) RETURN c.label AS city, count(d) AS documents").run()
    at.button(key="cypher-run").click().run()
    cities = at.dataframe[0].value
    assert set(cities["city"]) == FIVE and cities["documents"].sum() == 6  # the refused write deleted nothing


def test_graph_labels_never_overlap_and_keep_what_was_expanded():
    import pandas as pd

    from explorer.graphview import labelled

    # two hubs on top of each other, one far away, a leaf in between
    nodes = pd.DataFrame({"id": ["hub", "twin", "far", "leaf"], "x": [0, 0.01, 1, 0.5], "y": [0, 0.01, 1, 0.5],
                          "degree": [9, 8, 3, 1]})
    assert labelled(nodes, 10) == ["hub", "far", "leaf"]  # the twin's label would sit on the hub's
    assert labelled(nodes, 10, keep=["twin"])[0] == "twin" and "hub" not in labelled(nodes, 10, keep=["twin"])
    assert labelled(nodes, 1) == ["hub"]


def test_every_fact_type_has_a_colour_and_label_on_the_sources_page():
    from explorer.highlight import COLOURS
    from explorer.tables import FACT_TYPES

    assert set(FACT_TYPES.values()) <= set(COLOURS)


def test_sources_page_highlights_topics():
    from explorer import highlight

    at = open_page("sources", file="004_1ac5cf17bd611ec8.txt")
    facts = next(d.value for d in at.dataframe if "type" in d.value and "surface" in d.value)
    topics = facts[facts["type"] == "topic"]
    assert "劳动教育" in set(topics["label"]), sorted(set(facts["type"]))
    assert "主题 topic" in highlight.legend()
    caption = next(c.value for c in at.caption if "characters" in c.value)
    assert f"{highlight.COLOURS['topic'][1]}: {len(topics)}" in caption
    row = topics[topics["label"] == "劳动教育"].iloc[0]
    text = text_of_file("004_1ac5cf17bd611ec8.txt")
    html = highlight.render(text, [highlight.Mark(int(row["start"]), int(row["end"]), "topic", "劳动教育")])
    assert f'<mark class="topic" title="劳动教育">{text[int(row["start"]):int(row["end"])]}</mark>' in html
