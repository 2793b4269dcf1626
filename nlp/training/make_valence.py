"""Derive ``nlp/data/valence_en.tsv`` from the VADER lexicon of the installed vaderSentiment.

    python -m nlp.training.make_valence [--output PATH]

Source: ``vader_lexicon.txt`` of vaderSentiment (C.J. Hutto, "VADER: A Parsimonious Rule-based
Model for Sentiment Analysis of Social Media Text", ICWSM 2014), MIT licence; the notice is
copied into the output and into ``nlp/data/NOTICE.txt``. vaderSentiment is a development
dependency only: the product reads the derived table and never imports it.

What is kept: single lower-case words (letters, inner hyphens or apostrophes) with their mean
valence as VADER rates it (-4 .. +4, ten human raters each). What is left out: ``EXCLUDED``,
words that VADER rates as opinions but that in customers' answers about a visit are mostly
not ("drop the car off", "the lobby", "pay at the desk", "like the last time", "a steal").
The list was written by reading what the words do in the development half of the labelled
feedback and in service visits; it is a judgement, not a fit. Nothing here is random, so the
output is the same on every run.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Final

OUTPUT: Final = Path(__file__).resolve().parents[1] / "data" / "valence_en.tsv"
_WORD: Final = re.compile(r"[a-z]+(?:['-][a-z]+)*")

_EXCLUDED_WORDS: Final = """
    like likes want wants matter number lobby please sure yes yeah true lol ha haha lmao god
    hope hoped hoping hopefully dream wishes feeling hand treat original strong interested
    certain natural fan grand huge top chance save party parties friend friends holiday
    holidays share shared sharing champagne lower low stop drop reach reached play played
    playing join united accept accepted allow giving strongly honestly straight surprised
    surprise surprising miss vanity beaten funky dumplings die ill security secure secured
    fitness safety careful comedy diamond gift emergency cut challenge created won win improve
    improvement support guarantee assured ensure increase credit clearly agree agreed pay leave
    block blocks killer kill ass steal wicked crazy accident accidents crash fire fired
    interest debt alarm alert promise
"""
EXCLUDED: Final = frozenset(_EXCLUDED_WORDS.split())
"""Not opinions in a service answer: places, things, discourse words, idioms' halves."""

NOTICE: Final = """\
# Derived from vader_lexicon.txt of vaderSentiment 3.3 (https://github.com/cjhutto/vaderSentiment)
# Hutto, C.J. & Gilbert, E.E. (2014). VADER: A Parsimonious Rule-based Model for Sentiment
# Analysis of Social Media Text. ICWSM-14.
#
# The MIT License (MIT)
#
# Copyright (c) 2016 C.J. Hutto
#
# Permission is hereby granted, free of charge, to any person obtaining a copy
# of this software and associated documentation files (the "Software"), to deal
# in the Software without restriction, including without limitation the rights
# to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
# copies of the Software, and to permit persons to whom the Software is
# furnished to do so, subject to the following conditions:
#
# The above copyright notice and this permission notice shall be included in all
# copies or substantial portions of the Software.
#
# THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
# IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
# FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
# AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
# LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
# OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
# SOFTWARE.
"""


def source_path() -> Path:
    spec = importlib.util.find_spec("vaderSentiment")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("vaderSentiment is not installed (it is in the dev extra)")
    return Path(next(iter(spec.submodule_search_locations))) / "vader_lexicon.txt"


def derive(lines: Sequence[str]) -> list[tuple[str, float]]:
    """(word, mean valence) rows kept from the lines of ``vader_lexicon.txt``, sorted."""
    kept: dict[str, float] = {}
    for line in lines:
        fields = line.rstrip("\n").split("\t")
        if len(fields) < 2:
            continue
        word = fields[0]
        if not _WORD.fullmatch(word) or word in EXCLUDED:
            continue
        kept[word] = float(fields[1])
    return sorted(kept.items())


def render(rows: Sequence[tuple[str, float]]) -> str:
    header = (
        "# English word valences for nlp (see nlp/lexicons/_valence.py): word <TAB> mean valence, "
        "-4 .. +4.\n# Made by nlp/training/make_valence.py; do not edit by hand.\n#\n"
    )
    body = "".join(f"{word}\t{value:g}\n" for word, value in rows)
    return header + NOTICE + body


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=None)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    source = args.source or source_path()
    rows = derive(source.read_text(encoding="utf-8").splitlines())
    args.output.write_text(render(rows), encoding="utf-8")
    print(f"wrote {args.output} ({len(rows)} words from {source})")


if __name__ == "__main__":
    main()
