"""The package data: lexicon files, topic keywords and the learned residual model."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from nlp import _lexicon, _topics
from nlp._residual import Residual, features


@pytest.mark.parametrize("name", ["lexicon_en.tsv", "lexicon_zh.tsv", "emoji.tsv"])
def test_lexicon_files_parse_without_duplicates(name: str) -> None:
    lexicon = _lexicon.load(name)
    assert len(lexicon.entries) > 100
    for key, entry in lexicon.entries.items():
        assert key == key.strip().lower(), key
        if entry.kind == _lexicon.SENTIMENT:
            assert -3.0 <= entry.value <= 3.0, key


def test_english_and_emoji_lexicons_do_not_clash() -> None:
    _lexicon.load("lexicon_en.tsv", "emoji.tsv", "lexicon_zh.tsv")


@pytest.mark.parametrize(
    "line",
    [
        "good\tq\t1",
        "good\ts",
        "good\ts\tabc",
        "but\tc\tsideways",
        "very\tm\t1.2\t3",
        "\ts\t1",
    ],
)
def test_malformed_lexicon_lines_are_reported_with_their_line(line: str) -> None:
    with pytest.raises(ValueError, match=r"<test>:2"):
        _lexicon.parse("# comment\n" + line + "\n", "<test>")


def test_duplicate_lexicon_entries_are_refused() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        _lexicon.parse("good\ts\t1\nGood\ts\t2\n", "<test>")


def test_every_topic_keyword_belongs_to_a_documented_topic() -> None:
    found = {topic for _, _, topic in _topics.find_topics("waited hours, price, rude staff")}
    assert found == {"wait_time", "price", "staff_attitude"}
    for topic, (english, chinese) in _topics._KEYWORDS.items():
        assert topic in _topics.TOPICS
        assert english
        assert chinese


def test_shadowed_keywords_do_not_count() -> None:
    assert list(_topics.find_topics("快递")) == []
    assert [t for _, _, t in _topics.find_topics("the waiting room")] == ["facilities"]


def test_residual_model_ships_with_its_provenance() -> None:
    path = resources.files("nlp").joinpath("data", "residual_en.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert "UCI" in document["data"]
    assert "CC BY 4.0" in document["data"]
    residual = Residual.load()
    assert residual is not None
    assert len(residual.weights) > 1000
    assert residual.share > 0
    assert 0 <= residual.dead_zone < residual.limit


def test_residual_never_overrules_the_rules() -> None:
    residual = Residual({"awful": -10.0, "lovely": 10.0}, share=1.0, dead_zone=0.5, limit=2.0)
    assert residual.correction("awful", 0.0) == -2.0
    assert residual.correction("awful", 3.0) == -1.5  # may halve the rules, not flip them
    assert residual.correction("lovely", 0.0) == 2.0
    assert residual.correction("服务很好", 1.0) == 0.0


def test_residual_features_mark_negation_until_the_clause_ends() -> None:
    found = features("not very good, but fine")
    assert {"not_very", "not_good", "fine", "<s> but"} <= found
    assert "not_fine" not in found
