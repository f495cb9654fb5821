"""Fixtures of the reader tests."""

from pathlib import Path

import pytest
from extract_fixtures import CORPUS


@pytest.fixture
def corpus() -> Path:
    return CORPUS.resolve()
