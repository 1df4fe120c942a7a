"""Visitor provenance (notebooks/01_provenance.ipynb): metrics.py (tables, report plan, queries),
narrative.py (findings in words), labels.py (categories, world areas, chart titles), view.py (the
live view). Registered in smq_analytics/topics/__init__.py."""
