"""The bulletins over the staff API: issuing, listing and reading them, with the pages' refusals."""

from tests.web.conftest import login


def test_the_office_issues_a_bulletin_and_its_agencies_read_it(client, march):
    login(client, march.coordinator)
    url = f"/api/staff/jurisdictions/{march.government.pk}/bulletins"
    issued = client.post(f"{url}/2024-03")
    assert issued.status_code == 201
    body = issued.json()
    assert body["number"] == "九政公开通〔2024〕1号"
    assert [row["agency"] for row in body["content"]["rows"]][:2] == ["九台区教育局", "九台区民政局"]
    login(client, march.clerk)
    assert [b["number"] for b in client.get(url).json()] == [body["number"]]
    assert client.get(f"/api/staff/bulletins/{body['id']}").json()["content"]["rule"].startswith("排名规则")
    login(client, march.outsider)
    assert client.get(f"/api/staff/bulletins/{body['id']}").status_code == 403


def test_refusals_are_the_pages_messages(client, march):
    login(client, march.coordinator)
    url = f"/api/staff/jurisdictions/{march.government.pk}/bulletins"
    assert "通报月份" in client.post(f"{url}/2024-13").json()["detail"]
    assert "没有可通报的情况" in client.post(f"{url}/2023-12").json()["detail"]
    client.post(f"{url}/2024-03")
    again = client.post(f"{url}/2024-03")
    assert again.status_code == 422 and "已经签发" in again.json()["detail"]
    login(client, march.clerk)
    assert client.post(f"{url}/2024-04").status_code == 403
