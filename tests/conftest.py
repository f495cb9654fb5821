from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
SPEC = REPO / "docs" / "spec"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """Real published reports with hand-read truth (corpus/README.md), and the seed in corpus/seed."""
    return CORPUS


@pytest.fixture(scope="session")
def spec_dir() -> Path:
    """The official formats, the law and the catalogue, as the tests compare against them."""
    return SPEC


@pytest.fixture(scope="session")
def seed_report_path() -> Path:
    return REPO / "examples" / "jiutai-2015.json"
