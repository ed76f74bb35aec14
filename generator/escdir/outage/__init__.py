"""The outage toolkit: find a vendor fast, print its quick card, and compute timelines.

Modules, in data-flow order: :mod:`.index` (which file is which vendor, cached safely),
:mod:`.find` (fuzzy matching), :mod:`.lookup` (index → match → one validated vendor, with :mod:`.checked` caching its outcome),
:mod:`.card` (terminal quick card), :mod:`.clock` (business-time arithmetic),
:mod:`.timeline` (``escdir when``), :mod:`.rma` (``escdir rma``); their text and JSON forms are in :mod:`escdir.reporting`.
"""
