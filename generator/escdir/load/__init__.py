"""Stage 1, load: bytes on disk to YAML documents with line marks, and the JSON Schemas.

Enters: paths (vendor files, msp.yaml, clients/*.yaml), read once with a size limit (``loader.read_capped``).
Leaves: ``Document`` (data + line/column marks), schema problems, the parse cache. Imports nothing later in the
pipeline.
"""
