"""Mystery-shopper audits (飞行检查): what staff actually do, beside what customers perceive.

Owns: checklists (YAML beside the survey templates, validated on load), the shoppers'
assignments and the rules that keep an audit unannounced, the audit in progress (answers,
photos, the location check), review, item-to-audit scores, the branch scorecard that sets
audit scores beside customers' ratings per touchpoint, improvement actions for failed
items, and calibration between shoppers. May import storage, staff, i18n and the
conversation's touchpoints; no domain package imports it.
"""
