"""edupolicy-kg: a knowledge graph of Chinese city education plans and summaries."""

__version__ = "0.1.0"
