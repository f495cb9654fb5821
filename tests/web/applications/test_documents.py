"""The written documents: generated from the case, in official-document layout, from editable templates."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from docx.oxml.ns import qn

from gongkai.web.applications import documents, services
from gongkai.web.applications.models import DocumentTemplate, IssuedDocument
from tests.pdf_helpers import OPEN_CJK_FONTS, fonts, page_text

from ..conftest import login
from .conftest import apply

D = datetime.date
RECEIVED = D(2026, 3, 2)
REGULATION = "《中华人民共和国政府信息公开条例》"
REMEDY_REVIEW = "自收到本答复书之日起六十日内向长春市九台区人民政府申请行政复议"
REMEDY_COURT = "六个月内依法向人民法院提起行政诉讼"
REVIEW_FIRST = "对不予公开的"


def _supplement(application, user):
    services.request_supplement(application, user, on=D(2026, 3, 4), applicant_due=D(2026, 3, 18),
                                items="1.请说明所需信息的时间范围\n2.请提供身份证明复印件")


def _consultation(application, user):
    services.start_consultation(application, user, kind="third_party_consultation", on=D(2026, 3, 5),
                                party="长春市九台区宏达建材有限公司")


def _extension(application, user):
    services.extend(application, user, on=D(2026, 3, 20), approver="李四", notified_on=D(2026, 3, 23),
                    reason="需要调取归档的招生材料")


def _fee(application, user):
    services.fee_notice(application, user, issued_on=D(2026, 3, 10), per_page=120)


def _reply(outcome):
    def step(application, user):
        services.record_reply(application, user, replied_on=D(2026, 3, 25), outcome=outcome,
                              note="请于工作日到本机关政务服务窗口领取。")
    return step


def _no_supplement(application, user):
    _supplement(application, user)
    services.close_unsupplemented(application, user, on=D(2026, 3, 19))


# kind, the step, the date the document carries, what the text must say (article, and the remedies
# where the applicant may object), what it must not say
CASES = [
    ("supplement", _supplement, "2026年3月4日", ["第三十条", "2026年3月18日前", "请提供身份证明复印件"],
     [REMEDY_COURT]),
    ("consultation", _consultation, "2026年3月5日", ["第三十二条", "15个工作日", "长春市九台区宏达建材有限公司："],
     [REMEDY_COURT]),
    ("extension", _extension, "2026年3月23日", ["第三十三条第二款", "需要调取归档的招生材料", "延长20个工作日"],
     [REMEDY_COURT]),
    ("fee", _fee, "2026年3月10日", ["第四十二条", "国办函〔2020〕109号", "按量计收", "1100.00元"], [REMEDY_COURT]),
    ("reply_granted", _reply("t3.granted"), "2026年3月25日",
     ["第三十六条第（一）项、第（二）项", "予以公开", "政务服务窗口", REMEDY_REVIEW, REMEDY_COURT], [REVIEW_FIRST]),
    ("reply_partially_granted", _reply("t3.partially_granted"), "2026年3月25日",
     ["第三十七条", REMEDY_REVIEW, "十五日内", REVIEW_FIRST], [REMEDY_COURT]),
    ("reply_refused", _reply("t3.refused.process_information"), "2026年3月25日",
     ["第十六条第二款", "属于四类过程性信息", "不予公开", REMEDY_REVIEW, REVIEW_FIRST], [REMEDY_COURT]),
    ("reply_unable", _reply("t3.unable.not_held"), "2026年3月25日",
     ["第三十六条第（四）项", "本机关不掌握相关政府信息", REMEDY_REVIEW, REMEDY_COURT], []),
    ("reply_not_processed", _reply("t3.not_processed.repeated"), "2026年3月25日",
     ["第三十六条第（六）项", "重复申请", "不予处理", REMEDY_REVIEW, REMEDY_COURT], []),
    ("reply_other", _no_supplement, "2026年3月19日", ["第三十条", "逾期不补正", REMEDY_REVIEW, REMEDY_COURT], []),
]


def _open(content: bytes):
    return Document(io.BytesIO(content))


def _text(document) -> str:
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


@pytest.mark.parametrize("kind, step, date, wanted, unwanted", CASES, ids=[case[0] for case in CASES])
def test_document(world, kind, step, date, wanted, unwanted):
    application = apply(world.education, world.clerk, RECEIVED)
    step(application, world.clerk)
    assert [item.kind for item in documents.applicable(application)][-1] == kind
    document = _open(documents.render_document(application, kind, world.clerk))
    text = _text(document)
    assert REGULATION in text and "2026年3月2日" in text and "九台区教育局" in text
    for phrase in wanted:
        assert phrase in text, phrase
    for phrase in unwanted:
        assert phrase not in text, phrase
    # The seal block: the agency, then the step's date, right-aligned at the end.
    assert [paragraph.text for paragraph in document.paragraphs[-2:]] == ["九台区教育局", date]
    assert document.paragraphs[-1].alignment == 2  # RIGHT
    assert "九教依申" in text and "〔2026〕1号" in text and "九台区教育局依申" not in text
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs]
    fonts = {run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) for run in runs}
    assert fonts == {"方正小标宋简体", "仿宋_GB2312"}
    assert document.paragraphs[0].runs[0]._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "方正小标宋简体"


def test_every_kind_is_seeded_and_tested():
    assert {case[0] for case in CASES} == set(documents.default_templates())


def test_refusal_before_2024_offers_the_direct_lawsuit(world):
    application = apply(world.education, world.clerk, D(2023, 11, 1))
    services.record_reply(application, world.clerk, replied_on=D(2023, 11, 20), outcome="t3.refused.state_secret")
    text = _text(_open(documents.render_document(application, "reply_refused", world.clerk)))
    assert "属于国家秘密" in text and "第十四条" in text and REMEDY_COURT in text and REVIEW_FIRST not in text


def test_edited_template_changes_the_output(world):
    application = apply(world.education, world.clerk, RECEIVED)
    _supplement(application, world.clerk)
    template = DocumentTemplate.objects.get(kind="supplement")
    template.number = "九台教育依申补〔{{ year }}〕{{ serial }}号"
    template.body += "\n联系人：王五，电话：0431-82345678（{{ tracking_code }}）"
    template.full_clean()
    template.save()
    text = _text(_open(documents.render_document(application, "supplement", world.clerk)))
    assert f"联系人：王五，电话：0431-82345678（{application.tracking_code}）" in text
    assert "九台教育依申补〔2026〕1号" in text


def test_template_that_does_not_compile_is_refused(db):
    template = DocumentTemplate.objects.get(kind="supplement")
    template.body = "{% if applicant %}未闭合"
    with pytest.raises(ValidationError, match="模板有误"):
        template.full_clean()


def test_document_for_a_step_that_did_not_happen_is_refused(world, client):
    application = apply(world.education, world.clerk, RECEIVED)
    _supplement(application, world.clerk)
    for kind in ("extension", "fee", "consultation", "reply_granted"):
        with pytest.raises(services.ApplicationError, match="不能生成该文书"):
            documents.render_document(application, kind, world.clerk)
    with pytest.raises(services.ApplicationError, match="没有「nonsense」这种文书"):
        documents.render_document(application, "nonsense", world.clerk)
    # A consultation of another agency is a step, but not one that calls for the third-party letter.
    other = apply(world.education, world.clerk, RECEIVED)
    services.start_consultation(other, world.clerk, kind="agency_consultation", on=D(2026, 3, 5), party="九台区民政局")
    with pytest.raises(services.ApplicationError, match="不能生成该文书"):
        documents.render_document(other, "consultation", world.clerk)
    response = login(client, world.clerk).get(f"/applications/{application.pk}/documents/extension.docx")
    assert response.status_code == 302 and IssuedDocument.objects.count() == 0


def test_number_is_given_once_per_step_and_series(world):
    first = apply(world.education, world.clerk, RECEIVED)
    second = apply(world.education, world.clerk, RECEIVED)
    for application in (first, second):
        services.record_reply(application, world.clerk, replied_on=D(2026, 3, 25), outcome="t3.granted")
    _supplement(apply(world.education, world.clerk, RECEIVED), world.clerk)
    for _ in range(2):
        documents.render_document(first, "reply_granted", world.clerk)
    documents.render_document(second, "reply_granted", world.clerk)
    numbers = list(IssuedDocument.objects.values_list("number", flat=True))
    assert numbers == ["九教依申复〔2026〕1号", "九教依申复〔2026〕2号"]


def test_2008_regulation_applications_are_refused(world):
    application = apply(world.education, world.clerk, D(2018, 3, 1))
    services.record_reply(application, world.clerk, replied_on=D(2018, 3, 20),
                          outcome=next(iter(documents.rules.outcomes("legacy"))))
    with pytest.raises(services.ApplicationError, match="2007年《条例》"):
        documents.render_document(application, "reply_granted", world.clerk)


def test_review_body_of_a_government_is_the_government_above(world):
    assert documents.review_body(world.town) == "长春市九台区人民政府"
    assert documents.review_body(world.government) == "上一级人民政府"


def test_permissions(world, client):
    application = apply(world.education, world.clerk, RECEIVED)
    services.record_reply(application, world.clerk, replied_on=D(2026, 3, 25), outcome="t3.granted")
    listing = f"/applications/{application.pk}/documents/"
    download = f"{listing}reply_granted.docx"
    assert client.get(download).status_code == 302  # to the login page
    for user in (world.other_clerk, world.reviewer, world.outsider, world.nobody):
        client.force_login(user)
        assert client.get(listing).status_code == 403, user
        assert client.get(download).status_code == 403, user
        with pytest.raises(Exception, match="权限"):
            documents.render_document(application, "reply_granted", user)
    for user in (world.clerk, world.admin):
        client.force_login(user)
        page = client.get(listing)
        assert page.status_code == 200 and "答复书（予以公开）" in page.content.decode()
        response = client.get(download)
        assert response.status_code == 200 and response["Content-Type"] == documents.MEDIA_TYPES["docx"]
        assert "张三丰" in _text(_open(response.content))
    detail = client.get(f"/applications/{application.pk}/").content.decode()
    assert listing in detail


def test_without_a_designation_no_number_is_given(world):
    application = apply(world.education, world.clerk, RECEIVED)
    _supplement(application, world.clerk)
    world.education.designation = ""
    world.education.save()
    with pytest.raises(services.ApplicationError, match="「九台区教育局」尚未填写机关代字"):
        documents.render_document(application, "supplement", world.clerk)
    assert IssuedDocument.objects.count() == 0


def test_the_documents_list_shows_each_documents_date_and_both_downloads(world, client):
    application = apply(world.education, world.clerk, RECEIVED)
    _extension(application, world.clerk)  # decided on 3月20日, the letter dated 3月23日 when the applicant is told
    page = login(client, world.clerk).get(f"/applications/{application.pk}/documents/").content.decode()
    assert "2026年3月23日" in page and "下载 PDF" in page and "下载 DOCX" in page


def test_a_document_as_pdf_has_the_same_number_and_embedded_open_fonts(world, client):
    application = apply(world.education, world.clerk, RECEIVED)
    services.record_reply(application, world.clerk, replied_on=D(2026, 3, 25), outcome="t3.granted")
    login(client, world.clerk)
    docx = client.get(f"/applications/{application.pk}/documents/reply_granted.docx")
    pdf = client.get(f"/applications/{application.pk}/documents/reply_granted.pdf")
    assert pdf["Content-Type"] == "application/pdf" and ".pdf" in pdf["Content-Disposition"]
    text = "".join(page_text(pdf.content))
    assert "九教依申复〔2026〕1号" in text and "九教依申复〔2026〕1号" in _text(_open(docx.content))
    assert "九台区教育局" in text and "2026年3月25日" in text
    assert fonts(pdf.content) <= OPEN_CJK_FONTS and IssuedDocument.objects.count() == 1
