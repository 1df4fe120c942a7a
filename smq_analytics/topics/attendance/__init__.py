"""Attendance (notebooks/03_attendance.ipynb): metrics.py (monthly series, fiscal years, mix,
targets), narrative.py (findings in words), labels.py (chart titles, parts, colours), view.py (the
live view). Sections 6 to 9, the survey season beside attendance: survey.py (the season of a fiscal
year, its responses, weights and disclosure plan), desk.py (desk counts beside the survey),
visitors.py (visitors by category, tourism role), footprint.py (travel footprint) with
emission_factors.py (data/reference/emission_factors.csv), survey_narrative.py and survey_charts.py.
Registered in smq_analytics/topics/__init__.py."""
