"""A period the law or a setting fixes (20 working days, 7, 5) is read from its rule, never retyped: no
template, form, document text, page or CLI message states 「N个工作日」 with a literal N (issue 9)."""

import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "gongkai"
# The rules themselves (deadline_rules.yaml, the apps' rules.yaml) are where the numbers live.
RULE_FILES = {SOURCE / "deadline_rules.yaml", SOURCE / "web" / "applications" / "rules.yaml",
              SOURCE / "web" / "proactive" / "rules.yaml"}
LITERAL_PERIOD = re.compile(r"[0-9０-９〇零一二两三四五六七八九十百]+\s*个?工作日")


def texts() -> list[Path]:
    found = [*SOURCE.glob("web/**/templates/**/*.html"), *SOURCE.glob("web/**/*.py"), *SOURCE.glob("cli/*.py"),
             *SOURCE.glob("web/**/*.yaml")]
    return sorted(path for path in found if path not in RULE_FILES and "migrations" not in path.parts)


def test_the_pattern_finds_a_literal_period():
    assert LITERAL_PERIOD.search("延长的期限最长不得超过20个工作日") and LITERAL_PERIOD.search("答复期限延长二十个工作日")
    assert not LITERAL_PERIOD.search("自收到申请之日起{{ working_days }}个工作日内")
    assert not LITERAL_PERIOD.search('f"{limit.working_days}个工作日"')


def test_no_template_form_or_message_states_a_period_as_a_literal():
    paths = texts()
    assert any(path.suffix == ".html" for path in paths) and any(path.name == "forms.py" for path in paths)
    literal = [f"{path.relative_to(SOURCE)}:{number}: {match.group()}"
               for path in paths for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
               for match in LITERAL_PERIOD.finditer(line)]
    assert literal == []
