"""What audits add to the reports: the branch scorecard (audit scores beside customers'
ratings per touchpoint, with the gaps flagged) and the calibration between shoppers."""

from surveys.audits.reports.calibration import ItemAgreement, calibration
from surveys.audits.reports.scorecard import Scorecard, ScorecardRow, build_scorecard

__all__ = ["ItemAgreement", "Scorecard", "ScorecardRow", "build_scorecard", "calibration"]
