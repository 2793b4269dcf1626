"""Unhappy-customer detector: sentiment, complaint topics and language of free-text answers.

    >>> from nlp import analyze
    >>> a = analyze("等了三个小时，太慢了")
    >>> a.label, a.language, a.topics
    ('negative', 'zh', ('wait_time',))

``analyze`` is pure and never raises on text. ``Analysis.label`` is "negative" (unhappy: a
manager should call), "neutral" or "positive"; ``score`` is in [-1, 1] and the label is
"negative" exactly when ``score <= -NEUTRAL_BAND``. Topics are documented in
``nlp/_topics.py`` and listed in ``TOPICS``.

The package, from the bottom up: ``_text`` (clean-up, language detection), ``lexicons/``
(what words and phrases are worth, read from ``nlp/data``), ``_topics``, ``scoring/`` (the
rule phases), ``_residual`` (the learned correction) and ``_analysis``, which combines them
into ``analyze``; ``training/`` holds the scripts that make the learned data. Each folder's
``__init__`` says what it offers and what it may import.

How it decides (details in the module docstrings):

- ``scoring`` runs the rule phases: hand-written lexicons for English and Chinese
  (``nlp/data/*.tsv``: service visits, car sales and repairs, waiting, prices, staff,
  call-backs, paperwork, plus general consumer words and emoji) and phrase patterns for
  waiting times and lateness (``scoring._tokens``, ``lexicons._patterns``); negation with its
  scope, degree words, "too"/"太" (``_negation``); contrast ("but"/"但是", ``_contrast``);
  sarcasm about waiting (``_sarcasm``); empty answers (``_empty``). Complaints weigh twice as
  much as praise: a missed unhappy customer costs more than a call to a content one.
- ``_residual``: a logistic correction for English learned from the UCI sentences (CC BY
  4.0; ``nlp/data/NOTICE.txt``). It is bounded: it can halve a complaint the rules read but
  never flip it, and it can overrule praise except a negated complaint ("not bad at all").
  It ignores function words and the survey's own nouns and verbs ("car", "visit", "dropped"),
  and acts alone (no rule evidence) only on strong evidence, so that plain statements of fact
  ("I dropped the car off at 9") stay neutral.
- ``lexicons._valence``: about 7,000 general English word valences derived from the VADER lexicon
  (MIT; ``nlp/data/NOTICE.txt``) fill gaps in the English lexicon at a lower weight.
- Survey context: a bare "no", "nothing", "没有" (optionally with "thanks") answers "anything we
  could do better?" and is neutral. In Chinese follow-up calls "一般" is the polite way to
  say "not satisfied", so it is negative; "还行"/"还可以" and English "ok"/"average" are neutral.

No I/O after import, no network, no global state beyond the data loaded once at import.
"""

from __future__ import annotations

from typing import Final

from nlp._analysis import NEUTRAL_BAND, Analysis, Analyzer, Label, build
from nlp._text import detect_language
from nlp._topics import TOPICS, TopicInfo, forget_words

__all__ = [
    "NEUTRAL_BAND",
    "TOPICS",
    "Analysis",
    "Label",
    "TopicInfo",
    "analyze",
    "detect_language",
    "forget_seen_words",
]

_ANALYZER: Final[Analyzer] = build()


def analyze(text: str, language: str | None = None) -> Analysis:
    """Read one free-text answer.

    ``language`` is an ISO 639-1 code when the caller knows it (the customer's setting);
    otherwise it is detected. Both Chinese and English parts of a mixed answer are read
    whatever the language says.
    """
    return _ANALYZER(text, language)


def forget_seen_words() -> None:
    """Keep no customer's words in memory after they asked to be forgotten."""
    forget_words()
