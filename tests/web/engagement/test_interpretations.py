"""A response that interprets documents of the register (政策解读) is linked to them: chosen in the
response form by searching the register, shown with the response and on the item's pages."""

from django.urls import reverse

from gongkai.web.engagement.models import EngagementEvent, Response
from tests.web.conftest import login
from tests.web.proactive import conftest as register_fixtures

# The register's item factory (and the category it files items under), shared with its own tests.
category, make_item = register_fixtures.category, register_fixtures.make_item

POLICY = "九台区义务教育阶段学生资助实施办法"


def responses_url(world, year=2024):
    return f"{reverse('engagement:responses')}?agency={world.education.pk}&year={year}"


def test_the_clerk_finds_the_policy_in_the_register_and_links_the_interpretation(client, world, make_item):
    policy = make_item(title=POLICY, document_number="九教发〔2024〕3号")
    make_item(title="关于做好2024年春季学期开学工作的通知")
    login(client, world.clerk)
    found = client.get(reverse("engagement:item_search"), {"item_query": "学生资助"}).content.decode()
    assert POLICY in found and "九教发〔2024〕3号" in found and "开学工作" not in found
    assert f'name="items" value="{policy.pk}"' in found
    answer = client.post(responses_url(world), {"topic": "学生资助政策", "way": "interpretations",
                                                "on": "2024-03-10", "items": [policy.pk]})
    assert answer.status_code == 302
    response = Response.objects.get()
    assert list(response.items.all()) == [policy]
    assert EngagementEvent.objects.get(subject=f"response:{response.pk}").new["items"] == [POLICY]
    listed = client.get(responses_url(world)).content.decode()
    assert reverse("proactive:item", args=[policy.pk]) in listed  # the response shows the document
    staff_item = client.get(reverse("proactive:item", args=[policy.pk])).content.decode()
    assert "解读" in staff_item and "政策解读稿件：学生资助政策" in staff_item  # and the document its 解读
    public_item = client.get(reverse("catalogue:item", args=[policy.index_number])).content.decode()
    assert "政策解读稿件：学生资助政策" in public_item


def test_the_edit_form_keeps_the_linked_documents_ticked_and_a_change_is_recorded(client, world, make_item):
    policy = make_item(title=POLICY)
    login(client, world.clerk)
    client.post(responses_url(world), {"topic": "学生资助政策", "way": "interpretations", "on": "2024-03-10",
                                       "items": [policy.pk]})
    response = Response.objects.get()
    edit = reverse("engagement:edit", args=["responses", response.pk])
    assert f'value="{policy.pk}" checked' in client.get(edit).content.decode()
    client.post(edit, {"topic": "学生资助政策", "way": "interpretations", "on": "2024-03-10"})
    assert not response.items.exists()
    change = EngagementEvent.objects.filter(subject=f"response:{response.pk}", kind="changed").get()
    assert change.old["items"] == [POLICY] and change.new["items"] == []


def test_a_draft_or_unknown_document_is_refused_naming_the_field(client, world, make_item):
    draft = make_item(title=POLICY, publish=False)
    login(client, world.clerk)
    for chosen, message in ((draft.pk, f"所选文件「{draft.pk}」不在已发布的主动公开信息中"),
                            (999999, "所选文件「999999」不在已发布的主动公开信息中"), ("abc", "「abc」不是有效的文件")):
        page = client.post(responses_url(world), {"topic": "学生资助政策", "way": "interpretations",
                                                  "on": "2024-03-10", "items": [chosen]})
        assert page.status_code == 400 and message in page.content.decode()
    assert not Response.objects.exists()
    assert client.get(reverse("engagement:item_search"), {"item_query": ""}).content.decode().strip() == ""
