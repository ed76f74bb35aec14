"""Finding a vendor fast in an outage: :mod:`.index` (which file is which vendor, cached safely), :mod:`.find`
(fuzzy matching), :mod:`.lookup` (index → match → one validated vendor, with :mod:`.checked` caching its
outcome) and :mod:`.card` (the quick card's data). Time arithmetic (due times, timelines, RMA) is in
:mod:`escdir.derive.clock`; text and JSON forms are in :mod:`escdir.present.reporting`.
"""
