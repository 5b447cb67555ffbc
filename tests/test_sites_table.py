"""Sites to places: the shipped table (every code in the gazetteer, every name telling its place),
a user's --sites file (file:line errors), matching by domain and by publisher name, and the hint's
rank: a record's area, then --area, then the site; the text still decides where it says otherwise."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.cli import main
from renda.errors import RendaError
from renda.ingest.gazetteer import gazetteer
from renda.ingest.reader import Article
from renda.ingest.sites import Sites, domain_place, is_domain, load, named_place, parse, shipped, sites
from renda.ingest.web.prepare import prepare
from tests.web_fixtures import WEB, Sample, render, samples

SHIPPED = Path(__file__).resolve().parents[1] / "renda" / "ingest" / "data" / "sites.csv"
SAMPLE = {s.name: s for s in samples()}


def test_every_shipped_name_tells_its_place() -> None:
    rows = list(csv.reader(SHIPPED.open(encoding="utf-8")))[1:]
    assert len(rows) >= 30
    gaz = gazetteer()
    for site, code in rows:
        assert gaz.name(code) != code, (site, code)
        if not is_domain(site):  # 绍兴人大 is Shaoxing's: the name holds the division's short name
            official = gaz.name(code)
            assert site[:2] == official[:2], (site, official)
    table = shipped()
    assert table.area_of("", "绍兴人大网") == ("3306", "绍兴人大")
    assert table.area_of("http://www.zjrd.gov.cn/rdyw/1.html") == ("33", "zjrd.gov.cn")


def test_matching_by_domain_path_and_name() -> None:
    t = load(WEB / "sites.csv")
    assert t.area_of("http://WWW.wzrd.example.cn/rdyw/1.html") == ("360922", "wzrd.example.cn")
    assert t.area_of("https://m.sxrd.example.cn/a") == ("3306", "sxrd.example.cn")  # a subdomain
    assert t.area_of("http://www.fqz.example.cn/gzdt/202404/t1.html") == ("330681109", "fqz.example.cn/gzdt")
    assert t.area_of("", "诸暨融媒") == ("330681", "诸暨融媒")
    assert t.area_of("", " 萬載縣人大網 ") == ("360922", "万载县人大")  # traditional script, spaces, 网
    # the negatives: a look-alike host, another path, a name that only contains a listed one
    assert t.area_of("http://notwzrd.example.cn/") is None
    assert t.area_of("http://www.fqz.example.cn/other/1.html") is None
    assert t.area_of("", "诸暨融媒体中心记者站") is None
    assert t.area_of("", "") is None


def test_a_users_file_extends_the_shipped_table_and_wins() -> None:
    mine = parse("site,area\n绍兴人大,330602\nwzrd.example.cn,360922\n", "mine.csv")
    both = sites(None).extended(mine)
    assert both.area_of("", "绍兴人大") == ("330602", "绍兴人大")
    assert both.area_of("", "浙江人大") == ("33", "浙江人大")
    assert shipped().area_of("http://wzrd.example.cn/") is None


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("site,code\nzjrd.gov.cn,33\n", 1, "expected the header site,area"),
        ("", 1, "expected the header"),
        ("site,area\nzjrd.gov.cn,33\nbjrd.gov.cn,11,x\n", 3, "expected 2 fields"),
        ("site,area\n,33\n", 2, "an empty site"),
        ("site,area\nzjrd.gov.cn,999999\n", 2, "not a division code"),
        ("site,area\n绍兴人大,3306\n紹興人大網,3301\n", 3, "listed twice"),
    ],
)
def test_a_bad_row_is_its_file_and_line(text: str, line: int, message: str) -> None:
    with pytest.raises(RendaError, match=f"^mine.csv:{line}: .*{message}"):
        parse(text, "mine.csv")


def test_the_same_row_twice_is_not_a_conflict() -> None:
    assert parse("site,area\n绍兴人大,3306\n绍兴人大网,3306\n", "t.csv").names == {"绍兴人大": "3306"}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_a_table_or_a_renda_error(text: str) -> None:
    try:
        table = parse("site,area\n" + text, "h.csv")
    except RendaError as e:
        assert str(e).startswith("h.csv:")
        return
    assert isinstance(table, Sites)


def extract(tmp_path: Path, *args: str) -> list[dict[str, object]]:
    r = CliRunner().invoke(main, ["-q", "extract", "--jobs", "1", *args])
    assert r.exit_code == 0, r.output
    return [json.loads(line)["source"] for line in r.stdout.splitlines()]


def save(tmp_path: Path, name: str) -> str:
    path = tmp_path / SAMPLE[name].file_name
    path.write_bytes(render(SAMPLE[name]))
    return str(path)


def test_the_site_gives_the_home_of_an_article_that_names_only_its_county_as_ours(tmp_path: Path) -> None:
    """万载: the page says 县人大常委会 and 我县, never the county's name."""
    page = save(tmp_path, "wanzai-sewage")
    assert "万载" not in SAMPLE["wanzai-sewage"].body
    (source,) = extract(tmp_path, "--sites", str(WEB / "sites.csv"), page)
    assert (source["home_area"], source["home_area_rule"], source["home_area_hint"]) == (
        "360922",
        "hint",
        "site:wzrd.example.cn",
    )
    (by_name,) = extract(tmp_path, page)  # no --sites: the publisher, 万载县人大网, is named after its county
    assert (by_name["home_area"], by_name["home_area_hint"]) == ("360922", "publisher:万载县")
    s = SAMPLE["wanzai-sewage"]
    unnamed = tmp_path / "unnamed.html"  # the same page from a site that names no place: no hint
    unnamed.write_bytes(render(Sample(**{**s.__dict__, "fields": {**s.fields, "site": "某某人大网", "url": ""}})))
    (without,) = extract(tmp_path, str(unnamed))
    assert without["home_area"] != "360922" and "home_area_hint" not in without


def test_area_beats_the_site_and_a_records_area_beats_both(tmp_path: Path) -> None:
    page = save(tmp_path, "wanzai-sewage")
    (source,) = extract(tmp_path, "--sites", str(WEB / "sites.csv"), "--area", "360923", page)
    assert (source["home_area"], source["home_area_hint"]) == ("360923", "--area")
    record = tmp_path / "r.jsonl"
    s = SAMPLE["wanzai-sewage"]
    record.write_text(json.dumps({"html": render(s, encoding="utf-8").decode(), "url": s.url, "area": "360924"}))
    (source,) = extract(tmp_path, "--sites", str(WEB / "sites.csv"), "--area", "360923", str(record))
    assert (source["home_area"], source["home_area_hint"]) == ("360924", "record")


def test_the_text_still_decides_where_it_names_another_place(tmp_path: Path) -> None:
    """诸暨融媒's page names 诸暨市 itself; a wrong site row does not move it."""
    table = tmp_path / "wrong.csv"
    table.write_text("site,area\n诸暨融媒,360922\n", encoding="utf-8")
    (source,) = extract(tmp_path, "--sites", str(table), save(tmp_path, "zhuji-legislation"))
    assert source["home_area"] == "330681"


def test_a_bad_sites_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    table = tmp_path / "bad.csv"
    table.write_text("site,area\nzjrd.gov.cn,33\nbad.example.cn,12345\n", encoding="utf-8")
    for cmd in (["extract"], ["--db", str(tmp_path / "s.db"), "ingest", "articles"]):
        r = CliRunner().invoke(main, ["-q", *cmd, "--sites", str(table), save(tmp_path, "wanzai-sewage")])
        assert r.exit_code == 2
        assert r.stderr.strip().splitlines() == [
            f"renda: error: {table}:3: not a division code the gazetteer knows: '12345'"
        ]


def test_plain_text_is_untouched_by_the_table() -> None:
    article = Article("绍兴人大讯 县人大常委会召开会议。\n", "a.txt", 0)
    assert prepare(article, shipped()) == article


@pytest.mark.parametrize(
    "publisher, hint",
    [
        ("万载县人大网", ("360922", "万载县")),
        ("诸暨市融媒体中心", ("330681", "诸暨市")),
        ("枫桥镇人民政府", ("330681109", "枫桥镇")),
        ("朝阳区人大", None),  # two 朝阳区: Beijing's and Changchun's
        ("万载人大", None),  # a short form: the shipped table lists the short names it knows
        ("万载县", None),  # no institution after the name
        ("中国人大网", None),
        ("新华网", None),
    ],
)
def test_a_publisher_named_after_its_division(publisher: str, hint: tuple[str, str] | None) -> None:
    assert named_place(publisher) == hint


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_an_address_spells_one_known_division_or_none(url: str) -> None:
    hit = domain_place(url)
    assert hit is None or (hit[0] in gazetteer().divisions and len(hit[0]) <= 6 and hit[1] in url.lower())


def test_an_address_spells_a_county_by_its_name_with_or_without_its_level_word() -> None:
    assert domain_place("https://www.liyang.gov.cn/a") == ("320481", "liyang")  # 溧阳市
    assert domain_place("http://wanzaixian.gov.cn/") == ("360922", "wanzaixian")  # 万载县
    assert domain_place("http://rd.sanya.gov.cn/x")[0] == "4602"
    # a city and a county inside it: the county; two unrelated places: none
    assert domain_place("http://wanzai.yichun.example.cn/")[0] == "360922"
    assert domain_place("http://wanzai.linqu.example.cn/") is None
    assert domain_place("http://news.example.gov.cn/") is None


def test_an_address_spells_a_place_inside_a_place_by_initials_or_in_full() -> None:
    assert domain_place("https://www.cztn.gov.cn/html/x") == ("320402", "cztn")  # 常州市天宁区
    assert domain_place("http://www.bjft.gov.cn/a") == ("110106", "bjft")  # 北京市丰台区
    assert domain_place("https://www.shcm.gov.cn/cmrd/") == ("310151", "shcm")  # 上海市崇明区
    assert domain_place("http://rd.xh.sh.cn/rdweb/") == ("310104", "xh.sh")  # two labels: 徐汇 under 上海
    assert domain_place("http://wsllz.henanrd.gov.cn/zgrd/") == ("41", "henanrd")  # 河南省, not 河南县
    assert domain_place("https://www.sanyarb.com.cn/x")[0] == "4602"  # 三亚日报


def test_initials_alone_or_an_ending_read_as_a_place_spell_nothing() -> None:
    assert domain_place("http://thrd.gov.cn/") is None  # th: 太湖, 泰和, 通化…: a county's initials alone
    assert domain_place("http://jssrd.gov.cn/Web/") is None  # rd is 人大, not 如东 (rudong)
    assert domain_place("http://www.lunannews.com/x") is None  # a paper's name, not 路南区


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_address_is_looked_up_without_an_error(url: str) -> None:
    assert shipped().area_of(url) is None or shipped().area_of(url)[0] in gazetteer().divisions
    assert shipped().area_of("http://[bad/x") is None


def test_a_label_s_hyphened_parts_are_read_alone() -> None:
    assert domain_place("http://m-baokang.cjyun.org/p/6364.html") == ("420626", "baokang")  # 保康县
    assert domain_place("http://news-center.example.com/") is None


def test_domain_initials_are_the_divisions_a_labels_initials_spell() -> None:
    from renda.ingest.sites import domain_initials

    assert "450722" in domain_initials("http://pbxrd.gov.cn/onews.asp?id=788")  # 浦北县: p-b-x, then rd
    assert "4311" in domain_initials("https://www.yzrdw.gov.cn/content/1.html")  # 永州市 among the yz
    assert domain_initials("http://www.example.com/x") == [] and domain_initials("") == []


def test_domain_initials_read_a_label_ending_in_net() -> None:
    from renda.ingest.sites import domain_initials

    assert "440106" in domain_initials("http://renda.thnet.gov.cn/renda/xinghua/1.html")  # th: 天河区 among them
    assert domain_initials("http://www.net.cn/") == []  # net alone spells nothing
