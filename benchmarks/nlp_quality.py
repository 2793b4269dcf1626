"""Quality and speed of the unhappy-customer detector (``nlp``) on labelled real feedback.

    .venv/bin/python benchmarks/nlp_quality.py [--split test|dev|all]

Reads ``$SURVEYBOT_FEEDBACK_DIR`` or ``<repo>/../shared/data/feedback`` (its README describes
the files and their licences) and exits 0 with a message when the folder is absent.

Honesty rules:
- Every file is cut in two halves by a stable hash of the text (or of the sentence/comment
  id). The lexicons and rules of ``nlp`` were chosen by reading errors on the "dev" half
  only; the default report is the other half ("test"), whose errors were never read.
- The English residual model is fitted on the UCI sentences, so UCI rows are scored
  out-of-fold: ten folds by stable hash, each scored by a model fitted on the other nine.
  Its bounds (dead zones, bias, how far it may overrule praise) were chosen on the dev half.
- Cross-domain: each UCI file is also scored by a model fitted on the other two files only
  (restaurants, phones, films), to show what the learned part does on text unlike its own.
- TextBlob (polarity < 0) and VADER (compound < -0.05) are the references, as in the
  data README. Neutral counts as "not unhappy" for every scorer.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

FOLDS = 10
UNHAPPY, HAPPY = 0, 1


def feedback_dir() -> Path:
    configured = os.environ.get("SURVEYBOT_FEEDBACK_DIR")
    if configured:
        return Path(configured)
    return REPO.parent / "shared" / "data" / "feedback"


def fold_of(key: str) -> int:
    return zlib.crc32(key.encode("utf-8")) % FOLDS


def in_split(key: str, split: str) -> bool:
    if split == "all":
        return True
    return (fold_of(key) < FOLDS // 2) == (split == "dev")


def read_tsv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        return header, [line.rstrip("\n").split("\t") for line in handle]


# --- data sets ------------------------------------------------------------------------------


@dataclass
class Binary:
    name: str
    rows: list[tuple[int, str]]  # (HAPPY | UNHAPPY, text)
    fitted: bool = False  # the residual model learned from these rows: score out-of-fold
    note: str = ""


@dataclass
class TopicSet:
    name: str
    rows: list[tuple[frozenset[str], str]]  # (gold labels, text)
    mapping: dict[str, frozenset[str]] = field(default_factory=dict)  # gold label -> our ids


def label_files(folder: Path, split: str) -> list[Binary]:
    sets = []
    for name in ("uci_yelp", "uci_amazon", "uci_imdb", "waimai_10k"):
        _, rows = read_tsv(folder / f"{name}.tsv")
        data = [(int(label), text) for label, text in rows if in_split(text, split)]
        sets.append(Binary(name, data, fitted=name.startswith("uci")))
    return sets


def tripadvisor(folder: Path, split: str) -> tuple[Binary, list[str]]:
    _, rows = read_tsv(folder / "tripadvisor_hotel_ratings.tsv")
    data, middle = [], []
    for rating, text in rows:
        if not in_split(text, split):
            continue
        if rating == "3":
            middle.append(text)
        else:
            data.append((UNHAPPY if int(rating) <= 2 else HAPPY, text))
    return Binary("tripadvisor", data, note="1-2 stars unhappy, 4-5 happy"), middle


def semeval(folder: Path, split: str) -> tuple[Binary, TopicSet, int]:
    _, rows = read_tsv(folder / "semeval2014_restaurants_aspects.tsv")
    sentences: dict[str, tuple[str, set[str], set[str]]] = {}
    for sentence_id, sentiment, category, text in rows:
        if in_split(sentence_id, split):
            entry = sentences.setdefault(sentence_id, (text, set(), set()))
            entry[1].add(sentiment)
            entry[2].add(category)
    data, mixed = [], 0
    for text, sentiments, _ in sentences.values():
        if "conflict" in sentiments or {"positive", "negative"} <= sentiments:
            mixed += 1
        elif "negative" in sentiments:
            data.append((UNHAPPY, text))
        elif "positive" in sentiments:
            data.append((HAPPY, text))
    topics = TopicSet(
        "semeval",
        [(frozenset(categories), text) for text, _, categories in sentences.values()],
        {"service": frozenset({"staff_attitude", "wait_time"}), "price": frozenset({"price"})},
    )
    note = "negative vs positive sentences; mixed apart"
    return Binary("semeval", data, note=note), topics, mixed


def bdci(folder: Path, split: str) -> tuple[Binary, TopicSet]:
    _, rows = read_tsv(folder / "bdci2018_car_aspects.tsv")
    comments: dict[str, tuple[str, set[str], set[str]]] = {}
    for content_id, category, sentiment, _word, text in rows:
        if in_split(content_id, split):
            entry = comments.setdefault(content_id, (text, set(), set()))
            entry[1].add(sentiment)
            entry[2].add(category)
    data = []
    for text, sentiments, _ in comments.values():
        if sentiments == {"-1"} or sentiments == {"-1", "0"}:
            data.append((UNHAPPY, text))
        elif sentiments == {"1"} or sentiments == {"1", "0"}:
            data.append((HAPPY, text))
    topics = TopicSet(
        "bdci",
        [(frozenset(categories), text) for text, _, categories in comments.values()],
        {"价格": frozenset({"price"})},
    )
    note = "extra: car forum, negative vs positive comments"
    return Binary("bdci", data, note=note), topics


def asap(folder: Path, split: str) -> tuple[Binary, TopicSet]:
    header, rows = read_tsv(folder / "asap_dianping_aspects.tsv")
    column = {name: index for index, name in enumerate(header)}
    aspects = ("service_wait_time", "service_waiters_attitude", "price_level")
    data, topics = [], []
    for row in rows:
        text = row[column["text"]]
        if not in_split(row[column["review_index"]], split):
            continue
        rating = int(row[column["rating"]])
        if rating != 3:
            data.append((UNHAPPY if rating <= 2 else HAPPY, text))
        gold = frozenset(a for a in aspects if row[column[a]] != "-2")
        topics.append((gold, text))
    mapping = {
        "service_wait_time": frozenset({"wait_time"}),
        "service_waiters_attitude": frozenset({"staff_attitude"}),
        "price_level": frozenset({"price"}),
    }
    note = "extra: 1-2 stars unhappy, 4-5 happy"
    return Binary("asap", data, note=note), TopicSet("asap", topics, mapping)


# --- scorers ---------------------------------------------------------------------------------

Scorer = Callable[[str], bool]  # True = unhappy


@dataclass
class Result:
    accuracy: float
    macro_f1: float
    recall: float
    precision: float
    median_us: float

    def meets_target(self) -> bool:
        return self.recall >= 0.85 and self.precision >= 0.80


def evaluate(rows: Sequence[tuple[int, str]], scorers: Sequence[Scorer]) -> Result:
    """``scorers`` has one scorer for all rows, or one per row (out-of-fold)."""
    predicted, timings = [], []
    for index, (_, text) in enumerate(rows):
        scorer = scorers[index] if len(scorers) > 1 else scorers[0]
        start = time.perf_counter()
        predicted.append(scorer(text))
        timings.append(time.perf_counter() - start)
    gold = [label == UNHAPPY for label, _ in rows]
    return Result(*_metrics(gold, predicted), statistics.median(timings) * 1e6)


def _metrics(gold: list[bool], predicted: list[bool]) -> tuple[float, float, float, float]:
    pairs = list(zip(gold, predicted, strict=True))
    tp = sum(g and p for g, p in pairs)
    fp = sum(p and not g for g, p in pairs)
    fn = sum(g and not p for g, p in pairs)
    tn = len(pairs) - tp - fp - fn
    recall = tp / (tp + fn) if tp + fn else 0.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    happy_recall = tn / (tn + fp) if tn + fp else 0.0
    happy_precision = tn / (tn + fn) if tn + fn else 0.0
    f1 = _f1(recall, precision)
    macro = (f1 + _f1(happy_recall, happy_precision)) / 2
    return (tp + tn) / len(pairs), macro, recall, precision


def _f1(recall: float, precision: float) -> float:
    return 2 * recall * precision / (recall + precision) if recall + precision else 0.0


def reference_scorers() -> dict[str, Scorer]:
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()

    def textblob(text: str) -> bool:
        return bool(TextBlob(text).sentiment.polarity < 0)

    def vader_scorer(text: str) -> bool:
        return bool(vader.polarity_scores(text)["compound"] < -0.05)

    return {"textblob": textblob, "vader": vader_scorer}


def out_of_fold_scorers(folder: Path) -> dict[int, Scorer]:
    """fold -> our scorer whose residual model never saw that fold of the UCI sentences."""
    import nlp
    from nlp._residual import Residual
    from nlp.training.train_residual import fit, read_uci

    rules = nlp._analysis.build(residual=False)
    shipped = Residual.load()
    uci = read_uci(folder)
    scorers: dict[int, Scorer] = {}
    for fold in range(FOLDS):
        training = [(label, text) for label, text in uci if fold_of(text) != fold]
        weights = fit(training, rules)
        residual = Residual(weights) if shipped is None else shipped.with_weights(weights)
        analyzer = rules.with_residual(residual)
        scorers[fold] = _unhappy(analyzer)
    return scorers


def cross_domain_scorers(folder: Path) -> dict[str, tuple[Scorer, Scorer]]:
    """UCI file -> (rules alone, rules + a residual fitted on the two other UCI files)."""
    import nlp
    from nlp._residual import Residual
    from nlp.training.train_residual import UCI_FILES, fit

    rules = nlp._analysis.build(residual=False)
    shipped = Residual.load()
    files = {}
    for name in UCI_FILES:
        _, rows = read_tsv(folder / name)
        files[name.removesuffix(".tsv")] = [(int(label), text) for label, text in rows]
    scorers: dict[str, tuple[Scorer, Scorer]] = {}
    for held_out in files:
        training = [row for name, rows in files.items() if name != held_out for row in rows]
        weights = fit(training, rules)
        residual = Residual(weights) if shipped is None else shipped.with_weights(weights)
        scorers[held_out] = (_unhappy(rules), _unhappy(rules.with_residual(residual)))
    return scorers


def _unhappy(analyze: Callable[[str], object]) -> Scorer:
    def scorer(text: str) -> bool:
        return getattr(analyze(text), "label", "") == "negative"

    return scorer


# --- import cost -----------------------------------------------------------------------------

_IMPORT_PROBE = """
import time, resource
def rss():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
before = rss()
start = time.perf_counter()
import nlp
took = time.perf_counter() - start
after = rss()
start = time.perf_counter()
nlp.analyze("The staff were friendly but I waited three hours. 等了三个小时，太慢了")
first = time.perf_counter() - start
print(took, (after - before) / 1024, first, "textblob" in __import__("sys").modules)
"""


def import_cost() -> tuple[float, float, float, bool]:
    output = subprocess.run(
        [sys.executable, "-c", _IMPORT_PROBE],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(output[0]), float(output[1]), float(output[2]), output[3] == "True"


# --- report ----------------------------------------------------------------------------------


def topic_report(sets: Iterable[TopicSet]) -> list[str]:
    from nlp import analyze

    lines = [f"{'set':<9} {'gold topic':<26} {'our topic(s)':<26} {'n':>5} {'P':>6} {'R':>6}"]
    for topic_set in sets:
        predicted = [set(analyze(text).topics) for _, text in topic_set.rows]
        for gold_label, ours in topic_set.mapping.items():
            gold = [gold_label in labels for labels, _ in topic_set.rows]
            found = [bool(ours & topics) for topics in predicted]
            tp = sum(g and f for g, f in zip(gold, found, strict=True))
            precision = tp / sum(found) if sum(found) else 0.0
            recall = tp / sum(gold) if sum(gold) else 0.0
            name = "|".join(sorted(ours))
            lines.append(
                f"{topic_set.name:<9} {gold_label:<26} {name:<26} {sum(gold):>5} "
                f"{precision:>6.3f} {recall:>6.3f}"
            )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="nlp quality benchmark")
    parser.add_argument("--split", choices=("test", "dev", "all"), default="test")
    args = parser.parse_args(argv)
    folder = feedback_dir()
    if not (folder / "uci_yelp.tsv").is_file():
        print(f"skipped: labelled feedback not found in {folder} (set SURVEYBOT_FEEDBACK_DIR)")
        return 0

    took, added_mb, first, textblob_loaded = import_cost()
    from nlp import analyze

    ours = _unhappy(analyze)
    references = reference_scorers()
    oof = out_of_fold_scorers(folder)
    cross = cross_domain_scorers(folder)

    binaries = label_files(folder, args.split)
    trip, three_stars = tripadvisor(folder, args.split)
    sem, sem_topics, mixed = semeval(folder, args.split)
    car, car_topics = bdci(folder, args.split)
    dianping, dianping_topics = asap(folder, args.split)
    binaries += [trip, sem, car, dianping]

    print(f"nlp quality on {folder} -- split: {args.split}")
    print("(rules were chosen on the dev half; UCI rows are scored out-of-fold)\n")
    header = (
        f"{'data set':<13} {'n':>5} {'scorer':<9} {'acc':>6} {'macroF1':>8} "
        f"{'unhappyR':>9} {'unhappyP':>9} {'median us':>10}  target"
    )
    print(header)
    print("-" * len(header))
    for data in binaries:
        ours_here: Sequence[Scorer] = (
            [oof[fold_of(text)] for _, text in data.rows] if data.fitted else [ours]
        )
        results = {"ours" + ("/oof" if data.fitted else ""): evaluate(data.rows, ours_here)}
        for name, scorer in references.items():
            results[name] = evaluate(data.rows, [scorer])
        for index, (name, result) in enumerate(results.items()):
            label = data.name if index == 0 else ""
            count = str(len(data.rows)) if index == 0 else ""
            target = ("met" if result.meets_target() else "MISSED") if index == 0 else ""
            print(
                f"{label:<13} {count:>5} {name:<9} {result.accuracy:>6.3f} "
                f"{result.macro_f1:>8.3f} {result.recall:>9.3f} {result.precision:>9.3f} "
                f"{result.median_us:>10.0f}  {target}"
            )
        if data.note:
            print(f"{'':<13} ({data.note})")
    labels = [analyze(text).label for text in three_stars]
    shares = {name: labels.count(name) / max(1, len(labels)) for name in ("negative", "neutral")}
    print(
        f"\ntripadvisor 3 stars (n={len(labels)}): ours reads {shares['negative']:.0%} as "
        f"unhappy, {shares['neutral']:.0%} neutral; semeval mixed sentences left out: {mixed}"
    )
    print(
        "\nEnglish across domains: rules alone, and rules + a residual fitted on the two other"
        " UCI files only"
    )
    print(header)
    print("-" * len(header))
    for data in binaries:
        if not data.fitted:
            continue
        alone, crossed = cross[data.name]
        for index, (name, scorer) in enumerate((("rules", alone), ("ours/x", crossed))):
            result = evaluate(data.rows, [scorer])
            label = data.name if index == 0 else ""
            count = str(len(data.rows)) if index == 0 else ""
            target = "met" if result.meets_target() else "MISSED"
            print(
                f"{label:<13} {count:>5} {name:<9} {result.accuracy:>6.3f} "
                f"{result.macro_f1:>8.3f} {result.recall:>9.3f} {result.precision:>9.3f} "
                f"{result.median_us:>10.0f}  {target}"
            )
    print("\nTopics (a gold topic counts as found when any of our ids is in Analysis.topics)")
    for line in topic_report([sem_topics, dianping_topics, car_topics]):
        print(line)
    print(
        f"\nimport nlp: {took * 1000:.0f} ms, +{added_mb:.1f} MB RSS (subprocess); "
        f"first analyze {first * 1000:.1f} ms; textblob imported: {textblob_loaded}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
