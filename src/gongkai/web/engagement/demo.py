"""Demo records of 九台区's 2015 responses and meetings (``load_demo``), as many of each way as the seed report's
table states (legacy 二: 2 topics; 1 press conference and 2 online interviews, all with 主要负责同志;
1 interpretation; 458 Weibo/WeChat responses; 12 other), so the computed cells can be set beside it.
Its item 九: 1 meeting, 1 training course of 70 trainees.
Item 八 (70 offices, 80 reading points, 70 full-time and 140 part-time staff, district-wide) is
shared among the demo agencies' facts of the year.
The seed's text says 16 topics and 1 interview with 主要负责同志: the table is what the demo follows."""

import datetime

from gongkai.web.agencies.models import Agency
from gongkai.web.engagement import services
from gongkai.web.engagement.models import AgencyFacts, Meeting, Response

YEAR = 2015
TOPICS = ("九台区城区冬季供暖保障", "九台区棚户区改造房屋征收补偿")
# (way, how many, 主要负责同志参加)
RESPONSES = (("press_conferences", 1, True), ("online_interviews", 2, True), ("interpretations", 1, False),
             ("weibo_wechat", 458, False), ("other", 12, False))
MEETINGS = ((Meeting.Kind.MEETING, "全区政务公开工作会议", datetime.date(YEAR, 3, 20), 45),
            (Meeting.Kind.TRAINING, "全区政府信息公开工作人员业务培训班", datetime.date(YEAR, 6, 12), 70))


FACTS = {"offices": 70, "full_time": 70, "part_time": 140, "reading_points": 80}


def _shares(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if index < total % parts else 0) for index in range(parts)]


def _facts(government: Agency, user) -> None:
    if AgencyFacts.objects.filter(agency__path__startswith=government.path, year=YEAR).exists():
        return
    agencies = list(government.subtree().order_by("path"))
    shares = {name: _shares(total, len(agencies)) for name, total in FACTS.items()}
    for index, agency in enumerate(agencies):
        points = [(f"{agency.name}政府信息查阅点{n + 1}（长春市九台区）", "工作日 8:30—16:30")
                  for n in range(shares["reading_points"][index])]
        services.save_facts(agency, YEAR, user, offices=shares["offices"][index], special_funds=0,
                            full_time=shares["full_time"][index], part_time=shares["part_time"][index],
                            reading_points=points)


def load(government: Agency, user) -> int:
    """Record the demo responses once (kept if the government has responses of the year); how many exist."""
    existing = Response.objects.filter(agency=government, on__year=YEAR)
    if not existing.exists():
        n = 0
        for way, times, principal in RESPONSES:
            for _ in range(times):
                on = datetime.date(YEAR, 1, 1) + datetime.timedelta(days=(n * 7) % 365)
                services.record_response(government, user, topic=TOPICS[n % 2], way=way, on=on,
                                         principal_attended=principal)
                n += 1
    if not Meeting.objects.filter(agency=government, on__year=YEAR).exists():
        for kind, title, on, attendance in MEETINGS:
            services.record_meeting(government, user, kind=kind, title=title, on=on, attendance=attendance)
    _facts(government, user)
    return existing.count()
