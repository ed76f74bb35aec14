"""Stage 4, derive: facts worked out once, for the reader at hand.

Enters: validated models, and the ``Reader`` (audience, client, region, country, zone, plan, time).
Leaves: the effective plan and governing coverage (``facts``), the clock's due times, timelines and RMA estimates
(``clock``), the line to call and the per-reader ``VendorView`` (``lines``, ``view``), audience rules, SLA/OLA
alignment, vendor lookup (``outage``) and the semantic diff. Outputs format these; they compute nothing.
"""
