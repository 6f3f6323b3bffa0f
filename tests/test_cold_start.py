"""The explorer's first page imports only what it draws with: heavy libraries wait for the page that needs them.

Measured with ``python -X importtime``: under load altair took 1.5-5 s, rdflib
0.5-0.8 s, scikit-learn and spaCy seconds each.  A fresh interpreter imports
what ``app.py`` imports before the first page is drawn (the router, the store,
the manifest check, the Overview page) and must not have pulled any of them in.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFERRED = ("altair", "rdflib", "sklearn", "scipy", "spacy", "neo4j", "pyshacl", "networkx", "rich")


def test_first_page_imports_none_of_the_heavy_libraries():
    code = (
        "import sys, json\n"
        "import explorer.ui, explorer.store, explorer.page_overview, kg.manifest\n"
        "from pathlib import Path\n"
        "kg.manifest.matches(Path('.kg/never-built'), [Path('corpus')])\n"
        f"print(json.dumps(sorted(m for m in {DEFERRED!r} if m in sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
