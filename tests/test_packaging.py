"""An installed gongkai (a wheel, not this checkout) carries every file it reads besides its code:
formats, rules, templates, static files."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "gongkai"


def test_every_file_besides_the_code_is_package_data():
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"]["gongkai"]
    packaged = {path for pattern in patterns for path in PACKAGE.glob(pattern)}
    data = {path for path in PACKAGE.rglob("*") if path.is_file() and path.suffix not in (".py", ".pyc")
            and "__pycache__" not in path.parts}
    assert any(path.suffix == ".yaml" for path in data) and any(path.suffix == ".html" for path in data)
    assert sorted(str(path.relative_to(PACKAGE)) for path in data - packaged) == []
