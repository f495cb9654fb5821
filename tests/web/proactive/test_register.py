"""The register (issue 11): an item registered once, published with an index number that is never
given twice, withdrawn with its number and history kept, every edit an event with old and new values."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import override_settings

from gongkai.web.proactive import index_numbers, services
from gongkai.web.proactive.models import AgencyProfile, Item, ItemAgency, ItemEvent

from .conftest import DAY


def test_publication_gives_the_pattern_number_with_the_next_serial(world, make_item):
    AgencyProfile.objects.create(agency=world.education, organisation_code="11220181MB1234567X")
    first, second = make_item(), make_item(title="第二条信息")
    assert first.index_number == "11220181MB1234567X/0201/2024-00001"
    assert second.index_number == "11220181MB1234567X/0201/2024-00002"
    assert first.status == Item.Status.PUBLISHED


@override_settings(GONGKAI_PROACTIVE={"index_number_pattern": "JT-{year}-{serial:04d}"})
def test_the_pattern_is_a_setting(world, make_item):
    assert make_item().index_number == "JT-2024-0001"


def test_a_draft_has_no_number_until_published(world, make_item):
    item = make_item(publish=False)
    assert item.index_number is None
    published = services.publish_item(item, world.clerk)
    assert published.index_number.endswith("-00001")


def test_withdrawn_item_keeps_its_number_and_the_number_is_not_given_again(world, make_item):
    item = make_item()
    number = item.index_number
    withdrawn = services.withdraw(item, world.clerk, "内容有误，重新发布")
    assert withdrawn.index_number == number and withdrawn.status == Item.Status.WITHDRAWN
    again = make_item(title="更正后重新发布")
    assert again.index_number != number and again.index_number.endswith("-00002")
    kinds = list(withdrawn.events.values_list("kind", flat=True))
    assert kinds == ["registered", "published", "withdrawn"]


def test_every_edit_is_an_event_with_who_and_old_and_new(world, make_item):
    item = make_item()
    data = services.data_of(item)
    data.title = "关于做好2024年春季学期开学工作的补充通知"
    services.update(item, world.coordinator, data)
    event = item.events.get(kind=ItemEvent.Kind.EDITED)
    assert event.user == world.coordinator
    assert event.changes["信息名称"] == ["关于做好2024年春季学期开学工作的通知", "关于做好2024年春季学期开学工作的补充通知"]
    with pytest.raises(ValidationError):
        ItemEvent.objects.filter(pk=event.pk).update(changes={})


def test_two_clerks_publishing_at_the_same_moment_never_get_the_same_number(world, make_item, transactional_db):
    """Eight threads, each with its own database connection, publish at once (PostgreSQL: row locks)."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers are a PostgreSQL matter; SQLite writes one transaction at a time")
    drafts = [make_item(title=f"并发发布{i}", publish=False) for i in range(8)]
    barrier, numbers, failures = threading.Barrier(len(drafts)), [], []

    def publish(item):
        try:
            barrier.wait()
            numbers.append(services.publish_item(item, world.clerk).index_number)
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(item,)) for item in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert len(set(numbers)) == 8
    assert sorted(int(n.rsplit("-", 1)[1]) for n in numbers) == list(range(1, 9))


def test_reserved_serials_only_count_up(world, make_item):
    item = make_item()
    scope = index_numbers.scope_of(item)
    assert list(index_numbers.reserve(scope, 3)) == [2, 3, 4]


def test_joint_document_belongs_to_each_agency(world, make_item):
    item = make_item(joint_agencies=[world.civil])
    assert set(item.agencies.values_list("name", flat=True)) == {"九台区教育局", "九台区民政局"}


def test_late_publication_is_flagged_with_the_working_day_count(world, make_item):
    # 2024-03-01 (Fri) + 20 working days = 2024-03-29; published 2024-04-01 is the 21st.
    on_time = make_item(formed_on=DAY, published_on=datetime.date(2024, 3, 29))
    late = make_item(title="逾期发布", formed_on=DAY, published_on=datetime.date(2024, 4, 1))
    assert (on_time.working_days_to_publish, on_time.late) == (20, False)
    assert (late.working_days_to_publish, late.late) == (21, True)


def test_the_publishers_keep_the_items_counted_fields_through_every_change(world, make_item):
    def copies(item):
        item.refresh_from_db()
        assert item.publishers.exists()
        return {agency: tuple(row) for agency, *row in item.publishers.values_list("agency", *ItemAgency.COPIED)}

    def agencies(item):
        return set(item.publishers.values_list("agency", flat=True))

    def alike(item):
        # Each publisher row holds the item's own value of every copied field.
        assert copies(item) == dict.fromkeys(agencies(item), tuple(getattr(item, name) for name in ItemAgency.COPIED))

    item = make_item(publish=False, joint_agencies=[world.civil])
    data = services.data_of(item)
    data.published_on = None  # 发布日期 given at publication
    item = services.update(item, world.clerk, data)
    alike(item)
    assert agencies(item) == {world.education.pk, world.civil.pk} and item.status == Item.Status.DRAFT
    item = services.publish_item(item, world.clerk, today=DAY)
    alike(item)
    assert item.published_on == DAY and item.status == Item.Status.PUBLISHED
    data = services.data_of(item)
    later = DAY + datetime.timedelta(days=1)
    data.published_on, data.joint_agencies = later, [world.town]
    data.normative_kind, data.validity, data.document_date = "normative", "repealed", DAY
    data.invalid_on = later
    data.channels = {**data.channels, "gazette": {"published_on": later, "gazette_issue": "2024年第3期"}}
    item = services.update(item, world.clerk, data)
    alike(item)
    assert agencies(item) == {world.education.pk, world.town.pk}
    assert (item.normative_kind, item.validity, item.document_date, item.invalid_on) == ("normative", "repealed",
                                                                                          DAY, later)
    assert "gazette" in item.channel_keys.split(",")
    item = services.withdraw(item, world.clerk, "内容有误")
    alike(item)
    assert item.status == Item.Status.WITHDRAWN
