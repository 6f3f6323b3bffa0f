"""The Streamlit explorer's pages and the plain functions behind them.

``app.py`` at the repository root is the router; each ``page_*`` module holds
one page.  ``store``, ``tables``, ``graphview`` and ``similarity`` never import
Streamlit, so they can be tested and reused without a running app.
"""
