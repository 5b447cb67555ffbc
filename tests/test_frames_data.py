"""frames.toml is checked when the grammar loads: a frame whose (type, object) the relation layer cannot relate
from a body actor is refused with its name, never loaded to produce nothing."""

from __future__ import annotations

import copy

import pytest

from renda.ingest import frames


@pytest.fixture
def raw_frames(monkeypatch: pytest.MonkeyPatch):
    """The parsed frames.toml, editable; the grammar is rebuilt from it and restored afterwards."""
    data = copy.deepcopy(frames.frames_data())
    monkeypatch.setattr(frames, "frames_data", lambda: data)
    frames.grammar.cache_clear()
    yield data
    frames.grammar.cache_clear()


def test_the_shipped_frames_load() -> None:
    assert {f.name for f in frames.grammar().frames} >= {"issue", "establish", "supervise", "cooperate", "implement"}


def test_a_body_object_with_a_type_bodies_are_not_related_by_is_refused(raw_frames: dict) -> None:
    raw_frames["frame"].append({"name": "praise", "type": "SUPPORTS", "objects": ["Body"], "triggers": ["表扬"]})
    with pytest.raises(ValueError, match="frame praise: the schema has no SUPPORTS from a Body to Body"):
        frames.grammar()


def test_an_object_the_schema_does_not_allow_is_refused(raw_frames: dict) -> None:
    raw_frames["frame"].append({"name": "odd", "type": "ISSUED", "objects": ["Station"], "triggers": ["印发"]})
    with pytest.raises(ValueError, match="frame odd: the schema has no ISSUED from a Body to Station"):
        frames.grammar()


def test_a_body_frame_of_a_related_type_loads(raw_frames: dict) -> None:
    raw_frames["frame"].append({"name": "oversee", "type": "SUPERVISES", "objects": ["Body"], "triggers": ["督导"]})
    assert "oversee" in {f.name for f in frames.grammar().frames}


def test_a_body_object_of_a_type_the_relation_layer_does_not_relate_bodies_by_is_refused(raw_frames: dict) -> None:
    raw_frames["frame"].append({"name": "belongs", "type": "PART_OF", "objects": ["Body"], "triggers": ["隶属"]})
    with pytest.raises(ValueError, match="frame belongs: a Body object is related only by COOPERATES_WITH, SUPERVISES"):
        frames.grammar()
