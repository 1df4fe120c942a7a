"""Attendance (notebooks/03_attendance.ipynb): metrics.py (monthly series, fiscal years, mix,
targets), narrative.py (findings in words), labels.py (chart titles, parts, colours), view.py (the
live view). Registered in smq_analytics/topics/__init__.py."""
