"""Smoke tests of the real servers the project runs against, and of the scripts that run them.

The Neo4j and Fuseki tests need a server: ``eval "$(scripts/neo4j-dev start)"`` and
``eval "$(scripts/fuseki-dev start)"`` (scripts/test does both), or NEO4J_URI / FUSEKI_URL
pointing at any other server. Without them those tests are skipped, saying so.
"""

from __future__ import annotations

import os
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

ROOT = Path(__file__).resolve().parents[1]

NEO4J_URI = os.environ.get("NEO4J_URI")
FUSEKI_URL = os.environ.get("FUSEKI_URL")

needs_neo4j = pytest.mark.skipif(
    not NEO4J_URI, reason='NEO4J_URI not set: run eval "$(scripts/neo4j-dev start)" or point it at a Neo4j 5'
)
needs_fuseki = pytest.mark.skipif(
    not FUSEKI_URL, reason='FUSEKI_URL not set: run eval "$(scripts/fuseki-dev start)" or point it at a Fuseki dataset'
)

# Chinese literals on purpose: the corpus is Chinese, so the servers must round-trip it.
TURTLE = """\
@prefix ep: <https://w3id.org/edupolicy/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/edupolicy/test/m1> a ep:Measure ;
    rdfs:label "深化“双减”改革"@zh ;
    ep:ordinal 15 .
"""


def _neo4j_auth() -> tuple[str, str]:
    password = os.environ.get("NEO4J_PASSWORD")
    if not password:
        pytest.fail("NEO4J_URI is set but NEO4J_PASSWORD is not")
    return os.environ.get("NEO4J_USER", "neo4j"), password


@pytest.mark.neo4j
@needs_neo4j
def test_neo4j_answers_over_bolt_with_the_official_driver():
    import neo4j

    database = os.environ.get("NEO4J_DATABASE", "neo4j")
    with neo4j.GraphDatabase.driver(NEO4J_URI, auth=_neo4j_auth()) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one", database_=database)
        assert [r["one"] for r in records] == [1]
        records, _, _ = driver.execute_query(
            "RETURN $text AS text", text="晋城市教育局 工作要点", database_=database
        )
        assert records[0]["text"] == "晋城市教育局 工作要点"
        info = driver.get_server_info()
        assert info.agent.startswith("Neo4j/5."), info.agent


@pytest.mark.neo4j
@needs_neo4j
def test_neo4j_refuses_a_wrong_password():
    import neo4j

    user, password = _neo4j_auth()
    with neo4j.GraphDatabase.driver(NEO4J_URI, auth=(user, password + "-wrong")) as driver:
        with pytest.raises(neo4j.exceptions.AuthError):
            driver.verify_connectivity()


def _http(method: str, url: str, body: bytes | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.mark.fuseki
@needs_fuseki
def test_fuseki_graph_store_protocol_put_then_get():
    graph_iri = f"https://w3id.org/edupolicy/test/graph-{os.getpid()}"
    url = f"{FUSEKI_URL}?{urllib.parse.urlencode({'graph': graph_iri})}"
    try:
        status, _ = _http("PUT", url, TURTLE.encode("utf-8"), {"Content-Type": "text/turtle; charset=utf-8"})
        assert status in (200, 201, 204), status
        status, body = _http("GET", url, headers={"Accept": "text/turtle"})
        assert status == 200, status
        got = Graph().parse(data=body.decode("utf-8"), format="turtle")
        assert isomorphic(got, Graph().parse(data=TURTLE, format="turtle"))
    finally:
        _http("DELETE", url)
    status, _ = _http("GET", url, headers={"Accept": "text/turtle"})
    assert status == 404, "the test graph should be gone after DELETE"


def _script(name: str, command: str, services_dir: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, DEV_SERVICES_DIR=str(services_dir))
    return subprocess.run(
        [str(ROOT / "scripts" / name), command], env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("name", ["neo4j-dev", "fuseki-dev"])
def test_stop_leaves_a_process_that_is_not_ours_alone(tmp_path, name):
    """A recorded PID that now belongs to another program (PID reuse) is never killed."""
    stranger = subprocess.Popen(["sleep", "300"])
    try:
        state = tmp_path / name.removesuffix("-dev")
        state.mkdir()
        (state / "pid").write_text(f"{stranger.pid}\n")
        (state / "port").write_text("1\n")
        status = _script(name, "status", tmp_path)
        assert status.returncode == 3 and "not running" in status.stdout
        stop = _script(name, "stop", tmp_path)
        assert stop.returncode == 0, stop.stderr
        assert stranger.poll() is None, f"{name} stop killed a process it did not start"
        assert not (state / "pid").exists(), "a stale pid file should be removed"
    finally:
        stranger.kill()
        stranger.wait()
