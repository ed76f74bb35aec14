"""Calendar arithmetic for outage answers: when a duration runs out on a coverage calendar (:mod:`.due`), the
escalation timeline of a case (:mod:`.timeline`, ``escdir when``), RMA delivery and return (:mod:`.rma`,
``escdir rma``), and reading and showing moments in the user's zone (:mod:`.times`). Finding a vendor is in
:mod:`escdir.derive.outage`; text and JSON forms are in :mod:`escdir.present.reporting`.
"""
