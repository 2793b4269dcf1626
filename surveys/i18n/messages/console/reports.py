"""``/stats``, charts and exports: the report's words, touchpoint names and export
column headers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from surveys.i18n.messages.marks import N_, Msgid, Nn_

MESSAGES: Final[Mapping[str, Msgid]] = {
    # /stats and /export
    "stats_title": N_("📊 Last {days} days ({first} – {last}) · {where}"),
    "weekly_title": N_("📊 Last week ({first} – {last})"),
    "stats_sent": N_("Surveys sent {sent} · answered {answered} ({rate}) · completed {completed}"),
    "stats_scores": N_("CSAT {csat} (n={csat_n}) · NPS {nps} (n={nps_n})"),
    "stats_unhappy": N_("Unhappy comments {share} · top topics: {topics}"),
    "stats_complaints": N_(
        "Complaints: {opened} opened · {overdue} overdue · {resolved} resolved · median "
        "{median} to resolve"
    ),
    "stats_grades": N_("Grades: {grades}"),
    "stats_days": N_("{days} days"),
    "stats_compare_b": N_("Compare branches"),
    "stats_compare_s": N_("Compare staff"),
    "export_caption": N_("{rows} surveys of the last {days} days (UTF-8 CSV for Excel, and XLSX)."),
    # Chart
    "chart_title": N_("Customer satisfaction"),
    "chart_trend": N_("CSAT, NPS and responses by week"),
    "chart_score_axis": N_("CSAT (%) / NPS"),
    "chart_responses": N_("Responses"),
    "chart_touchpoints": N_("Average score by touchpoint"),
    "chart_by_branch": N_("Branches compared (CSAT)"),
    "chart_by_staff": N_("Staff compared (CSAT)"),
    "chart_no_data": N_("No data yet"),
    "chart_no_branch": N_("(no branch)"),
    "chart_no_staff": N_("(no staff member)"),
    "chart_more": Nn_("{count} more not shown", "{count} more not shown"),
    "chart_response_rate": N_("Response rate"),
    "chart_surveys": N_("Surveys"),
    "chart_complaints": N_("Complaints"),
    "chart_overdue": N_("overdue"),
    # Touchpoints
    "touchpoint_reception": N_("Reception"),
    "touchpoint_waiting_time": N_("Waiting time"),
    "touchpoint_price_transparency": N_("Price transparency"),
    "touchpoint_work_quality": N_("Quality of work"),
    "touchpoint_staff_attitude": N_("Staff attitude"),
    "touchpoint_product_explanation": N_("Product explanation"),
    "touchpoint_test_drive": N_("Test drive"),
    "touchpoint_paperwork": N_("Paperwork"),
    "touchpoint_delivery": N_("Delivery"),
    # Export
    "column_delivery_id": N_("Survey id"),
    "column_customer_id": N_("Customer id"),
    "column_customer_name": N_("Customer name"),
    "column_phone": N_("Phone"),
    "column_event_id": N_("Visit id"),
    "column_event_kind": N_("Visit type"),
    "column_event_date": N_("Visit date"),
    "column_branch": N_("Branch"),
    "column_staff": N_("Staff"),
    "column_vehicle": N_("Vehicle"),
    "column_template": N_("Survey template"),
    "column_wave_id": N_("Wave"),
    "column_status": N_("Send status"),
    "column_sent_at": N_("Sent at"),
    "column_answered_at": N_("First answer at"),
    "column_completed_at": N_("Completed at"),
    "column_sentiment": N_("Text sentiment"),
    "column_topics": N_("Topics"),
    "column_complaint_status": N_("Complaint status"),
    "column_complaint_severity": N_("Complaint severity"),
    "export_skipped": N_("(skipped)"),
    # Question columns: a touchpoint's name or the question's words, else these
    "export_question_csat": N_("Overall satisfaction"),
    "export_question_nps": N_("Likelihood to recommend"),
    "export_question_rating": N_("Rating"),
    "export_question_choice": N_("Choice"),
    "export_question_yesno": N_("Yes or no"),
    "export_question_text": N_("Comment"),
    "export_header_again": N_("{header} ({number})"),
    # The report as text (surveybot stats)
    "report_surveys": N_("Surveys"),
    "report_sends": N_(
        "{deliveries} surveys · {sent} sent · {answered} answered ({response}) · "
        "{completed} completed ({completion})"
    ),
    "report_scores": N_(
        "CSAT {csat} (n={csat_n}) · NPS {nps} (n={nps_n}: promoters {promoters}, "
        "detractors {detractors})"
    ),
    "report_comments": N_("{texts} comments · {negative} unhappy ({share})"),
    "report_nothing": N_("(nothing in this period)"),
    "report_touchpoints": N_("Touchpoints"),
    "report_topics": N_("Top complaint topics"),
    "report_complaints": N_("Complaints"),
    "report_complaint_counts": N_(
        "{opened} opened · {open} open · {overdue} overdue · {resolved} resolved · "
        "{withdrawn} withdrawn · median {median} to resolve"
    ),
    "report_hours": N_("{hours} h"),
    "report_branches": N_("Branches"),
    "report_staff": N_("Staff"),
    "report_weeks": N_("By week"),
    "report_column_touchpoint": N_("Touchpoint"),
    "report_column_average": N_("Average"),
    "report_column_answers": N_("Answers"),
    "report_column_topic": N_("Topic"),
    "report_column_mentions": N_("Mentions"),
    "report_column_complaints": N_("Complaints"),
    "report_column_unhappy_comments": N_("In unhappy comments"),
    "report_column_rank": N_("#"),
    "report_column_branch": N_("Branch"),
    "report_column_staff": N_("Staff member"),
    "report_column_grade": N_("Grade"),
    "report_column_csat": N_("CSAT"),
    "report_column_nps": N_("NPS"),
    "report_column_sent": N_("Sent"),
    "report_column_answered": N_("Answered"),
    "report_column_completed": N_("Completed"),
    "report_column_week": N_("Week"),
    "report_column_dates": N_("Dates"),
    "ungraded_reason": N_("too few answers: {have} of {count}"),
    "report_grading": Nn_(
        "Grades: excellent from CSAT {excellent_csat} and NPS {excellent_nps}, good from "
        "{good_csat} and {good_nps}, fair from {fair_csat} and {fair_nps}, else poor; the "
        "weaker of CSAT and NPS counts, and each is judged only on at least {count} answer.",
        "Grades: excellent from CSAT {excellent_csat} and NPS {excellent_nps}, good from "
        "{good_csat} and {good_nps}, fair from {fair_csat} and {fair_nps}, else poor; the "
        "weaker of CSAT and NPS counts, and each is judged only on at least {count} answers.",
    ),
}
