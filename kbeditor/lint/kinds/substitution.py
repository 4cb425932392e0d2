"""``substitution``: suggest a preferred form for each observed term (Vale's ``swap``).

The check is :mod:`kbeditor.lint.substitutions` (``kb_reader_address`` builds
on it too); this module registers it as a kind.
"""

from __future__ import annotations

from kbeditor.lint.substitutions import FIELDS, REQUIRED, SubstitutionCheck, compile

KIND = "substitution"
__all__ = ["FIELDS", "KIND", "REQUIRED", "SubstitutionCheck", "compile"]
