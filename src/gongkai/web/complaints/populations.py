"""The population this app registers for the counting engine (``gongkai.web.counting``).

``complaints`` (legacy 六、举报投诉数量): the complaints an agency (a jurisdiction: any agency of it)
received in year Y, whatever became of them; the received date places them, as an application's does.
"""

import datetime

from django.db.models import Q

from gongkai.web.complaints.models import Complaint
from gongkai.web.counting import Part, Population, of_agency, register

COMPLAINTS = Population(
    name="complaints", label="举报投诉",
    base=lambda agency: Complaint.objects.filter(of_agency(agency)),
    parts=lambda year: [Part(Q(received__range=(datetime.date(year, 1, 1), datetime.date(year, 12, 31))))],
    attributes={}, order=("received", "pk"), list_template="complaints/behind.html",
    prepare=lambda records: records.select_related("agency", "about"))


def register_all() -> None:
    register(COMPLAINTS)
