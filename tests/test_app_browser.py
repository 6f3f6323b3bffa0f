"""End to end: the real ``streamlit run app.py`` in headless Debian Chromium, driven by Playwright.

Waits for each page to finish running (Streamlit's status widget gone and the
page's heading visible) before it reads the DOM and takes a screenshot into
``docs/``.  Skipped when Chromium is not installed (``scripts/install-browser``).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CHROMIUM = shutil.which("chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (run scripts/install-browser)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url():
    port = _free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"streamlit exited: {proc.stderr.read().decode()[-2000:]}")
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def settle(page, heading: str, timeout: float = 120_000) -> float:
    """Wait until the script finished (status widget gone) and ``heading`` shows; seconds waited."""
    t0 = time.perf_counter()
    page.get_by_role("heading", name=heading).first.wait_for(timeout=timeout)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)
    page.wait_for_timeout(400)  # charts draw after the script ends
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)
    return time.perf_counter() - t0


def shot(page, name: str) -> Path:
    DOCS.mkdir(exist_ok=True)
    path = DOCS / f"screenshot-{name}.png"
    page.screenshot(path=str(path))
    return path


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    pg = ctx.new_page()
    yield pg
    ctx.close()


def test_overview_renders_documents_and_map(app_url, page):
    page.goto(f"{app_url}/")
    settle(page, "概览 Overview")
    body = page.inner_text("body")
    assert "6 份文件 documents" in body and "5 个城市 cities" in body
    page.locator("[data-testid='stVegaLiteChart']").first.wait_for(timeout=30_000)  # drawn after the script ends
    assert shot(page, "overview").stat().st_size > 20_000


def test_programme_page_lists_five_cities(app_url, page):
    page.goto(f"{app_url}/programme?q=县管校聘")
    settle(page, "项目 Programme")
    page.get_by_role("heading", name="县管校聘").first.wait_for()
    body = page.inner_text("body")
    assert "5 个城市 cities" in body
    for city in ("晋城市", "忻州市", "抚顺市", "四平市", "承德市"):
        assert city in body
    page.set_viewport_size({"width": 1280, "height": 1250})  # the heading, the timeline and the first mentions
    page.get_by_text("各城市首次提及年份").first.scroll_into_view_if_needed()
    page.wait_for_timeout(600)
    shot(page, "programme")


def test_compare_page_lists_the_builds_similar_measures(app_url, page):
    page.goto(f"{app_url}/compare")
    settle(page, "比较城市 Compare cities")
    heading = page.get_by_text("最相似的措施 Most similar measures across these cities").first
    heading.scroll_into_view_if_needed()
    page.get_by_text("the graph's ep:similarTo links").first.wait_for(timeout=30_000)
    page.set_viewport_size({"width": 1280, "height": 1100})
    heading.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    frames = page.locator("[data-testid='stDataFrame']")
    assert frames.count() >= 3  # similarity, shared programmes … and the measure pairs
    shot(page, "compare")


def test_graph_page_draws_a_capped_network(app_url, page):
    page.goto(f"{app_url}/graph")
    settle(page, "关系图 Graph")
    assert "showing" in page.inner_text("body")
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    chart.wait_for()
    assert chart.bounding_box()["height"] > 300
    chart.scroll_into_view_if_needed()
    shot(page, "graph")


def test_source_link_scrolls_to_the_span(app_url, page):
    page.goto(f"{app_url}/city?city=承德市")
    settle(page, "城市 City")
    page.get_by_text("2020年工作总结").first.click()  # open the summary's expander
    link = page.locator("a[href*='sources?file='][href*='end=']:not([href*='end=0'])").first
    link.wait_for(timeout=10_000)
    href = link.get_attribute("href")
    page.goto(f"{app_url}/{href.removeprefix('./')}")
    settle(page, "原文 Sources")
    assert "选中 Selected" in page.inner_text("body")
    frame = page.frame_locator("iframe").first
    focus = frame.locator("#focus")
    focus.wait_for(state="attached")
    assert frame.locator("mark.focus").count() >= 1  # the measure's span is outlined
    shot(page, "sources")


def test_interaction_is_fast_once_cached(app_url, page):
    page.goto(f"{app_url}/city")
    settle(page, "城市 City")
    t0 = time.perf_counter()
    page.goto(f"{app_url}/targets")
    took = settle(page, "目标与成效 Targets and results")
    assert time.perf_counter() - t0 < 5, took
