"""What a page carries besides its article, taken out before trafilatura reads it: the blocks of
comments, related and recommended links, rankings, sharing and footers that Chinese sites name
in their ids and classes (pinglun, xgwz, …) or head with a word (网友评论, 相关阅读, 延伸閱讀),
and the tables old sites are laid out with.

trafilatura drops most of these itself; these rules catch what its English-leaning vocabulary
misses, and they only remove: the article's own block is never touched (a block holding the
page's longest run of paragraphs is kept whatever its name says).
"""

from __future__ import annotations

import re
from typing import Any

BLOCKS = {"div", "p", "table", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "form", "article", "section"}
# id/class words of non-article blocks, matched as whole words of the attribute (xgwz, not xgwzx)
_NAMES = re.compile(
    r"(?:^|[\s_-])(?:comments?|cmts?|disqus|reply|replies|pinglun|pl|liuyan|ly|related|relate|xgwz|xgxw|xglj|xg"
    r"|recommend|tuijian|tj|more|rank|paihang|hot|share|bdshare|footer|foot|bottom|copyright|banquan"
    r"|breadcrumbs?|crumbs?|position|location|weizhi|wz|nav|menu|sidebar|aside)(?:$|[\s_-])",
    re.I,
)
_HEADS = re.compile(
    r"^\s*(?:网友|读者|讀者|用户)?(?:评论|評論|留言|回应|回應)|^\s*(?:相关|相關|推荐|推薦|延伸|热点|熱點|热门|熱門|阅读排行|閱讀排行|"
    r"更多|猜你喜欢|友情链接|友情鏈接)"
)


def unwrap_layout_tables(tree: Any) -> None:
    """Turn the tables a page is laid out with (a cell holding paragraphs, lists or other tables)
    into plain blocks, in place: old sites set the whole page in tables, and trafilatura, told to
    leave tables out, would leave the article out with them. Data tables (text in cells) stay."""
    for table in reversed(list(tree.iter("table"))):
        cells = table.iter("td", "th")
        if any(d.tag in BLOCKS for c in cells for d in c.iterdescendants() if isinstance(d.tag, str)):
            for e in [table, *table.iter("tbody", "thead", "tfoot", "tr", "td", "th")]:
                e.tag = "div"


def prune(tree: Any) -> None:
    """Remove, in place, the blocks named or headed as comments, related links, rankings, sharing,
    navigation and footers, except the one holding the article (``article_block``)."""
    keep = article_block(tree)
    doomed = []
    for el in tree.iter("div", "ul", "ol", "section", "aside", "footer", "nav", "header", "p", "table", "form", "dl"):
        if keep is not None and (el is keep or _contains(el, keep)):
            continue
        names = f"{el.get('id') or ''} {el.get('class') or ''}"
        if el.tag in ("footer", "nav", "aside") or _NAMES.search(names) or _headed(el):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def article_block(tree: Any) -> Any:
    """The element whose own paragraphs hold the most text: the article's block (None if the page
    has no paragraph)."""
    best, most = None, 0
    for p in tree.iter("p"):
        parent = p.getparent()
        if parent is None:
            continue
        size = sum(len(q.text_content()) for q in parent if getattr(q, "tag", None) == "p")
        if size > most:
            best, most = parent, size
    return best


def _contains(el: Any, inner: Any) -> bool:
    return any(a is el for a in inner.iterancestors())


def _headed(el: Any) -> bool:
    """Whether a block opens with a heading that names it a list of other things (相关阅读…)."""
    first = next((c for c in el if isinstance(c.tag, str)), None)
    if first is None or first.tag not in ("h2", "h3", "h4", "h5", "div", "p", "span", "strong", "b"):
        return False
    head = first.text_content().strip()
    return len(head) <= 12 and bool(_HEADS.search(head)) and len(el) > 1
