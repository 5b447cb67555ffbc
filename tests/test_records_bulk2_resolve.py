"""Resolve's roster index: a mention whose article names places finds the namesakes placed in or
around them by bisection, deciding as weighing every namesake does, and without weighing the
namesakes placed elsewhere."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from renda.graph.model import Node
from renda.records.resolve import RosterIndex, _weigh

CODES = st.sampled_from(["", "1", "11", "1101", "110101", "110101001", "12", "1201", "120101", "33", "3306", "330681"])
LEVELS = st.sampled_from([None, "national", "province", "city", "county"])


def deputy(i: int, name: str, area: str, level: str | None) -> Node:
    props: dict[str, Any] = {"record_id": f"r{i}"}
    if area:
        props["area_code"] = area
    if level:
        props["level"] = level
    return Node(f"deputy:{area or '_'}:{name}:{i}", "Deputy", name, props)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("王李"), CODES, LEVELS), max_size=30),
    st.sampled_from("王李张"),
    LEVELS,
    st.sets(CODES.filter(bool) | st.sampled_from(["110", "3", "1101019"]), max_size=3),
)
def test_the_index_decides_as_weighing_every_namesake(roster: list, name: str, level: str | None, places: set) -> None:
    nodes = [deputy(i, n, a, lv) for i, (n, a, lv) in enumerate(roster)]
    index = RosterIndex(nodes)
    assert index.fits(name, level, places) == _weigh(index.by_name.get(name, []), level, places)


class Counted(dict):  # type: ignore[type-arg]
    """Properties that count how often they are read."""

    reads = 0

    def get(self, *args: Any) -> Any:
        Counted.reads += 1
        return super().get(*args)


def test_namesakes_placed_elsewhere_are_not_weighed() -> None:
    far = [deputy(i, "王伟", f"{4100 + i:04d}01", "county") for i in range(200)]
    near = deputy(999, "王伟", "330681", "county")
    nodes = [*far, near]
    index = RosterIndex(nodes)
    index.fits("王伟", "county", {"3306"})  # the first mention of a name puts its entries in order
    for n in nodes:
        n.props = Counted(n.props)
    Counted.reads = 0
    assert index.fits("王伟", "county", {"3306"}) == (1, [near])
    assert Counted.reads < 10  # the one near entry's level, not two hundred namesakes' areas
