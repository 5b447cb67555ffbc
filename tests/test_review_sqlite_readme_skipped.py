"""`renda ingest articles FOLDER/` (the README's `renda/samples/`) reads the folder's articles, never
its README (a README named on its own is read); markdown articles in a folder are still read."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from renda.cli import main
from renda.graph.store import open_store
from renda.ingest.reader import input_size, read_paths

SAMPLES = Path(__file__).resolve().parents[1] / "renda" / "samples"
ARTICLE = "某县人大常委会召开会议。\n会议听取了县政府关于水利工作的报告。\n李明\n"


def test_a_folders_readme_is_no_article_but_its_markdown_articles_are(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# Articles\n这些文章来自某县人大网站。\n张三\n", encoding="utf-8")
    (tmp_path / "readme.txt").write_text("说明\n王五\n", encoding="utf-8")
    (tmp_path / "news.md").write_text(ARTICLE, encoding="utf-8")
    assert {a.path for a in read_paths([str(tmp_path)])} == {str(tmp_path / "news.md")}
    assert input_size([str(tmp_path)]) == (tmp_path / "news.md").stat().st_size
    named = list(read_paths([str(tmp_path / "README.md")]))  # named on its own: read
    assert named and {a.path for a in named} == {str(tmp_path / "README.md")}


def test_the_readme_command_ingests_the_sample_articles_only(tmp_path: Path) -> None:
    assert (SAMPLES / "README.md").is_file()  # the folder holds one, so the test means something
    counts = []
    for given in (SAMPLES, SAMPLES / "demo-articles.txt"):
        db = tmp_path / f"{given.name}.db"
        arg = f"{given}/" if given.is_dir() else str(given)  # as the README writes the folder
        result = CliRunner().invoke(main, ["--db", str(db), "ingest", "articles", arg])
        assert result.exit_code == 0, result.output
        store = open_store(str(db))
        sources = list(store.iter_labelled(["Source"]))
        assert sources and not any("README" in str(n.props.get("path", "")) for n in sources)
        counts.append(store.counts().labels)
        store.close()
    assert counts[0] == counts[1]  # the folder gives what its article file gives
