"""The review organ sued as co-defendant (复议后起诉) can only be an organ that may decide a review of the
agency's act (《中华人民共和国行政复议法》2023 第二十四条、第二十七条; the rule is data in rules.yaml):
for a department, the government at the same level or the department above; for a township or a
government, the government above. Another jurisdiction's bureau, or a sibling department, is refused."""

import datetime
import json

import pytest

from gongkai.web.agencies.models import Agency
from gongkai.web.applications import documents, rules, services
from gongkai.web.applications.models import ReviewCase

from .conftest import apply

D = datetime.date


@pytest.fixture
def city(world):
    """长春市 above 九台区, with its own education bureau (the department above 九台区教育局)."""
    world.city = Agency.objects.create(name="长春市人民政府", kind=Agency.Kind.GOVERNMENT, jurisdiction_name="长春市")
    world.government.parent = world.city
    world.government.save()
    world.city_education = Agency.objects.create(name="长春市教育局", kind=Agency.Kind.DEPARTMENT, parent=world.city)
    for agency in (world.education, world.town, world.civil):
        agency.refresh_from_db()
    return world


def after_review(world, agency, organ):
    application = apply(agency, world.admin, D(2025, 3, 3))
    return services.record_review(application, world.admin, kind="after_review", filed_on=D(2025, 6, 1),
                                  body="长春市九台区人民法院", review_organ=organ)


def test_a_department_may_have_its_government_or_the_department_above(city):
    assert set(rules.review_organs(city.education)) == {city.government, city.city_education}
    for organ in (city.government, city.city_education):
        assert after_review(city, city.education, organ).review_organ == organ


def test_a_township_has_the_government_above(city):
    assert rules.review_organs(city.town) == [city.government]
    assert rules.review_organs(city.government) == [city.city]


@pytest.mark.parametrize("organ_name", ["other", "civil", "education", "town", "city"])
def test_an_organ_the_law_does_not_allow_is_refused_and_nothing_saved(city, organ_name):
    organ = getattr(city, organ_name)
    with pytest.raises(services.ApplicationError) as refused:
        after_review(city, city.education, organ)
    assert f"「{organ.name}」不是九台区教育局的行政复议机关" in refused.value.message
    assert "行政复议法" in refused.value.message
    assert not ReviewCase.objects.exists()


def test_the_review_body_on_documents_follows_the_same_rule(city):
    assert documents.review_body(city.education) == "长春市九台区人民政府"
    assert documents.review_body(city.town) == "长春市九台区人民政府"
    assert documents.review_body(city.government) == "长春市人民政府"


def test_the_api_offers_and_accepts_only_the_allowed_organs(client, city):
    application = apply(city.education, city.clerk, D(2025, 3, 3))
    client.force_login(city.clerk)
    path = f"/api/staff/applications/{application.pk}/steps/review"
    body = {"kind": "after_review", "filed_on": "2025-06-01", "body": "长春市九台区人民法院"}
    refused = client.post(path, json.dumps({**body, "review_organ": city.other.pk}), content_type="application/json")
    assert refused.status_code == 422 and "review_organ" in refused.json()["errors"]
    accepted = client.post(path, json.dumps({**body, "review_organ": city.government.pk}),
                           content_type="application/json")
    assert accepted.status_code == 200
    assert accepted.json()["review_cases"][0]["review_organ"] == "长春市九台区人民政府"
