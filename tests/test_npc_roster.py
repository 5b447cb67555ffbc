"""renda convert npc-roster: the saved 14th-NPC Wikipedia roster -> record files; each parsing rule on made-up HTML."""

from __future__ import annotations

import html as htmllib
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from renda.cli import main
from renda.errors import RendaError
from renda.records.schemas import schemas
from renda.records.sources.cells import clean_name, fuzzy_date, link_qualifier, split_posts, strip_marks
from renda.records.sources.npc.page import parse_page
from renda.records.sources.npc.roster import Conversion, convert_npc_roster, write_records
from renda.records.sources.posts import read_posts, role_ok

ROSTER_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "npc14-wikipedia"
ROSTER = ROSTER_DIR / "roster.html"
SCHEMAS = schemas()
HEADING = re.compile(r'<span class="mw-headline" id="[^"]*">([^<]+（(\d+)名）)</span>')


@pytest.fixture(scope="module")
def roster_html() -> str:
    if not ROSTER.is_file():
        pytest.skip(f"the saved roster page is not there: {ROSTER} (see DESIGN.md, 'Data shipped to the project')")
    return ROSTER.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def roster(roster_html: str) -> Conversion:
    return convert_npc_roster(roster_html)


def deputies_of(conv: Conversion, delegation: str) -> list[dict[str, str]]:
    return [r for r in conv.rows["deputies"] if r["delegation"] == delegation]


def tables_by_regex(page: str) -> dict[str, tuple[int, list[str]]]:
    """Heading -> (N名, the first cell of each <tr> with <td> cells), read with regexes only."""
    out = {}
    for m in HEADING.finditer(page):
        start = page.index("<table", m.end())
        table = page[start : page.index("</table>", start)]
        names = []
        for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S):
            cells = re.findall(r"<td[^>]*>(.*?)</td>", tr, flags=re.S)
            if cells:
                first = re.sub(r"<sup.*?</sup>", "", cells[0], flags=re.S)
                names.append(htmllib.unescape(re.sub(r"<[^>]+>", "", first)).strip())
        out[m.group(1).split("（")[0]] = (int(m.group(2)), names)
    return out


# --- the real page --------------------------------------------------------------------


def test_every_delegation_table_is_read_row_by_row_in_published_order(roster_html: str, roster: Conversion) -> None:
    expected = tables_by_regex(roster_html)
    assert len(expected) == 35
    for delegation, (_, names) in expected.items():
        rows = deputies_of(roster, delegation)
        assert [r["name"] for r in rows[: len(names)]] == names, delegation
        assert [r["record_id"] for r in rows] == sorted(r["record_id"] for r in rows)
        assert all(r["start_reason"] in ("选举", "补选") for r in rows[: len(names)])


def test_the_page_counts(roster_html: str, roster: Conversion) -> None:
    expected = tables_by_regex(roster_html)
    assert sum(len(names) for _, names in expected.values()) == roster.stats["table_rows"] == 2953
    assert sum(n for n, _ in expected.values()) == roster.stats["seats_by_headings"] == 2951
    assert roster.stats["delegations"] == 35
    assert (roster.stats["departures"], roster.stats["by_elections"], roster.stats["transfers"]) == (29, 3, 18)
    # every table row, plus a row for each departed deputy and for each delegation left
    assert len(roster.rows["deputies"]) == 2953 + 29 + 18 == 3000
    assert len(roster.rows["judgements"]) == 18
    assert roster.rows["terms"] == [
        {
            "body": "congress@CN",
            "term": "14",
            "label": "第十四届全国人民代表大会",
            "start_date": "2023-03-05",
            "end_date": "",
            "seats": "",
            "source_url": "https://zh.wikipedia.org/w/index.php?title=第十四届全国人民代表大会代表名单&oldid=82587672",
        }
    ]


def test_delegation_areas_and_keys(roster: Conversion) -> None:
    first = {r["delegation"]: r for r in reversed(roster.rows["deputies"])}
    assert first["浙江省"]["delegation_area"] == "33" and first["浙江省"]["record_id"] == "npc14-33-001"
    assert first["台湾省"]["delegation_area"] == ""  # NBS 2023 has no divisions for 71
    for heading, key in [
        ("中国人民解放军和中国人民武装警察部队", "pla"),
        ("香港特别行政区", "hk"),
        ("澳门特别行政区", "mo"),
    ]:
        assert first[heading]["delegation_area"] == "" and first[heading]["record_id"] == f"npc14-{key}-001"


def test_same_names_in_different_delegations_stay_apart(roster: Conversion) -> None:
    by_name = defaultdict(list)
    for r in roster.rows["deputies"]:
        if r["end_reason"] != "调离":  # a transferred deputy's old row is the same person
            by_name[r["name"]].append(r)
    shared = {n: rows for n, rows in by_name.items() if len({r["delegation"] for r in rows}) > 1}
    assert len(shared) >= 45
    for rows in shared.values():
        assert len({r["record_id"] for r in rows}) == len(rows)
        for r in rows:
            assert r["record_id"].split("-")[1] in (r["delegation_area"] or "pla hk mo")


def test_same_names_in_one_delegation_get_the_page_s_disambiguator_or_a_warning(roster: Conversion) -> None:
    lhaqiong = [r for r in deputies_of(roster, "西藏自治区") if r["name"] == "拉琼"]
    assert sorted(r["disambiguator"] for r in lhaqiong) == ["劳动模范", "学者"]
    messages = [str(w) for w in roster.warnings]
    for name in ("王天宇", "王永红"):
        assert any(m.startswith(f"河南省: {name} appears 2 times") for m in messages)
    assert roster.stats["same_name_in_a_delegation"] == 3


def test_npcsc_members_are_members_of_the_standing_committee(roster: Conversion) -> None:
    said = {r["record_id"] for r in roster.rows["deputies"] if "全国人大常委会委员" in split_posts(r["job_title"])}
    sc = [m for m in roster.rows["memberships"] if m["org"] == "standing_committee@CN"]
    members = {m["person"] for m in sc if m["role"] == "委员" and m["term"] == "14"}
    assert len(said) == 47 and said <= members
    # the legend: a bold name on an unshaded row is a 全国人大常委会委员, whatever its 职务 says
    legend = [m for m in sc if m["note"].startswith("据名单图例")]
    assert len(legend) == roster.stats["posts"]["from_legend"] == 105
    assert len({m["person"] for m in sc}) == 176  # 175 seats, and members who have left
    basic_law = [m for m in roster.rows["memberships"] if "基本法" in m["post"]]  # their own committees
    assert len(basic_law) == 2 and {m["org_parent"] for m in basic_law} == {"standing_committee@CN"}
    assert {m["org_name"] for m in basic_law} == {
        "全国人大常委会香港特别行政区基本法委员会",
        "全国人大常委会澳门特别行政区基本法委员会",
    }


def test_a_former_post_is_ended_and_one_shanghai_chair_is_current(roster: Conversion) -> None:
    chairs = [m for m in roster.rows["memberships"] if m["org"] == "standing_committee@31" and m["role"] == "主任"]
    assert [m["post"] for m in chairs if not m["end_reason"]] == ["上海市人大常委会主任"]
    assert {m["end_reason"] for m in chairs if m["post"].startswith("原")} == {"离任"}


def test_departures_end_their_rows(roster: Conversion) -> None:
    ended = Counter(r["end_reason"] for r in roster.rows["deputies"])
    assert ended["辞职"] == 4 and ended["罢免"] == 22 and ended["去世"] == 3 and ended["调离"] == 18
    for r in roster.rows["deputies"]:
        if r["end_reason"] in ("辞职", "去世"):
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["end_date"]), r
    removed = {r["name"]: r for r in roster.rows["deputies"] if r["end_reason"] == "罢免"}
    assert sum(1 for r in removed.values() if r["end_date"]) == 21  # 安九熊 has no date anywhere
    assert removed["李志忠"]["end_date"] == "2024-02-27"  # from the delegation's paragraph
    assert "罢免日期据该代表团段落" in removed["李志忠"]["note"]
    dong = removed["董云虎"]
    assert (dong["delegation"], dong["end_date"], dong["start_reason"]) == ("上海市", "2023-07-31", "选举")
    posts = [m for m in roster.rows["memberships"] if m["person"] == dong["record_id"]]
    assert {(m["org"], m["role"], m["end_reason"], m["end_date"]) for m in posts} == {
        ("standing_committee@31", "党组书记", "罢免", "2023-07-31"),
        ("standing_committee@31", "主任", "罢免", "2023-07-31"),
    }


def test_by_elections_and_transfers(roster: Conversion) -> None:
    hu = [r for r in deputies_of(roster, "吉林省") if r["name"] == "胡玉亭"]
    assert [(r["start_reason"], r["start_date"]) for r in hu] == [("补选", "2023-07-27")]
    han = {r["delegation"]: r for r in roster.rows["deputies"] if r["name"] == "韩俊"}
    assert han["吉林省"]["end_reason"] == "调离" and han["安徽省"]["end_reason"] == ""
    assert {"left": han["吉林省"]["record_id"], "right": han["安徽省"]["record_id"]}.items() <= next(
        j for j in roster.rows["judgements"] if j["right"] == han["安徽省"]["record_id"]
    ).items()


def test_only_henan_does_not_reconcile(roster: Conversion) -> None:
    counts = [str(w) for w in roster.warnings if "expected" in w.message or "heading says" in w.message]
    assert counts == [
        "河南省: table has 176 rows, expected 174 (174 elected + 0 by-elected − 1 departed"
        " + 1 transferred in − 0 out, rows kept for the departed)"
    ]


def test_posts_mapped_and_not(roster: Conversion) -> None:
    posts = roster.stats["posts"]
    assert (
        posts["mapped"] + posts["from_legend"] == len(roster.rows["memberships"]) == 1067
    )  # 天津市纪委, 上海市纪委, 上海市监察委员会, 上海市委: a municipality is its own 市; 7 原… posts, ended;
    # 自治区纪委, 自治区监委 (内蒙古): an autonomous region's bodies; 甘孜州州长, 阿坝州副州长, 黔南州州长: an
    # autonomous prefecture by its plain suffix (the gazetteer reads 某某州 as 某某…自治州); 中共黔东南州委原书记:
    # a prefecture named for two nationalities (黔东南苗族侗族自治州) by its plain suffix too
    assert posts["unmapped"] > 0 and posts["former"] > 0
    orgs = {m["org"] for m in roster.rows["memberships"]}
    assert {"standing_committee@CN", "government@33", "party_committee@33:党委"} <= orgs
    assert all(m["role"] != "代表" or not m["org"].startswith("congress@CN") for m in roster.rows["memberships"])


def _schema_problems(kind: str, row: dict[str, str]) -> list[str]:
    spec = SCHEMAS[kind]
    out = [f"unknown column {k}" for k in row if k not in spec["properties"]]
    out += [f"{k} is required" for k in spec["required"] if not row.get(k)]
    for key, value in row.items():
        prop = spec["properties"].get(key, {})
        options = prop.get("oneOf", [prop])
        if not any(
            ("const" in o and value == o["const"])
            or ("const" not in o and value in o.get("enum", [value]) and re.search(o.get("pattern", ""), value))
            for o in options
        ):
            out.append(f"{key}={value!r}")
    return out


def test_every_row_fits_its_schema(roster: Conversion) -> None:
    for kind, rows in roster.rows.items():
        for row in rows:
            assert not _schema_problems(kind, row), (kind, row, _schema_problems(kind, row))
    ids = [r["record_id"] for r in roster.rows["deputies"]]
    assert len(ids) == len(set(ids))
    assert len({m["membership_id"] for m in roster.rows["memberships"]}) == len(roster.rows["memberships"])


def test_the_attribution_is_the_readme_s(roster: Conversion) -> None:
    readme = (ROSTER_DIR / "README.md").read_text(encoding="utf-8")
    url = "https://zh.wikipedia.org/w/index.php?title=第十四届全国人民代表大会代表名单&oldid=82587672"
    assert url in readme and roster.meta["attribution"].endswith(url)
    assert roster.meta["licence"] == "CC BY-SA 4.0" and roster.meta["date"] == "2024-05-10"
    assert (roster.meta["gender_default"], roster.meta["ethnicity_default"]) == ("", "")


# --- the command ----------------------------------------------------------------------


def test_cli_writes_the_record_files(roster_html: str, tmp_path: Path) -> None:
    out = tmp_path / "npc14"
    result = CliRunner().invoke(main, ["convert", "npc-roster", str(ROSTER), "-o", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["files"] == {"terms.csv": 1, "deputies.csv": 3000, "memberships.csv": 1067, "judgements.csv": 18}
    assert summary["warnings"] == len(result.stderr.strip().splitlines())
    assert all(line.startswith("renda: warning: ") for line in result.stderr.strip().splitlines())
    header = (out / "deputies.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == list(SCHEMAS["deputies"]["properties"])
    meta = json.loads((out / "memberships.csv.meta.json").read_text(encoding="utf-8"))
    assert meta["publisher"] == "Chinese Wikipedia"


def test_cli_rejects_another_page_in_one_line(tmp_path: Path) -> None:
    other = tmp_path / "other.html"
    other.write_text("<html><head><title>Some other page</title></head><body><h3>x</h3></body></html>", "utf-8")
    result = CliRunner().invoke(main, ["convert", "npc-roster", str(other), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and result.output.startswith("renda: error: not the Wikipedia page")
    assert not (tmp_path / "out").exists()


def test_cli_rejects_unreadable_files(tmp_path: Path) -> None:
    for path, reason in [(tmp_path / "missing.html", "cannot read"), (tmp_path / "latin1.html", "not UTF-8")]:
        if path.name.startswith("latin1"):
            path.write_bytes("第十四届".encode("gb18030"))
        result = CliRunner().invoke(main, ["convert", "npc-roster", str(path), "-o", str(tmp_path / "out")])
        assert result.exit_code == 2 and reason in result.output and result.output.count("\n") == 1


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(main, ["convert", "npc-roster", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output


# --- rules, on made-up snippets (every person below is fictional) ---------------------

HEADER = "<tr><th>姓名</th><th>政党</th><th>性别</th><th>民族</th><th>出生日期</th><th>职务</th><th>备注</th></tr>"


def page(*sections: str) -> str:
    return (
        "<html><head><title>第十四届全国人民代表大会代表名单 - 维基百科</title></head><body>"
        + "".join(sections)
        + "<footer>本页面最后修订于2024年5月10日 (星期五) 09:15。</footer></body></html>"
    )


def section(title: str, text: str, rows: list[str], header: str = HEADER, level: int = 3) -> str:
    return (
        f'<h{level}><span class="mw-headline" id="x">{title}</span>'
        f'<span class="mw-editsection">[<a href="#">编辑</a>]</span></h{level}><p>{text}</p>'
        f'<table class="wikitable">{header}{"".join(rows)}</table>'
    )


def row(*cells: str) -> str:
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


ZJ_TEXT = "2023年1月15日，浙江省第十四届人民代表大会第一次会议选举产生2名全国人大代表。"


def test_names_lose_padding_footnotes_and_annotations() -> None:
    assert clean_name("虚 甲") == "虚甲"
    assert clean_name("虚构乙[3]") == "虚构乙"
    assert clean_name("虚构丙（女，回族）") == "虚构丙"
    assert clean_name("虚构丁") == "虚构丁"  # nothing to remove
    assert strip_marks("無[註 8]") == "無" and strip_marks("中共") == "中共"
    assert link_qualifier("虚构戊 (学者)（页面不存在）", "虚构戊") == "学者"
    assert link_qualifier("虚构戊（页面不存在）", "虚构戊") == ""  # a red link is no qualifier


def test_birth_dates() -> None:
    assert [fuzzy_date(t) for t in ("1970年5月", "1988年", "1961年3月9日", "1970-5")] == [
        "1970-05",
        "1988",
        "1961-03-09",
        "1970-05",
    ]
    assert [fuzzy_date(t) for t in ("", "待补充", "约1970年", "1970年5月生")] == ["", "", "", ""]
    assert fuzzy_date("1970年2月30日") == "1970-02"  # an impossible day keeps the month only


def test_sub_header_rows_set_nominated_by() -> None:
    rows = [
        '<tr><th colspan="7">中央提名</th></tr>',
        row("虚构甲", "中共", "男", "汉族", "1970年5月", "浙江省省长", ""),
        '<tr><th colspan="7">浙江省提名</th></tr>',
        row("虚构乙", "", "女", "汉族", "", "", ""),
        '<tr><th colspan="7">其他</th></tr>',  # not a nomination: clears it
        row("虚构丙", "", "男", "汉族", "", "", ""),
    ]
    conv = convert_npc_roster(page(section("浙江省（3名）", ZJ_TEXT, rows)))
    assert [r["nominated_by"] for r in conv.rows["deputies"]] == ["中央提名", "浙江省提名", ""]
    assert [r["record_id"] for r in conv.rows["deputies"]] == ["npc14-33-001", "npc14-33-002", "npc14-33-003"]


def test_a_row_that_lost_its_birth_cell_is_read_one_column_right() -> None:
    rows = [
        row("虚构甲", "", "男", "汉族", "某县某剧团团长", "连任"),
        row("虚构乙", "", "男", "汉族", "1970年", "某职", ""),
    ]
    conv = convert_npc_roster(page(section("浙江省（2名）", ZJ_TEXT, rows)))
    first, second = conv.rows["deputies"]
    assert (first["birth"], first["job_title"], first["note"]) == ("", "某县某剧团团长", "连任")
    assert (second["birth"], second["job_title"]) == ("1970", "某职")
    assert [w.message for w in conv.warnings if "出生日期" in w.message] == [
        "row 1: 出生日期 holds '某县某剧团团长': read as the next column"
    ]


CHANGE_HEADER = (
    "<tr><th>代表团</th><th>姓名</th><th>政党</th><th>性别</th><th>民族</th><th>出生日期</th>"
    "<th>辞职日期</th><th>辞职前职务</th></tr>"
)


def test_change_tables_use_short_delegation_names() -> None:
    zj = section("浙江省（1名）", ZJ_TEXT, [row("虚构甲", "", "男", "汉族", "", "", "")])
    gone = section(
        "辞职",
        "",
        [
            row("浙江", "虚构乙", "", "女", "汉族", "1980年1月", "2024年2月27日", "浙江省人大常委会委员"),
            row("某地", "虚构丙", "", "男", "汉族", "", "2024年2月27日", ""),  # no such delegation
        ],
        header=CHANGE_HEADER,
    )
    conv = convert_npc_roster(page(zj, gone))
    rows = {r["name"]: r for r in conv.rows["deputies"]}
    assert set(rows) == {"虚构甲", "虚构乙"}
    left = rows["虚构乙"]
    assert (left["record_id"], left["delegation"], left["end_reason"], left["end_date"]) == (
        "npc14-33-002",
        "浙江省",
        "辞职",
        "2024-02-27",
    )
    assert [(m["org"], m["role"], m["end_reason"]) for m in conv.rows["memberships"]] == [
        ("standing_committee@33", "委员", "辞职")
    ]
    assert any(w.delegation == "辞职" and "'某地' matches no heading" in w.message for w in conv.warnings)


def test_a_departed_deputy_still_in_the_table_keeps_one_row() -> None:
    zj = section(
        "浙江省（2名）",
        ZJ_TEXT,
        [row("虚构甲", "", "男", "汉族", "", "", ""), row("虚构乙", "", "女", "汉族", "", "", "")],
    )
    gone = section("辞职", "", [row("浙江", "虚构乙", "", "女", "汉族", "", "2024年2月27日", "")], header=CHANGE_HEADER)
    conv = convert_npc_roster(page(zj, gone))
    assert [(r["record_id"], r["end_reason"]) for r in conv.rows["deputies"]] == [
        ("npc14-33-001", ""),
        ("npc14-33-002", "辞职"),
    ]
    assert conv.stats["departed_still_in_tables"] == 1
    # 2 elected, 1 gone: the heading (2名) should say 1
    assert [w.message for w in conv.warnings if "heading" in w.message] == [
        "heading says 2名, changes give 1 (2 elected + 0 by-elected − 1 departed + 0 transferred in − 0 out)"
    ]


def test_a_transfer_ends_one_row_and_starts_another() -> None:
    zj_text = "2023年1月15日，浙江省第十四届人民代表大会第一次会议选举产生0名全国人大代表。"
    zj = section("浙江省（1名）", zj_text, [row("虚构甲", "", "男", "汉族", "", "", "自安徽省代表团调入")])
    ah_text = "2023年1月17日，安徽省第十四届人民代表大会第一次会议选举产生1名全国人大代表。"
    ah = section("安徽省（0名）", ah_text, [])
    moved = (
        '<h3><span class="mw-headline" id="t">调动</span></h3>'
        '<ul><li><a title="虚构甲">虚构甲</a>调入浙江省代表团</li></ul>'
    )
    conv = convert_npc_roster(page(zj, ah, moved))
    rows = {r["delegation"]: r for r in conv.rows["deputies"]}
    assert (rows["安徽省"]["end_reason"], rows["浙江省"]["start_reason"]) == ("调离", "选举")
    assert conv.rows["judgements"][0]["left"] == rows["安徽省"]["record_id"] == "npc14-34-001"
    assert not [w for w in conv.warnings if "expected" in w.message or "heading" in w.message]


def test_not_the_page_or_no_delegations_is_an_error() -> None:
    with pytest.raises(RendaError, match="not the Wikipedia page"):
        parse_page("<html><title>另一个页面</title></html>")
    with pytest.raises(RendaError, match="no delegation headings"):
        parse_page(page(section("补选", "", [])))


def test_posts_split_on_list_marks_but_not_inside_words() -> None:
    assert split_posts("中共某省委副书记、某省省长\n某大学教授") == ["中共某省委副书记", "某省省长", "某大学教授"]
    assert split_posts("某公司董事长兼总经理") == ["某公司董事长", "总经理"]
    assert split_posts("某省工商联兼职副主席") == ["某省工商联兼职副主席"]  # 兼职 is one word
    assert split_posts("") == []


def test_posts_name_their_bodies() -> None:
    def mapped(text: str, lead: str | None = "33") -> list[tuple[str, str]]:
        return [(p.org, p.role) for p in read_posts(text, lead).posts]

    assert mapped("全国人大常委会委员、民族委员会委员") == [
        ("standing_committee@CN", "委员"),
        ("working_committee@CN:民族", "委员"),
    ]
    assert mapped("中共浙江省委副书记、浙江省省长") == [
        ("party_committee@33:党委", "副书记"),
        ("government@33", "省长"),
    ]
    assert mapped("中共浙江省委副书记、省长") == [("party_committee@33:党委", "副书记"), ("government@33", "省长")]
    assert mapped("省人大常委会副主任") == [("standing_committee@33", "副主任")]  # placed by the delegation
    assert mapped("虚构云帆科技有限公司董事长、总经理", None) == [
        ("body:enterprise:_:虚构云帆科技有限公司", "董事长"),
        ("body:enterprise:_:虚构云帆科技有限公司", "总经理"),
    ]
    assert mapped("虚构合作社理事长") == []  # no body the recogniser knows
    assert mapped("人民政府工作人员") == []  # a body word alone names no body
    reading = read_posts("中共某州委原书记、原某厅厅长")
    assert reading.posts == [] and len(reading.former) == 2


def test_roles_are_short_titles() -> None:
    assert role_ok("副主任委员") and role_ok("董事长")
    assert not role_ok("原书记") and not role_ok("虚构项目部") and not role_ok("")


# --- properties ------------------------------------------------------------------------

_BIRTH = SCHEMAS["deputies"]["properties"]["birth"]
DATE = re.compile(_BIRTH.get("pattern") or _BIRTH["oneOf"][0]["pattern"])


@given(st.text(max_size=30))
def test_fuzzy_date_gives_a_schema_date_or_nothing(text: str) -> None:
    out = fuzzy_date(text)
    assert out == "" or DATE.match(out)


@given(st.integers(1000, 2999), st.integers(0, 40), st.integers(0, 40))
def test_fuzzy_date_keeps_what_is_valid(year: int, month: int, day: int) -> None:
    out = fuzzy_date(f"{year}年{month}月{day}日")
    assert out.startswith(str(year))
    assert (len(out) > 4) == (1 <= month <= 12)


@given(st.text(alphabet="虚构某省委书记、，；兼职\n 甲乙", max_size=40))
def test_split_posts_gives_clean_parts(text: str) -> None:
    parts = split_posts(text)
    assert all(p and p == p.strip() and not re.search(r"[、，；\n ]", p) for p in parts)
    assert "".join(parts) == re.sub(r"[、，；\n ]|兼(?!职)", "", text)


def test_write_records_reports_an_unwritable_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    conv = Conversion({"terms": []}, [], {})
    with pytest.raises(RendaError, match="cannot write"):
        write_records(conv, blocker / "sub")


def test_a_heading_that_is_no_province_gets_a_stand_in_key_and_a_warning() -> None:
    text = "2023年1月1日，某会议选举产生1名全国人大代表。"
    conv = convert_npc_roster(page(section("虚构特区（1名）", text, [row("虚构甲", "", "男", "汉族", "", "", "")])))
    (deputy,) = conv.rows["deputies"]
    assert (deputy["record_id"], deputy["delegation_area"]) == ("npc14-d01-001", "")
    assert [str(w) for w in conv.warnings] == ["虚构特区: not a province of the division table"]
