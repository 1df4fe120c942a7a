"""Metrics: one module per topic. Each function takes a Scope and returns small frames with the
confidentiality rules already applied (see smq_analytics.privacy)."""
