"""The package data: lexicons, the valence table, topic keywords and the residual model."""

from __future__ import annotations

import json
from dataclasses import replace
from importlib import resources

import pytest

from nlp import _topics
from nlp._residual import Residual, features
from nlp.lexicons import _lexicon, _valence


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
    assert 0 <= residual.dead_zone <= residual.silent_dead_zone < residual.limit
    assert residual.bias <= 0  # leans toward a complaint, never toward praise
    assert residual.overrule >= 0.5


BOUNDED = Residual(
    {"awful": -10.0, "lovely": 10.0, "meh": -0.8},
    share=1.0,
    dead_zone=0.25,
    limit=2.0,
    bias=0.0,
    overrule=2.0,
    silent_dead_zone=0.5,
)


def test_residual_is_capped_and_only_halves_a_complaint() -> None:
    assert BOUNDED.correction("awful", 0.0) == -2.0
    assert BOUNDED.correction("lovely", 0.0) == 2.0
    assert BOUNDED.correction("lovely", -3.0) == 1.5  # may halve a complaint, never flip it
    assert BOUNDED.correction("服务很好", 1.0) == 0.0


def test_residual_may_overrule_praise_but_not_a_negated_complaint() -> None:
    assert BOUNDED.correction("awful", 0.5) == -1.0  # "great, if you like cold food"
    assert BOUNDED.correction("awful", 0.5, negated_praise=True) == -0.25  # "not bad at all"


def test_residual_needs_more_when_the_rules_found_nothing() -> None:
    assert BOUNDED.correction("meh", 0.0) == pytest.approx(-0.55)
    assert BOUNDED.correction("meh", 0.0, silent=True) == pytest.approx(-0.3)
    assert replace(BOUNDED, bias=-0.3).correction("meh", 0.0, silent=True) == pytest.approx(-0.6)


def test_valence_table_ships_with_its_licence_and_leaves_out_non_opinions() -> None:
    text = resources.files("nlp").joinpath("data", "valence_en.tsv").read_text("utf-8")
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    assert "VADER" in header
    assert "MIT License" in header
    assert "Copyright (c) 2016 C.J. Hutto" in header
    table = _valence.parse(text)
    assert len(table) > 5000
    assert all(-4.0 <= value <= 4.0 for value in table.values())
    assert {"jerk", "torture", "horrible"} <= table.keys()
    assert not {"like", "drop", "lobby", "pay", "steal"} & table.keys()


def test_valence_words_fill_gaps_only_and_weigh_less() -> None:
    english = _lexicon.load("lexicon_en.tsv", "emoji.tsv")
    known = english.entries.keys() | english.empty_words
    fallback = _valence.load(known)
    assert not fallback.keys() & known
    assert fallback["jerk"] < 0
    assert max(abs(value) for value in fallback.values()) <= 4.0 * _valence.WEIGHT


def test_notice_names_every_third_party_source() -> None:
    notice = resources.files("nlp").joinpath("data", "NOTICE.txt").read_text("utf-8")
    for needed in ("valence_en.tsv", "VADER", "MIT License", "residual_en.json", "CC BY 4.0"):
        assert needed in notice


def test_residual_features_mark_negation_until_the_clause_ends() -> None:
    found = features("not very good, but fine")
    assert {"not_very", "not_good", "fine", "<s> but"} <= found
    assert "not_fine" not in found
