"""Web pages in: main text without the site's boilerplate, title, publisher, address and date from
invented pages in five layouts, in the encodings they are served in; hostile bytes never crash."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.errors import RendaError
from renda.ingest.reader import Article
from renda.ingest.web.charset import decode_page
from renda.ingest.web.dates import published
from renda.ingest.web.page import read_page
from renda.ingest.web.prepare import prepare
from tests.web_fixtures import Sample, index_page, render, samples

SAMPLES = samples()
# words of the templates' menus, breadcrumbs, hot lists, related links, comments, sharing and footers
BOILERPLATE = (
    "首页", "人大要闻", "您现在的位置", "当前位置", "热点文章", "相关文章", "相关新闻", "推荐阅读", "阅读排行",
    "网友", "留言", "评论", "讀者回應", "寫得很好", "支持支持", "这个项目什么时候完工", "版权所有", "版權所有",
    "ICP", "分享到",
    "打印本页", "关闭窗口", "友情链接", "技术支持", "延伸閱讀", "停车难的问题一直没解决",
)  # fmt: skip


def page(sample: Sample) -> Article:
    article = prepare(Article("", sample.file_name, 0, html=render(sample)))
    assert article is not None
    return article


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.name)
def test_the_main_text_is_the_body_as_written(sample: Sample) -> None:
    got = read_page(decode_page(render(sample), None, sample.name), sample.url)
    assert got.text == sample.body
    assert got.title == sample.title


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.name)
def test_no_boilerplate_reaches_the_extractor(sample: Sample) -> None:
    text = page(sample).text
    assert sample.body in text and text.startswith(sample.title)
    assert [w for w in BOILERPLATE if w in text] == []


def test_boilerplate_words_are_in_the_pages_themselves() -> None:
    """The negative side: the pages do hold every boilerplate word the test above looks for."""
    pages = "".join(decode_page(render(s), None, s.name) for s in SAMPLES)
    assert [w for w in BOILERPLATE if w not in pages] == []


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.name)
def test_date_and_how_it_was_found(sample: Sample) -> None:
    got = page(sample)
    assert (got.published, got.published_from) == (sample.date, sample.published_from)


def test_a_page_that_states_no_date_has_none() -> None:
    html = "<html><body><div><p>县人大常委会召开会议，研究部署代表工作。</p></div></body></html>"
    assert published(html, "县人大常委会召开会议。", "http://www.x.example.cn/a/88213.html") == ("", "")
    assert published(html, "", "http://www.x.example.cn/rdyw/202404/t20240418_5531.html") == ("2024-04-18", "url")


def test_publisher_and_address_come_from_the_page() -> None:
    by_name = {s.name: page(s) for s in SAMPLES}
    assert by_name["wanzai-sewage"].publisher == "万载县人大网"  # <meta SiteName>, and the <title> suffix
    assert by_name["shaoxing-community"].publisher == "绍兴人大"  # only the <title> suffix (title - site)
    assert by_name["zhuji-legislation"].publisher == "诸暨融媒"  # og:site_name
    assert by_name["fengqiao-vote"].publisher == ""  # the page names no site
    assert by_name["wanzai-sewage"].url.endswith("t20240506_1001.html")  # the browser's "saved from url"
    assert by_name["fengqiao-vote"].url.endswith("t20240418_5531.html")  # <link rel=canonical>
    assert page_without_address().url == ""


def page_without_address() -> Article:
    html = "<html><body><div><p>县人大常委会召开会议，研究部署代表工作，要求各代表小组开展活动。</p></div></body>"
    article = prepare(Article("", "a.html", 0, html=html))
    assert article is not None
    return article


def test_a_page_without_article_text_is_passed_over() -> None:
    assert prepare(Article("", "list.html", 0, html=index_page())) is None
    assert prepare(Article("", "empty.html", 0, html=b"")) is None


@pytest.mark.parametrize(
    "encoding, served, declare",
    [
        ("gbk", None, "gb2312"),  # GBK bytes (王镕: not in GB2312) under a GB2312 label
        ("gb18030", None, None),  # nothing declared anywhere
        ("big5", None, "big5"),
        ("big5", None, None),
        ("utf-8", None, None),
        ("gbk", "GBK", "utf-8"),  # the server's charset beats a wrong <meta>
        ("utf-8", "gb2312", None),  # a wrong server label that does not decode is passed over
    ],
)
def test_encodings_as_served(encoding: str, served: str | None, declare: str | None) -> None:
    text = "县人大常委会主任王镕主持会议" if encoding != "big5" else "縣人大常委會主任王志明主持會議"
    meta = f'<meta charset="{declare}">' if declare else ""
    html = f"<html><head>{meta}<title>{text[:4]}</title></head><body><p>{text}。</p></body></html>"
    assert text in decode_page(html.encode(encoding), served, "p.html")


def test_a_declared_label_is_read_as_its_superset() -> None:
    data = "<meta charset='gb2312'><p>王镕</p>".encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb2312")
    assert "王镕" in decode_page(data, None, "p.html")


def test_binary_data_is_refused_with_its_place() -> None:
    with pytest.raises(RendaError, match=r"^crawl.warc@120: a binary file"):
        decode_page(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None, "crawl.warc@120")
    assert "会议" in decode_page(codecs.BOM_UTF16_LE + "<p>会议</p>".encode("utf-16-le"), None, "p.html")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=3000),
        st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.lists(
            st.sampled_from(
                ["<div>", "</div>", "<p>", "</p>", "<table><tr><td>", "<!--", "县人大。", "<meta charset=big5>", "\x00"]
            ),
            max_size=60,
        ).map(lambda xs: "".join(xs).encode("utf-8")),
    )
)
def test_hostile_pages_are_an_article_nothing_or_a_renda_error(data: bytes) -> None:
    try:
        got = prepare(Article("", "h.html", 0, html=data))
    except RendaError:
        return
    assert got is None or (got.text and got.html is None)


@pytest.mark.parametrize("template", ["county-table", "city-portal", "rongmei-news", "url-date-only", "gov-disclosure"])
@pytest.mark.parametrize("sample", [s for s in SAMPLES if s.encoding != "big5"], ids=lambda s: s.name)
def test_every_layout_gives_every_article_its_body(template: str, sample: Sample) -> None:
    got = read_page(render(sample, template=template, encoding="utf-8").decode("utf-8"), sample.url)
    assert got.text == sample.body
    assert [w for w in BOILERPLATE if w in got.text] == []


def test_a_control_character_where_the_pruning_joins_texts_is_dropped() -> None:
    # a byte a damaged crawl left (\x0b) after a navigation block the pruning drops: lxml refused the
    # joined text (ValueError); the page reads as if the byte were not there
    body = "5月6日，县人大常委会副主任带领部分代表视察了城东污水处理厂改造工程，听取了情况汇报。"
    html = f"<html><head><title>视察</title></head><body><nav>导航</nav>\x0b尾<article><p>{body}</p></article>"
    assert read_page(html).text == read_page(html.replace("\x0b", "")).text == body
    assert read_page("<html><body><p>\x00\x01</p></body></html>").text == ""
