"""Website analytics (notebooks/04_web.ipynb): metrics.py (data basis, monthly traffic beside
attendance, engagement), dimension.py (one source and grain per museum-year for a web_metrics
dimension), channels.py (acquisition channels), pages.py (landing pages, small ones folded),
ticketing.py (key events, the cross-domain check), continuity.py (UA and GA4 side by side, the GA4/UA
ratio), peers_web.py (the museum against its peer groups), narrative.py (findings in words),
labels.py (channel names, sources, caveats, titles), view.py (the live view).
Registered in smq_analytics/topics/__init__.py; docs/ARCHITECTURE.md, « Topics », Web."""
