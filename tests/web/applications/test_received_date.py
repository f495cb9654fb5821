"""收到申请之日 per intake channel cites the item of 2019《条例》第三十一条 that governs it. Art. 31 has
three items: （一） in person, （二） post (a signed-for letter, and an ordinary letter confirmed the same
day), （三） the internet channel or the disclosure office's fax, on the day both sides confirm."""

from gongkai.web.applications import rules

ARTICLE_31 = {
    "in_person": "第三十一条第（一）项",
    "letter": "第三十一条第（二）项",
    "fax": "第三十一条第（三）项",
    "online": "第三十一条第（三）项",
}


def test_each_channel_cites_its_item_of_article_31():
    assert {channel: entry["article"] for channel, entry in rules.received_date_rules().items()} == ARTICLE_31


def test_no_channel_cites_an_item_article_31_does_not_have():
    assert not any("第（四）项" in entry["article"] for entry in rules.received_date_rules().values())
