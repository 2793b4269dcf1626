"""Fit the English residual model and write ``nlp/data/residual_en.json``.

    python -m nlp.training.train_residual [--feedback-dir DIR]

Training data: only the UCI "Sentiment Labelled Sentences" (Kotzias et al., "From Group to
Individual Labels using Deep Features", KDD 2015; CC BY 4.0), read from the feedback folder
(``$SURVEYBOT_FEEDBACK_DIR`` or ``<repo>/../shared/data/feedback``). The other files there may
not be redistributed and are never used here.

Method: logistic regression (scikit-learn, training only) over the binary features of
``nlp._residual.features``, with the rule score of ``nlp`` as a nearly unpenalised extra
column, so the learned weights correct the rules instead of repeating them. The penalty C is
chosen by 5-fold cross-validation inside the training rows. Folds are seeded; lbfgs is
deterministic, so the output is reproducible byte for byte.

The bounds written next to the weights (``DEAD_ZONE``, ``SILENT_DEAD_ZONE``, ``BIAS``,
``OVERRULE``; their meaning is in ``nlp._residual.Residual``) are not fitted here: they were
chosen by comparing a few values on the development half of every English file (UCI scored
out-of-fold), and on the survey answers of ``tests/nlp/cases.tsv``, never on the held-out half.
``SILENT_DEAD_ZONE`` is 0.75 rather than the 0.5 that suits the review sentences best: at 0.5
nine of thirty plain statements of fact ("I traded in my old car", "Second visit this year")
were read as praise or complaint, and each such complaint would reach a manager; at 1.0 only
one was, but a fifth of the unhappy review sentences the correction had found were lost.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from nlp._analysis import Analyzer, build
from nlp._residual import features
from nlp._text import normalize

SEED: Final = 20240611
UCI_FILES: Final = ("uci_amazon.tsv", "uci_imdb.tsv", "uci_yelp.tsv")
MIN_COUNT: Final = 2
RULE_COLUMN_SCALE: Final = 10.0
CS: Final = (0.03, 0.1, 0.3, 1.0, 3.0)
SHARE: Final = 1.0
DEAD_ZONE: Final = 0.25
SILENT_DEAD_ZONE: Final = 0.75
LIMIT: Final = 2.0
BIAS: Final = -0.25
OVERRULE: Final = 2.0
_RULE: Final = "\x00rule score"
OUTPUT: Final = Path(__file__).resolve().parents[1] / "data" / "residual_en.json"


def feedback_dir() -> Path:
    configured = os.environ.get("SURVEYBOT_FEEDBACK_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2].parent / "shared" / "data" / "feedback"


def read_uci(folder: Path) -> list[tuple[int, str]]:
    """(label, text) rows; label 1 = happy, 0 = unhappy."""
    rows: list[tuple[int, str]] = []
    for name in UCI_FILES:
        with (folder / name).open(encoding="utf-8") as handle:
            next(handle)
            for line in handle:
                label, text = line.rstrip("\n").split("\t")
                rows.append((int(label), text))
    return rows


def fit(rows: Sequence[tuple[int, str]], rules: Analyzer | None = None) -> dict[str, float]:
    """Weights (in rule units) of the residual model fitted to ``rows``."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegressionCV
    from sklearn.model_selection import StratifiedKFold

    rules = rules or build(residual=False)
    texts = [normalize(text) for _, text in rows]
    labels = np.array([label for label, _ in rows])
    found = [features(text) for text in texts]
    counts = Counter(feature for row in found for feature in row)
    kept = {feature for feature, count in counts.items() if count >= MIN_COUNT}
    samples: list[dict[str, float]] = []
    for text, row in zip(texts, found, strict=True):
        sample = dict.fromkeys(sorted(row & kept), 1.0)
        sample[_RULE] = rules.raw(rules.read(text)) / RULE_COLUMN_SCALE
        samples.append(sample)
    vectorizer = DictVectorizer(sort=True)
    matrix = vectorizer.fit_transform(samples)
    column: dict[str, int] = {str(k): int(v) for k, v in vectorizer.vocabulary_.items()}
    # scikit-learn 1.8+ warns unless these are explicit; older versions do not know them.
    accepted = inspect.signature(LogisticRegressionCV).parameters
    modern = {"l1_ratios": (0.0,), "use_legacy_attributes": False}
    model = LogisticRegressionCV(
        Cs=list(CS),
        cv=StratifiedKFold(5, shuffle=True, random_state=SEED),
        fit_intercept=False,
        scoring="neg_log_loss",
        max_iter=5000,
        **{name: value for name, value in modern.items() if name in accepted},
    )
    model.fit(matrix, labels)
    coefficients = model.coef_[0]
    rule_weight = coefficients[column.pop(_RULE)] / RULE_COLUMN_SCALE
    if rule_weight <= 0:
        raise RuntimeError("the rule score should predict happiness; check the data")
    return {
        feature: round(float(coefficients[index] / rule_weight), 4)
        for feature, index in column.items()
        if abs(coefficients[index] / rule_weight) >= 0.005
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feedback-dir", type=Path, default=feedback_dir())
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    rows = read_uci(args.feedback_dir)
    weights = fit(rows)
    document: dict[str, Any] = {
        "about": "English residual over the rule score; see nlp/_residual.py",
        "data": "UCI Sentiment Labelled Sentences (Kotzias et al., KDD 2015), CC BY 4.0",
        "rows": len(rows),
        "seed": SEED,
        "share": SHARE,
        "dead_zone": DEAD_ZONE,
        "silent_dead_zone": SILENT_DEAD_ZONE,
        "limit": LIMIT,
        "bias": BIAS,
        "overrule": OVERRULE,
        "weights": dict(sorted(weights.items())),
    }
    args.output.write_text(
        json.dumps(document, ensure_ascii=False, indent=0, sort_keys=False) + "\n",
        encoding="utf-8",
    )
    print(f"wrote {args.output} ({len(weights)} weights from {len(rows)} sentences)")


if __name__ == "__main__":
    main()
