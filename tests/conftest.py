from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared (spec and corpus) is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def seed_report_path() -> Path:
    return REPO / "examples" / "jiutai-2015.json"
