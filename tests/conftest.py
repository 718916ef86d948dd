"""Shared fixtures. Models load once per test session: they are the slow part."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    from consilience.analyze.nlp import load

    return load()
