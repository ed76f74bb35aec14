"""Stage 5, present: formatting the derived view for people.

Enters: models and the per-reader view from ``derive``.
Leaves: HTML pages (the one Jinja environment, vendor/home/A–Z/client pages, flowcharts), the search index's
files, and terminal/JSON/GitHub reports (``reporting``).
"""
