"""The reader removes the pinyin glosses some script converters print after characters (聯(lián)絡站), so the
words they split are found; other brackets stay."""

from __future__ import annotations

from renda.ingest.extract import extract_article
from renda.ingest.reader import read_path

GLOSSED = "萬載縣株潭鎮人大代表聯(lián)絡站揭牌成立。縣人大常委會主任參加揭牌儀式(二期)。\n張 明\n"


def test_glosses_go_and_the_station_is_found(tmp_path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(GLOSSED, encoding="utf-8")
    (article,) = list(read_path(str(f)))
    assert "(lián)" not in article.text and "(二期)" in article.text
    names = {e.name for e in extract_article(article).entities.values() if e.label == "Station"}
    assert any("株潭镇人大代表联络站" in n for n in names), names


def test_plain_brackets_and_neutral_syllables_stay(tmp_path) -> None:
    f = tmp_path / "b.txt"
    f.write_text("會議(de)通過了《辦法》(ABC)。\n張 明\n", encoding="utf-8")
    (article,) = list(read_path(str(f)))
    assert "(de)" in article.text and "(ABC)" in article.text
