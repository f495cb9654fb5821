"""Fixtures of the reader tests."""

from pathlib import Path

import pytest
from extract_fixtures import CORPUS


@pytest.fixture
def corpus() -> Path:
    if not (CORPUS / "cases").is_dir():
        pytest.skip("the shared corpus is not beside the repository")
    return CORPUS.resolve()
