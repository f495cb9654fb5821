"""The demo district's register (``load_demo``): a few thousand generated items of 九台区's agencies over
2014–2016 and this year, about as many in 2015 as the seed report typed by hand (4,245), with plausible
titles per category, normative documents (some repealing earlier ones), several channels per item and
a few late publications; each agency's 指南, published. The items go in through the CSV import, as an
agency's CMS export would."""

import csv
import datetime
import random
import tempfile
from pathlib import Path

from django.utils import timezone

from gongkai.deadlines import load_rules
from gongkai.web.agencies.models import Agency
from gongkai.web.proactive import guides, imports, rules
from gongkai.web.proactive.models import AgencyProfile, Item

# Items per year of the demo, spread over the agencies (weights) and categories.
PER_YEAR = {2014: 1200, 2015: 4180, 2016: 1500}
THIS_YEAR_ITEMS = 240
NORMATIVE = {2014: 12, 2015: 16, 2016: 14}  # 制发 per year, all by the district government's office
TITLES = {
    "0101": ["{agency}主要职责", "{agency}机构设置及职能调整情况"],
    "0102": ["{agency}领导班子成员及分工"],
    "0202": ["关于印发{year}年{topic}工作方案的通知", "关于做好{year}年{topic}工作的通知",
             "关于开展{topic}专项整治的通知"],
    "0203": ["{agency}关于{topic}有关事项的通知", "{agency}{year}年{topic}工作要点"],
    "0401": ["九台区{year}年国民经济和社会发展计划执行情况"],
    "0501": ["{agency}{year}年部门预算", "{agency}{year}年部门决算", "{year}年九台区财政预算执行情况"],
    "0502": ["{agency}{year}年“三公”经费预算情况说明"],
    "0601": ["九台区人民政府关于{name}等同志任免职务的通知"],
    "0602": ["九台区{year}年公开招聘{topic}工作人员公告", "九台区{year}年{topic}岗位拟聘用人员公示"],
    "0701": ["九台区{year}年义务教育阶段学校招生工作方案", "关于{year}年学前教育资助资金发放情况的公示",
             "九台区{year}年中小学教师招聘考试成绩公告"],
    "0702": ["九台区{year}年{topic}疫情防控工作通告", "九台区新型农村合作医疗{year}年度补偿情况公示"],
    "0703": ["九台区{year}年第{n}季度城乡居民最低生活保障资金发放情况", "九台区{year}年{n}月城市低保对象名单公示",
             "关于调整{year}年城乡低保标准的通知", "九台区{year}年养老保险待遇调整情况"],
    "0704": ["九台区{year}年{n}月空气质量状况", "{topic}建设项目环境影响评价公示"],
    "0705": ["九台区{topic}项目征收土地方案公告", "{topic}项目房屋征收补偿方案"],
    "0706": ["九台区{year}年第{n}期食品安全监督抽检信息"],
    "0707": ["九台区{year}年安全生产{topic}检查情况通报"],
    "0801": ["{agency}行政许可事项目录", "{agency}{year}年{n}月行政许可决定公示"],
    "0802": ["{agency}{year}年{n}月行政处罚决定公示"],
    "1001": ["{agency}召开{year}年{topic}工作会议", "{agency}开展{topic}宣传活动", "{agency}深入基层调研{topic}工作"],
    "1002": ["{agency}关于{topic}的公告", "{agency}{year}年{topic}工作情况通报"],
}
TOPICS = ["春季植树造林", "防汛抗旱", "秸秆禁烧", "扶贫开发", "农村危房改造", "城乡环境整治", "安全生产大检查",
          "政务公开", "招商引资", "冬季供暖", "道路交通安全", "中小学校舍安全", "城乡居民医疗保险", "就业援助",
          "棚户区改造", "森林防火", "食品安全", "农田水利建设"]
NAMES = ["张伟", "王芳", "李强", "刘洋", "陈静", "杨军", "赵敏", "孙磊"]
NORMATIVE_TOPICS = ["城乡居民最低生活保障审批管理", "政府信息公开工作", "行政执法责任制", "城市管理",
                    "农村集体土地征收补偿", "政府投资项目管理", "重大行政决策程序", "财政专项资金管理",
                    "廉租住房保障", "城乡居民医疗救助",
                    "农村危房改造补助", "公共资源交易管理", "行政事业单位国有资产管理", "殡葬管理", "户外广告设置管理",
                    "建设工程招标投标管理"]
CHANNELS = [("网站", 86), ("网站；政务微博", 9), ("网站；政务微信", 1), ("网站；其他方式", 1), ("政务微博", 1),
            ("政府公报；网站", 1), ("其他方式", 1)]
HEADER = ["来源编号", "信息名称", "发布机构", "文号", "成文日期", "生成日期", "发布日期", "主题分类", "体裁", "正文",
          "规章或规范性文件", "效力状态", "失效或废止日期", "公开渠道", "政府公报期号", "网址"]
GUIDE = """一、主动公开
（一）公开范围：{agency}按照《中华人民共和国政府信息公开条例》第十九条、第二十条的规定主动公开政府信息。
（二）公开方式：政府网站政府信息公开专栏、政府公报、政务微博、政务微信、政府信息公开查阅点。
（三）公开时限：属于主动公开范围的政府信息，自该政府信息形成或者变更之日起{publish_days}个工作日内予以公开。
二、依申请公开
（一）受理机构：{agency}办公室，地址：长春市九台区新华大街。
（二）申请方式：当面、信函、传真或网络提交《政府信息公开申请表》。
（三）答复期限：能够当场答复的当场答复；不能当场答复的，自收到申请之日起{reply_days}个工作日内予以答复。
三、监督和救济
公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向九台区政务公开协调办公室投诉、举报，
也可以依法申请行政复议或者提起行政诉讼。"""


def _periods() -> dict[str, int]:
    """The 指南's periods, from their rules: Art. 26 for publication, the regulation in force for replies."""
    reply = load_rules().regulation_for(timezone.localdate()).limits["reply"].working_days
    return {"publish_days": rules.timeliness_days(), "reply_days": reply}


def _date(rng: random.Random, year: int) -> datetime.date:
    return datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))


def _rows(agencies: list[Agency], office: Agency, today: datetime.date):
    rng = random.Random(2015)
    weights = [4 if agency.kind == Agency.Kind.DEPARTMENT else 2 for agency in agencies]
    categories = list(TITLES)
    channels, channel_weights = zip(*CHANNELS, strict=True)
    serial = 0
    years = {**PER_YEAR, today.year: THIS_YEAR_ITEMS}
    for year, count in years.items():
        for _ in range(count):
            serial += 1
            agency = rng.choices(agencies, weights)[0]
            category = rng.choice(categories)
            title = rng.choice(TITLES[category]).format(agency=agency.name, year=year, topic=rng.choice(TOPICS),
                                                        n=rng.randrange(1, 13), name=rng.choice(NAMES))
            formed = _date(rng, year)
            # Mostly within a few working days; one in thirty late (beyond Art 26's period).
            delay = rng.randrange(35, 60) if rng.random() < 1 / 30 else rng.randrange(0, 8)
            published = min(formed + datetime.timedelta(days=delay), datetime.date(year, 12, 31), today)
            formed = min(formed, published)
            channel = rng.choices(channels, channel_weights)[0]
            yield [f"JT{serial:06d}", f"{title}（{serial}）" if rng.random() < 0.02 else title, agency.name, "",
                   "", formed.isoformat(), published.isoformat(), category, "通知" if "通知" in title else "其他",
                   f"{title}。\n各有关单位：现将{title}有关事项公布如下，请遵照执行。", "", "", "", channel,
                   f"{year}年第{published.month}期" if "政府公报" in channel else "",
                   f"http://www.jiutai.gov.cn/xxgk/{year}/{serial}.html" if "网站" in channel else ""]
    # Normative documents: the district's 九政发 and 九政办发, some repealing an earlier year's.
    earlier: list[str] = []
    for year, count in NORMATIVE.items():
        for number in range(1, count + 1):
            serial += 1
            topic = NORMATIVE_TOPICS[(number + year) % len(NORMATIVE_TOPICS)]
            issued = datetime.date(year, 1, 15) + datetime.timedelta(days=number * 20)
            document_number = f"九政{'办' if number % 2 else ''}发〔{year}〕{number}号"
            yield [f"JTN{serial:06d}", f"长春市九台区人民政府关于印发九台区{topic}办法的通知", office.name,
                   document_number, issued.isoformat(), issued.isoformat(),
                   (issued + datetime.timedelta(days=5)).isoformat(), "0201", "通知",
                   f"《九台区{topic}办法》已经区政府常务会议审议通过，现印发给你们，请认真贯彻执行。", "行政规范性文件",
                   "有效", "", "网站；政府公报", f"{year}年第{issued.month}期",
                   f"http://www.jiutai.gov.cn/xxgk/gfxwj/{year}/{number}.html"]
            earlier.append(f"JTN{serial:06d}")


def _repeals() -> None:
    """Three of 2014's normative documents repealed by 2016's (on the later one's issue date)."""
    older = list(Item.objects.filter(normative_kind="normative", document_date__year=2014).order_by("pk")[:3])
    newer = list(Item.objects.filter(normative_kind="normative", document_date__year=2016).order_by("pk")[:3])
    for old, new in zip(older, newer, strict=False):
        old.validity, old.invalid_on, old.repealed_by = Item.Validity.REPEALED, new.document_date, new
        old.save(update_fields=["validity", "invalid_on", "repealed_by"])  # and its publishers' copies


def load(government: Agency, agencies: dict[str, Agency], admin, office_name: str) -> int:
    """Load the register unless the district has one; returns the number of items."""
    subtree = government.subtree()
    if Item.objects.filter(agency__in=subtree).exists():
        return Item.objects.filter(agency__in=subtree).count()
    for index, agency in enumerate(subtree.order_by("pk"), start=1):
        AgencyProfile.objects.get_or_create(agency=agency, defaults={
            "organisation_code": f"1122018100{index:04d}", "established_on": datetime.date(1990, 1, 1)})
    members = [agency for agency in subtree.order_by("pk") if agency.name != office_name]
    publishing_office = agencies.get("九台区人民政府办公室", government)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "九台区政府网站导出.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows(_rows(members, publishing_office, timezone.localdate()))
        mapping = imports.guess_mapping(HEADER)
        result = imports.run(path, path.name, government, admin, mapping, list(subtree))
    if result.errors:
        raise RuntimeError("; ".join(str(error) for error in result.errors[:5]))
    _repeals()
    for agency in members:
        if guides.published(agency) is None:
            guide = guides.save_draft(agency, admin, GUIDE.format(agency=agency.name, **_periods()))
            guides.submit(guide, admin)
            guides.review(guide, admin, approve=True)
    return result.created
