"""consilience: many news reports of one event, one cross-checked account.

The public API (names load lazily, so `import consilience` stays cheap):

    Consilience(db)          a database and its verbs: add, articles, analyze, group, report, check
    extract_documents(paths) ingest + extract + clean with no database
    claims_in(text)          the claims of a plain text
    analyze(article)         the analyze stage on one Article
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Consilience": "consilience.pipeline",
    "AddSummary": "consilience.pipeline",
    "Outcome": "consilience.pipeline",
    "extract_documents": "consilience.pipeline",
    "analyze": "consilience.analyze",
    "analyze_many": "consilience.analyze",
    "claims_in": "consilience.analyze",
    "Store": "consilience.store",
    "Settings": "consilience.config",
    "ConsilienceError": "consilience.errors",
    "InputError": "consilience.errors",
    "Article": "consilience.records",
    "Claim": "consilience.records",
    "Check": "consilience.records",
    "Story": "consilience.records",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'consilience' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
