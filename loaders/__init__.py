"""Reading, normalising, segmenting and extracting: from files to model objects.

``loaders`` never imports neo4j or streamlit.
"""
