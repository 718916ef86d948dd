"""Settings with their defaults. One place, so every stage and the CLI agree."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(kw_only=True)
class Settings:
    db: str = os.environ.get("CONSILIENCE_DB", "consilience.db")
    max_bytes: int = 20 * 1024 * 1024  # a news page over 20 MB is not a news page
    fetch_timeout: float = 20.0
    max_redirects: int = 5
    user_agent: str = "consilience/0.1 (+https://example.invalid/consilience)"
    near_duplicate_threshold: float = 0.8  # MinHash Jaccard estimate for syndicated copies
    min_article_words: int = 15


DEFAULT = Settings()
