"""Migrations that derive data keep what a running installation holds: each agency gets its path in
the tree, each answered application its reply's date and outcome, each publisher of an item the item's
fields that the annual count reads."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("agencies", "0001_initial"), ("applications", "0005_statistics_indexes")]
AFTER = [("agencies", "0002_agency_path"), ("applications", "0006_statistics_without_join")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_paths_and_reply_copies_are_filled_from_existing_data():
    try:
        apps = migrate(BEFORE)
        Agency = apps.get_model("agencies", "Agency")
        Application = apps.get_model("applications", "Application")
        Reply = apps.get_model("applications", "Reply")
        government = Agency.objects.create(name="某区人民政府", kind="government")
        department = Agency.objects.create(name="某区教育局", kind="department", parent=government)
        school = Agency.objects.create(name="某区第一中学", kind="public_enterprise", parent=department)
        answered, still_open = (
            Application.objects.create(agency=department, tracking_code=code, channel="letter",
                                       received=datetime.date(2025, 12, 22), applicant_kind="natural_person",
                                       description="某文件")
            for code in ("MIGRATIONTEST001", "MIGRATIONTEST002"))
        Reply.objects.create(application=answered, replied_on=datetime.date(2026, 1, 12), format_id="gov2021",
                             outcome="t3.granted")

        apps = migrate(AFTER)
        Agency = apps.get_model("agencies", "Agency")
        Application = apps.get_model("applications", "Application")
        paths = dict(Agency.objects.values_list("name", "path"))
        assert paths["某区第一中学"] == f"/{government.pk}/{department.pk}/{school.pk}/"
        assert paths["某区人民政府"] == f"/{government.pk}/"
        copied = {row[0]: row[1:] for row in Application.objects.values_list("tracking_code", "replied_on", "outcome")}
        assert copied == {"MIGRATIONTEST001": (datetime.date(2026, 1, 12), "t3.granted"),
                          "MIGRATIONTEST002": (None, "")}
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_publishers_get_the_fields_the_count_reads_from_their_items():
    try:
        apps = migrate([("proactive", "0008_channel_item_index")])
        Agency = apps.get_model("agencies", "Agency")
        Item, ItemAgency = apps.get_model("proactive", "Item"), apps.get_model("proactive", "ItemAgency")
        education = Agency.objects.create(name="某区教育局", kind="department")
        civil = Agency.objects.create(name="某区民政局", kind="department")
        category = apps.get_model("proactive", "Category").objects.order_by("pk").first()
        joint = Item.objects.create(
            title="联合发文", agency=education, formed_on=datetime.date(2023, 5, 1), category=category,
            category_code=category.code, status="withdrawn", published_on=datetime.date(2023, 5, 8),
            document_date=datetime.date(2023, 5, 2), normative_kind="normative", validity="repealed",
            invalid_on=datetime.date(2025, 1, 1), channel_keys="gazette,website")
        draft = Item.objects.create(title="草稿", agency=civil, formed_on=datetime.date(2024, 1, 2), category=category,
                                    category_code=category.code)
        for item, agency in ((joint, education), (joint, civil), (draft, civil)):
            ItemAgency.objects.create(item=item, agency=agency, published_on=item.published_on,
                                      normative_kind=item.normative_kind)

        apps = migrate([("proactive", "0009_publisher_count_copies")])
        ItemAgency = apps.get_model("proactive", "ItemAgency")
        copied = {(row[0], row[1]): row[2:] for row in ItemAgency.objects.values_list(
            "item", "agency", "status", "document_date", "invalid_on", "validity", "channel_keys")}
        assert copied == {
            (joint.pk, education.pk): ("withdrawn", datetime.date(2023, 5, 2), datetime.date(2025, 1, 1), "repealed",
                                       "gazette,website"),
            (joint.pk, civil.pk): ("withdrawn", datetime.date(2023, 5, 2), datetime.date(2025, 1, 1), "repealed",
                                   "gazette,website"),
            (draft.pk, civil.pk): ("draft", None, None, "", "")}
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
