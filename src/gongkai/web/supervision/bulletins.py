"""The monthly bulletin (通报) of a jurisdiction's coordination office: per agency of its subtree, the items
published by channel, the Art. 26 timeliness rate (``proactive.timeliness``), the applications received,
answered on time and overdue (``applications.services.handled_between``), the agencies that published
nothing, a ranking by the rule of ``rules.yaml`` and the changes since the month before.

A draft is computed each time it is previewed; issuing it numbers it with the government's 机关代字
and stores what it says (``Bulletin.content``), which the page, the DOCX and the PDF then render.
The month before is read from its issued bulletin when there is one (what the agencies were told),
else computed.
"""

from __future__ import annotations

import calendar
import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.render.docx import (
    add_body,
    add_document_number,
    add_table,
    add_title,
    official_document,
    save,
    signature_block,
)
from gongkai.render.layout import display_date
from gongkai.render.pdf import html_to_pdf, official_document_html
from gongkai.web.agencies.models import Agency
from gongkai.web.applications.services import handled_between
from gongkai.web.errors import Refused
from gongkai.web.proactive import rules as proactive_rules
from gongkai.web.proactive.timeliness import counts
from gongkai.web.supervision import permissions, rules
from gongkai.web.supervision.models import Bulletin

BulletinError = Refused
FIGURES = ("published", "late", "received", "answered", "on_time", "overdue")


def month_of(text: str) -> datetime.date:
    """The first day of the month ``text`` (2026-11) names; refused in Chinese naming the field."""
    try:
        year, month = (int(part) for part in text.split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        raise BulletinError(f"通报月份「{text}」无效，请按“2026-11”的格式填写年份和月份。") from None


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def previous_month(month: datetime.date) -> datetime.date:
    return (month - datetime.timedelta(days=1)).replace(day=1)


def month_label(month: datetime.date) -> str:
    return f"{month.year}年{month.month}月"


def _rate(published: int, late: int) -> float | None:
    """The share published on time, in per cent; None when nothing was published."""
    return round(100.0 * (published - late) / published, 1) if published else None


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def figures(jurisdiction: Agency, month: datetime.date) -> list[dict]:
    """One row per agency of the jurisdiction's subtree with its figures for ``month``, ranked."""
    return monthly_figures(jurisdiction, [month])[month]


def monthly_figures(jurisdiction: Agency, months: list[datetime.date]) -> dict[datetime.date, list[dict]]:
    """``figures`` of each of ``months``, each grouped query run once over the days they span."""
    agencies = jurisdiction.subtree()
    names = list(agencies.order_by("path").values_list("pk", "name"))
    rows = {month: {pk: {"agency_id": pk, "agency": name, "channels": {}, **dict.fromkeys(FIGURES, 0)}
                    for pk, name in names} for month in months}
    periods = [(month, month_end(month)) for month in months]
    for month, found in zip(months, counts(agencies, periods), strict=True):
        for agency_id, keys, published, late in found:
            row = rows[month][agency_id]
            row["published"] += published
            row["late"] += late
            for key in filter(None, keys.split(",")):  # an item's channels go out with it, in its month
                row["channels"][key] = row["channels"].get(key, 0) + published
    for month, handled in zip(months, handled_between(agencies, periods), strict=True):
        for agency_id, values in handled.items():
            rows[month][agency_id].update(values)
    for by_agency in rows.values():
        for row in by_agency.values():
            row["rate"] = _rate(row["published"], row["late"])
            row["answered_late"] = row["answered"] - row["on_time"]
    return {month: _ranked(list(by_agency.values())) for month, by_agency in rows.items()}


def _ranked(rows: list[dict]) -> list[dict]:
    """``rows`` in the order of the ranking rule, each with its ``rank`` (equal keys, equal rank)."""
    ranking = rules.ranking()

    def key(row: dict) -> tuple:
        values = []
        for entry in ranking["keys"]:
            value = row[entry["figure"]]
            if value is None:  # no rate: nothing published
                value = ranking["unpublished_rate"]
            values.append(-value if entry["order"] == "desc" else value)
        return tuple(values)

    keyed = sorted((key(row), row["agency"], index) for index, row in enumerate(rows))
    ranked, previous = [], None
    for position, (current, _, index) in enumerate(keyed, start=1):
        row = rows[index]
        row["rank"] = previous[1] if previous and previous[0] == current else position
        previous = (current, row["rank"])
        ranked.append(row)
    return ranked


def _totals(rows: list[dict]) -> dict:
    totals = {name: sum(row[name] for row in rows) for name in (*FIGURES, "answered_late")}
    totals["rate"] = _rate(totals["published"], totals["late"])
    return totals


def _with_changes(rows: list[dict], before: list[dict] | None) -> None:
    """Each row's figures of the month before and the change of its rank (positive: up)."""
    earlier = {row["agency_id"]: row for row in before or []}
    for row in rows:
        then = earlier.get(row["agency_id"])
        row["previous"] = None if then is None else {
            "rank": then["rank"], "published": then["published"], "rate": then["rate"], "overdue": then["overdue"],
            "rank_change": then["rank"] - row["rank"], "published_change": row["published"] - then["published"],
            "overdue_change": row["overdue"] - then["overdue"],
            "rate_change": None if row["rate"] is None or then["rate"] is None
            else round(row["rate"] - then["rate"], 1)}


def _has_data(totals: dict) -> bool:
    return any(totals[name] for name in ("published", "received", "answered", "overdue"))


def draft(jurisdiction: Agency, month: datetime.date, *, today: datetime.date | None = None) -> dict:
    """What the bulletin of ``month`` would say if issued today (number not yet given). A month with
    nothing published and no application is refused with a message that says so."""
    today = today or timezone.localdate()
    if month_end(month) >= today:
        raise BulletinError(f"{month_label(month)}尚未结束，不能生成该月的通报；请选择已经结束的月份。")
    before = previous_month(month)
    # The month before as issued (what the agencies were told), else computed with this month.
    issued_before = Bulletin.objects.filter(jurisdiction=jurisdiction, month=before).first()
    computed = monthly_figures(jurisdiction, [month] if issued_before else [before, month])
    rows = computed[month]
    totals = _totals(rows)
    place = jurisdiction.jurisdiction_name or jurisdiction.name
    if not _has_data(totals):
        raise BulletinError(f"{month_label(month)}{place}没有发布主动公开信息，"
                            "也没有收到、答复或逾期的政府信息公开申请，"
                            "没有可通报的情况。")
    earlier = issued_before.content["rows"] if issued_before else computed[before]
    _with_changes(rows, earlier if _has_data(_totals(earlier)) else None)
    wording = rules.bulletin()
    values = {"year": month.year, "month": month.month, "jurisdiction": place, "government": jurisdiction.name,
              "agencies": len(rows), **totals, "rate": _percent(totals["rate"])}
    silent = [row["agency"] for row in rows if not row["published"]]
    return {
        "jurisdiction_id": jurisdiction.pk, "month": month.isoformat(), "previous_month": before.isoformat(),
        "title_lines": [line.format(**values) for line in wording["title"]],
        "title": "".join(wording["title"]).format(**values), "number": "",
        "addressee": wording["addressee"].format(**values),
        "opening": wording["opening"].format(**values).replace("\n", ""),
        "rule": rules.ranking_rule(),
        "silent_text": wording["silent"].format(count=len(silent), names="、".join(silent)) if silent
        else wording["none_silent"],
        "silent": silent, "closing": wording["closing"],
        "signature": [wording["issuer"].format(**values), display_date(today)], "date": today.isoformat(),
        "channels": [[key, entry["label"]] for key, entry in proactive_rules.channels().items()],
        "figures": rules.figures(), "totals": totals, "rows": rows,
    }


def issue(jurisdiction: Agency, month: datetime.date, user, *, today: datetime.date | None = None) -> Bulletin:
    """Issue the bulletin of ``month``: numbered in the government's series of the year and stored as it
    reads today; a month is issued once."""
    permissions.require(permissions.can_supervise(user, jurisdiction))
    if not jurisdiction.designation:
        raise BulletinError(f"「{jurisdiction.name}」尚未填写机关代字，通报的发文字号无法编号；"
                            "请管理员在管理后台的「行政机关」中填写后再签发。")
    content = draft(jurisdiction, month, today=today)
    issued_on = datetime.date.fromisoformat(content["date"])
    try:
        with transaction.atomic():
            Agency.objects.select_for_update().get(pk=jurisdiction.pk)  # one numbering at a time
            if Bulletin.objects.filter(jurisdiction=jurisdiction, month=month).exists():
                raise BulletinError(f"{month_label(month)}的通报已经签发，不能重复签发。")
            serial = (Bulletin.objects.filter(jurisdiction=jurisdiction, issued_on__year=issued_on.year)
                      .aggregate(last=Max("serial"))["last"] or 0) + 1
            content["number"] = rules.bulletin()["number"].format(
                designation=jurisdiction.designation, year=issued_on.year, serial=serial)
            return Bulletin.objects.create(jurisdiction=jurisdiction, month=month, number=content["number"],
                                           serial=serial, issued_on=issued_on, issued_by=user, content=content)
    except IntegrityError:
        raise BulletinError(f"{month_label(month)}的通报已经签发，不能重复签发。") from None


def issued(jurisdiction: Agency):
    """The jurisdiction's issued bulletins, the latest month first."""
    return Bulletin.objects.filter(jurisdiction=jurisdiction).order_by("-month").defer("content")


# ---------------------------------------------------------------- the document


def _signed(value: float | int | None, unit: str = "") -> str:
    if value is None:
        return ""
    return f"（{'+' if value > 0 else ''}{value:g}{unit}）" if value else ""


def ranking_table(content: dict) -> tuple[list[str], list[list[str]]]:
    """The ranking as the document prints it: the figures with their change since the month before."""
    names = content["figures"]
    header = ["名次", "单位", names["published"], names["rate"], names["received"], names["on_time"],
              names["answered_late"], names["overdue"], "名次变化"]
    rows = []
    for row in content["rows"]:
        before = row["previous"] or {}
        rows.append([str(row["rank"]), row["agency"], f"{row['published']}{_signed(before.get('published_change'))}",
                     f"{_percent(row['rate'])}{_signed(before.get('rate_change'), '个百分点')}", str(row["received"]),
                     str(row["on_time"]), str(row["answered_late"]),
                     f"{row['overdue']}{_signed(before.get('overdue_change'))}", rank_change(row)])
    return header, rows


def rank_change(row: dict) -> str:
    before = row["previous"]
    if before is None:
        return "—"
    change = before["rank_change"]
    return f"上升{change}位" if change > 0 else f"下降{-change}位" if change < 0 else "持平"


def channel_table(content: dict) -> tuple[list[str], list[list[str]]]:
    header = ["单位", *(label for _, label in content["channels"]), "合计"]
    rows = [[row["agency"], *(str(row["channels"].get(key, 0)) for key, _ in content["channels"]),
             str(row["published"])] for row in content["rows"]]
    return header, rows


def paragraphs(content: dict) -> list[str]:
    return [content["opening"], content["rule"], content["silent_text"], content["closing"]]


def render_docx(content: dict) -> bytes:
    """The bulletin as an official document: title, 发文字号, 主送, body, the ranking and the channels
    as tables, 落款."""
    document = official_document()
    add_title(document, content["title_lines"])
    add_document_number(document, content["number"] or "（草稿，签发时编号）")
    add_body(document, content["addressee"], indent=False)
    texts = paragraphs(content)
    for text in texts[:2]:
        add_body(document, text)
    add_body(document, "一、排名情况", indent=True)
    add_table(document, *ranking_table(content), weights=[1.6, 5, 2.4, 3.4, 1.6, 1.6, 1.6, 2.4, 2.4], left=1)
    add_body(document, "二、按公开渠道发布信息情况", indent=True)
    add_table(document, *channel_table(content), weights=[5] + [1.4] * (len(content["channels"]) + 1), left=0)
    for text in texts[2:]:
        paragraph = add_body(document, text)
    paragraph.paragraph_format.keep_with_next = True
    signature_block(document, content["signature"], blank_lines=2)
    return save(document)


def render_pdf(content: dict) -> bytes:
    return html_to_pdf(official_document_html(
        title=content["title_lines"], number=content["number"], addressee=content["addressee"],
        paragraphs=paragraphs(content), signature=content["signature"],
        tables=[("一、排名情况", *ranking_table(content)), ("二、按公开渠道发布信息情况", *channel_table(content))]))


def filename(content: dict, to: str) -> str:
    return f"{content['number'] or '通报草稿'}-{content['month'][:7]}.{to}"
