"""Demo complaints of 九台区 (``load_demo``). The seed report states none in 2015 (「2015年收到举报投诉0件」,
fees 0万元, 专项经费 0), and the demo's 2015 records follow the seed's table, so its complaints are
recent: dated back from today, one closed, one overdue and one just received, as the clerk and the
office would find them."""

import datetime

from django.utils import timezone

from gongkai.web.agencies.models import Agency
from gongkai.web.complaints import services
from gongkai.web.complaints.models import Complaint

# (receiving agency, about, days ago, channel, content, complainant, steps: (kind, days ago, note), closure)
COMPLAINTS = (
    ("九台区教育局", "九台区教育局", 60, "phone", "申请公开2025年学区划分依据，超过答复期限仍未收到答复。", "王晓明",
     (("investigated", 57, "调取申请办理记录，该申请已于期限内答复，答复书因地址有误被退回。"),),
     ("unfounded", 55, "经调查不属实：已于法定期限内答复，已按新地址重新邮寄答复书并电话告知举报人。")),
    ("长春市九台区人民政府", "九台区民政局", 40, "letter", "民政局网站低保资金发放情况三个季度未更新。", "",
     (("referred", 38, "转民政局核查整改，要求报送整改情况。"),), None),
    ("九台区教育局", "九台区教育局", 2, "online", "招生计划公布的学校名单与实际不符。", "李红", (), None),
)


def load(agencies: dict[str, Agency], users: dict) -> int:
    """Register the demo complaints once (kept if any exist); how many there are."""
    existing = Complaint.objects.filter(agency__in=agencies.values())
    if existing.exists():
        return existing.count()
    today = timezone.localdate()

    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    clerks = {"九台区教育局": users["jiaoyu"], "长春市九台区人民政府": users["xietiao"]}
    for agency, about, received, channel, content, name, steps, closure in COMPLAINTS:
        user = clerks[agency]
        complaint = services.register(agencies[agency], user, about=agencies[about], received=ago(received),
                                      channel=channel, content=content, name=name)
        for kind, days, note in steps:
            services.record_step(complaint, user, kind=kind, on=ago(days), note=note)
        if closure:
            outcome, days, result = closure
            services.close(complaint, user, on=ago(days), outcome=outcome, result=result)
    return existing.count()
