"""Stage 3, check: semantic rules and project-wide checks, and validation as one pass.

Enters: loaded documents and the models built from them.
Leaves: ``Problem`` records (file:line:col, stable code, hint), the validated models, the problem store that
``validate``, ``show`` and the build share, client logos checked and re-encoded.
"""
