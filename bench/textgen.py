"""INVENTED benchmark text: articles in the register of local 人大 news, made up from templates.

Nothing here is taken from any article: every sentence pattern below was written for this
benchmark. The place names are real (the package's own division tables: province, city,
county, township, village); the people, roads, projects and events are drawn from a fixed
random generator, so the same seed always gives the same text and no two articles are alike.
Each article ends with its author line, as `renda extract` expects of a .txt file.

    >>> a, b = articles(2, seed=1)
    >>> a != b and a.splitlines()[-1] != ""
    True
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹孟熊秦邱江尹薛段雷侯史陶黎贺顾毛郝龚邵钱严覃戴孔汤俞翁章骆鲍"
)
DOUBLE_SURNAMES = ("欧阳", "司马", "上官", "诸葛")
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力斌宇浩凯峰"
    "志忠海燕琴云莉晓德宏俊鹏亮春庆林梅波彬新雪荣正良永乐晨卫晶"
)

_HEADS = "人民解放建设中山文化迎宾滨江东环西环北环南湖新华朝阳和平光明育才兴业通达工业学府长安金桥翠屏锦绣"
ROAD_HEADS = tuple(_HEADS[i : i + 2] for i in range(0, len(_HEADS), 2))  # 人民, 解放…: 人民路, 解放大道
ROAD_TAILS = ("路", "大道", "街", "北路", "南路", "东路", "西路")
WORKS = ("改造工程", "提升改造工程", "拓宽工程", "改造提升项目", "雨污分流改造工程", "综合整治工程")
SECTORS = ("财经", "法律", "医疗卫生", "教育", "农业", "生态环境", "民营经济", "科技创新", "文化旅游", "社会治理")
INDUSTRY = (
    "茶叶",
    "中药材",
    "食用菌",
    "蔬菜",
    "果蔬",
    "生猪",
    "竹木",
    "光伏",
    "新材料",
    "电子信息",
    "农产品加工",
    "稻渔综合种养",
)
TOPICS = (
    "优化营商环境",
    "乡村振兴",
    "农村饮水安全",
    "城乡污水处理",
    "义务教育均衡发展",
    "养老服务体系建设",
    "食品安全",
    "安全生产",
    "河长制落实",
    "耕地保护",
    "生态环境保护",
    "民生实事项目推进",
    "国有资产管理",
    "预算执行",
    "审计查出问题整改",
    "法治政府建设",
    "矛盾纠纷多元化解",
    "老旧小区改造",
    "农村公路建设",
    "物业管理",
    "生活垃圾分类",
    "基层医疗卫生服务",
    "文旅融合发展",
    "防汛抗旱",
    "森林防火",
    "就业创业服务",
    "未成年人保护",
    "知识产权保护",
)
LAWS = (
    "食品安全法",
    "环境保护法",
    "安全生产法",
    "未成年人保护法",
    "农产品质量安全法",
    "水污染防治法",
    "乡村振兴促进法",
    "道路交通安全法",
    "野生动物保护法",
    "消防法",
)
DEPTS = (
    "住建局",
    "教育局",
    "农业农村局",
    "卫健局",
    "交通运输局",
    "水利局",
    "民政局",
    "财政局",
    "市场监管局",
    "自然资源局",
)
COMMITTEES = (
    "法工委",
    "财经工委",
    "代表工委",
    "监察和司法工委",
    "教科文卫工委",
    "农业农村工委",
    "社会建设工委",
    "办公室",
)
LEADER_POSTS = ("主任", "副主任", "党组书记、主任", "党组副书记、副主任", "秘书长", "副主任")
REQUIREMENTS = (
    "坚持以人民为中心的发展思想",
    "进一步压实工作责任",
    "强化部门协同配合",
    "聚焦群众急难愁盼问题",
    "推动各项工作落地见效",
    "切实发挥人大代表作用",
    "做到依法监督、正确监督、有效监督",
    "建立问题清单和整改台账",
    "加快补齐短板弱项",
    "把好事办好、实事办实",
    "确保工程质量和施工安全",
    "加强跟踪问效",
    "完善长效管理机制",
    "持续提升群众满意度",
    "用好闭会期间代表活动平台",
    "拓宽代表联系群众渠道",
    "注重调查研究",
    "抓好意见建议的交办和督办",
)
FOUR = (
    "精准发力",
    "统筹推进",
    "协同配合",
    "凝聚合力",
    "提质增效",
    "久久为功",
    "守正创新",
    "务求实效",
    "闭环管理",
    "全程跟踪",
)
ASPECTS = ("工作机制", "监督方式", "履职平台", "联系渠道", "督办流程", "评价体系")


@dataclass(frozen=True)
class Place:
    """One county with its city, province, a township and a village of that township."""

    province: str
    city: str
    county: str
    township: str
    village: str

    @property
    def level(self) -> str:
        """The county's level character in prose: 县, 区, 市 or 旗."""
        return self.county[-1] if self.county[-1] in "县区市旗" else "县"

    @property
    def town_level(self) -> str:
        """The township's level word: 镇, 乡 or 街道."""
        return "街道" if self.township.endswith("街道") else self.township[-1]


def places(seed: int = 7) -> list[tuple[str, str, str, list[str]]]:
    """(province, city, county, [township…]) of every county that has townships, from renda's
    gazetteer (the division tables shipped with the package)."""
    from renda.ingest.gazetteer import gazetteer

    gaz = gazetteer()
    divs = gaz.divisions
    towns: dict[str, list[str]] = {}
    for code in divs:
        if len(code) == 9 and not gaz.is_pseudo(code):
            towns.setdefault(code[:6], []).append(code)
    out = []
    for county, codes in sorted(towns.items()):
        if county not in divs or gaz.is_pseudo(county) or county[:2] not in divs:
            continue
        city = divs.get(county[:4])
        city_name = city.name if city and not gaz.is_pseudo(city.code) else divs[county[:2]].name
        out.append((divs[county[:2]].name, city_name, divs[county].name, codes))
    random.Random(seed).shuffle(out)
    return out


class Writer:
    """Writes one invented article at a time; ``rng`` decides every choice."""

    def __init__(self, rng: random.Random, counties: list[tuple[str, str, str, list[str]]]) -> None:
        from renda.ingest.gazetteer import gazetteer

        self.rng = rng
        self.counties = counties
        self.gaz = gazetteer()

    def pick(self, seq: Sequence[T]) -> T:
        """One element of ``seq``."""
        return seq[self.rng.randrange(len(seq))]

    def person(self) -> str:
        """A made-up name: a common surname and one or two given-name characters."""
        r = self.rng
        sur = self.pick(DOUBLE_SURNAMES) if r.random() < 0.03 else self.pick(SURNAMES)
        return sur + "".join(self.pick(GIVEN) for _ in range(1 if r.random() < 0.3 else 2))

    def place(self) -> Place:
        """A county of the tables, one of its townships and, where known, a village of it."""
        prov, city, county, towns = self.counties[self.rng.randrange(len(self.counties))]
        town = self.pick(towns)
        vills = self.gaz.villages(town)
        village = self.pick(vills)[1] if vills else self.pick(ROAD_HEADS) + "村"
        if village.endswith("村村"):  # the tables' short form of X村村委会; prose says X村
            village = village[:-1]
        return Place(prov, city, county, self.gaz.divisions[town].name, village)

    def date(self) -> str:
        """近日, 日前, or a day of a month, sometimes with the part of the day."""
        r = self.rng
        if r.random() < 0.3:
            return self.pick(("近日", "日前", "连日来", "近期"))
        day = f"{r.randint(1, 12)}月{r.randint(1, 28)}日"
        return day + self.pick(("", "", "上午", "下午"))

    def project(self, p: Place) -> str:
        """An invented project: a road's works, a township's sewers, a village's upgrade, a park."""
        r = self.rng.random()
        if r < 0.4:
            return self.pick(ROAD_HEADS) + self.pick(ROAD_TAILS) + self.pick(WORKS)
        if r < 0.6:
            return p.township + self.pick(
                ("污水管网建设项目", "集镇风貌提升工程", "中心学校扩建工程", "卫生院迁建项目")
            )
        if r < 0.8:
            return p.village + self.pick(("人居环境整治项目", "农村公路提升工程", "饮水安全巩固提升工程"))
        return p.county[:-1] + self.pick(INDUSTRY) + self.pick(("产业园", "现代农业产业园", "产业基地"))

    def station(self, p: Place) -> str:
        """An invented liaison station, home or point of the place's deputies."""
        r = self.rng.random()
        if r < 0.5:
            return p.township + "人大代表联络站"
        if r < 0.7:
            return p.village + "人大代表联络点"
        if r < 0.85:
            return p.county + self.pick(SECTORS) + "专业代表联络站"
        return p.township + "人大代表之家"

    def lead(self, p: Place) -> str:
        """The first paragraph: who did what, where."""
        L, me, d = p.level, p.county + "人大常委会", self.date()
        who, post = self.person(), self.pick(LEADER_POSTS)
        proj, st, topic = self.project(p), self.station(p), self.pick(TOPICS)
        n = self.rng.randint(8, 40)
        forms = (
            f"{d}，{me}{post}{who}带领部分{L}人大代表视察{proj}建设情况。",
            f"{d}，{L}人大常委会第{n}次会议召开，听取和审议了{p.county}人民政府关于{topic}工作情况的报告。",
            f"{d}，{st}正式揭牌成立，{L}人大常委会{post}{who}与{p.township}党委书记{self.person()}共同为联络站揭牌。",
            f"{d}，{p.city}人大常委会{self.pick(LEADER_POSTS)}{who}一行到{p.county}调研{topic}工作，{L}人大常委会{post}{self.person()}陪同。",
            f"{d}，{me}出台《关于加强{topic}工作监督的实施办法》，进一步规范监督程序。",
            f"{d}，{me}成立{topic}专题调研组，由{L}人大常委会{post}{who}任组长。",
            f"{d}，{me}组织开展《中华人民共和国{self.pick(LAWS)}》执法检查，{post}{who}带队。",
            f"{d}，{p.township}人大主席团组织辖区内{n}名{L}、{p.town_level}人大代表开展{topic}专题视察活动。",
            f"{d}，{p.province}人大常委会{self.pick(COMMITTEES)}{who}一行到{p.county}{p.township}，调研基层人大工作。",
        )
        return self.pick(forms)

    def fact(self, p: Place, used: set[int]) -> str:
        """A sentence of the article's body (bodies, people, projects, stations, numbers), of a
        pattern not in ``used`` while one is left; adds the pattern to ``used``."""
        r, L = self.rng, p.level
        n, m = r.randint(3, 60), r.randint(50, 5000)
        forms = (
            f"视察组先后来到{self.project(p)}、{self.project(p)}现场，实地查看工程进度，听取{p.county}{self.pick(DEPTS)}负责人的情况汇报。",
            f"会议听取了{p.county}人民法院院长{self.person()}所作的关于{self.pick(TOPICS)}审判工作情况的报告。",
            f"{p.county}人民检察院检察长{self.person()}汇报了开展{self.pick(TOPICS)}公益诉讼检察工作的情况。",
            f"会上，{p.county}公安局、{p.county}司法局分别通报了{self.pick(TOPICS)}相关工作。",
            f"{self.station(p)}自运行以来，累计接待群众{m}人次，收集意见建议{n}条，已办结{max(1, n - 3)}条。",
            f"{L}人大常委会{self.pick(COMMITTEES)}将代表建议分类梳理后，"
            f"交由{p.county}{self.pick(DEPTS)}等{n % 9 + 2}个部门办理。",
            f"{p.township}人大代表{self.person()}说：“家门口的联络站，让我们履职有了阵地，群众反映问题也有了去处。”",
            f"据了解，该项目总投资{m}万元，建成后将惠及周边{n}个村（社区）的群众。",
            f"调研组一行还走访了{p.village}，与村干部和群众代表座谈交流，详细了解{self.pick(TOPICS)}的实际情况。",
            f"会议表决通过了有关人事任免事项，{self.person()}、{self.person()}被任命为{p.county}人民法院审判员。",
            f"{p.city}中级人民法院、{p.city}人民检察院有关负责人列席会议。",
            f"近年来，{p.county}已建成{n}个人大代表联络站，实现{p.town_level}（街道）全覆盖。",
            f"{p.township}人大主席{self.person()}、副主席{self.person()}参加活动。",
            f"针对群众反映的{self.pick(TOPICS)}问题，代表们现场提出了{n}条意见建议，由{p.county}人民政府督促相关部门限期办理。",
            f"{L}人大常委会{self.pick(LEADER_POSTS)}{self.person()}主持会议，{self.pick(LEADER_POSTS)}{self.person()}、{self.person()}出席。",
            f"今年以来，{p.county}人大常委会共听取审议专项工作报告{n % 12 + 3}项，"
            f"开展执法检查{n % 5 + 1}次、专题询问{n % 3 + 1}次。",
            f"{self.project(p)}是{p.county}今年的民生实事项目之一，计划于{r.randint(6, 12)}月底前完工。",
            f"{p.village}党支部书记{self.person()}介绍，{self.pick(INDUSTRY)}产业已带动{n}户群众增收。",
        )
        left = [i for i in range(len(forms)) if i not in used] or list(range(len(forms)))
        i = self.pick(left)
        used.add(i)
        return forms[i]

    def opinion(self, p: Place) -> str:
        """A sentence of requirements, as a leader puts them at the end of a visit or meeting."""
        r = self.rng
        reqs = r.sample(REQUIREMENTS, r.randint(2, 4))
        who = self.pick(("会议强调", "会议指出", "视察组要求", "调研组认为"))
        if r.random() < 0.5:
            who = f"{p.level}人大常委会{self.pick(LEADER_POSTS)}{self.person()}{self.pick(('强调', '指出', '要求'))}"
        return f"{who}，要{'，'.join(reqs)}。"

    def heading(self, p: Place) -> str:
        """A paragraph's opening phrase in the style of 聚焦…，…。"""
        return (
            f"{self.pick(('聚焦', '围绕', '突出', '立足'))}{self.pick(TOPICS)}，{self.pick(FOUR)}"
            f"{self.pick(('抓落实', '见成效', '促提升', '求突破'))}。{self.pick(('完善', '创新', '健全'))}"
            f"{self.pick(ASPECTS)}，{self.pick(FOUR)}。"
        )

    def article(self) -> str:
        """One article: a lead, three to six paragraphs, an author line."""
        r = self.rng
        p = self.place()
        used: set[int] = set()
        paras = [self.lead(p) + self.fact(p, used)]
        for _ in range(r.randint(3, 6)):
            parts = [self.heading(p)] if r.random() < 0.4 else []
            parts += [self.fact(p, used) for _ in range(r.randint(1, 3))]
            if r.random() < 0.5:
                parts.append(self.opinion(p))
            paras.append("".join(parts))
        paras.append(self.opinion(p))
        return "\n".join(paras) + "\n" + self.byline() + "\n"

    def byline(self) -> str:
        """The author line: one or two names, sometimes labelled."""
        r = self.rng.random()
        if r < 0.5:
            name = self.person()
            return name[0] + " " + name[1] if len(name) == 2 else name
        if r < 0.8:
            return f"{self.person()} {self.person()}"
        return f"通讯员 {self.person()}"


def articles(n: int, seed: int = 7) -> list[str]:
    """``n`` invented articles, each ending with its author line and a newline."""
    return list(iter_articles(n, seed))


def iter_articles(n: int | None, seed: int = 7) -> Iterator[str]:
    """Invented articles from a random generator seeded with ``seed`` (forever if ``n`` is None)."""
    w = Writer(random.Random(seed), places(seed))
    i = 0
    while n is None or i < n:
        yield w.article()
        i += 1


def corpus(megabytes: float, seed: int = 7) -> tuple[str, int]:
    """Invented articles until the text reaches ``megabytes`` MiB of UTF-8; (text, articles)."""
    goal, size, out = megabytes * 2**20, 0, []
    for art in iter_articles(None, seed):
        if size >= goal:
            break
        out.append(art)
        size += len(art.encode("utf-8"))
    return "".join(out), len(out)
