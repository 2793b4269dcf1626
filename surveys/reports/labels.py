"""Words of charts and export headers, in Chinese and English."""

from __future__ import annotations

LANGUAGES = ("zh", "en")

_TEXTS: dict[str, dict[str, str]] = {
    "title": {"zh": "客户满意度报告", "en": "Customer satisfaction"},
    "trend": {"zh": "每周 CSAT、NPS 与回复数", "en": "CSAT, NPS and responses by week"},
    "score_axis": {"zh": "CSAT (%) / NPS", "en": "CSAT (%) / NPS"},
    "responses": {"zh": "回复数", "en": "Responses"},
    "touchpoints": {"zh": "各环节平均分", "en": "Average score by touchpoint"},
    "by_branch": {"zh": "门店对比 (CSAT)", "en": "Branches compared (CSAT)"},
    "by_staff": {"zh": "员工对比 (CSAT)", "en": "Staff compared (CSAT)"},
    "no_data": {"zh": "暂无数据", "en": "No data yet"},
    "no_branch": {"zh": "(未指定门店)", "en": "(no branch)"},
    "no_staff": {"zh": "(未指定员工)", "en": "(no staff member)"},
    "more": {"zh": "另有 {count} 个未显示", "en": "{count} more not shown"},
    "response_rate": {"zh": "回复率", "en": "Response rate"},
    "surveys": {"zh": "回访", "en": "Surveys"},
    "complaints": {"zh": "投诉", "en": "Complaints"},
    "overdue": {"zh": "超时", "en": "overdue"},
    "excellent": {"zh": "优秀", "en": "excellent"},
    "good": {"zh": "良好", "en": "good"},
    "fair": {"zh": "一般", "en": "fair"},
    "poor": {"zh": "较差", "en": "poor"},
    "n/a": {"zh": "样本不足", "en": "n/a"},
}

_TOUCHPOINTS: dict[str, dict[str, str]] = {
    "reception": {"zh": "接待", "en": "Reception"},
    "waiting_time": {"zh": "等待时间", "en": "Waiting time"},
    "price_transparency": {"zh": "费用透明", "en": "Price transparency"},
    "work_quality": {"zh": "维修质量", "en": "Quality of work"},
    "staff_attitude": {"zh": "服务态度", "en": "Staff attitude"},
    "product_explanation": {"zh": "产品讲解", "en": "Product explanation"},
    "test_drive": {"zh": "试乘试驾", "en": "Test drive"},
    "paperwork": {"zh": "手续办理", "en": "Paperwork"},
    "delivery": {"zh": "交车", "en": "Delivery"},
}

#: Export columns other than the answers, in order (``phone`` only for admins).
EXPORT_COLUMNS: dict[str, dict[str, str]] = {
    "delivery_id": {"zh": "回访编号", "en": "Survey id"},
    "customer_id": {"zh": "客户编号", "en": "Customer id"},
    "customer_name": {"zh": "客户姓名", "en": "Customer name"},
    "phone": {"zh": "电话", "en": "Phone"},
    "event_id": {"zh": "业务单号", "en": "Visit id"},
    "event_kind": {"zh": "业务类型", "en": "Visit type"},
    "event_date": {"zh": "业务日期", "en": "Visit date"},
    "branch": {"zh": "门店", "en": "Branch"},
    "staff": {"zh": "员工", "en": "Staff"},
    "vehicle": {"zh": "车辆", "en": "Vehicle"},
    "template": {"zh": "问卷", "en": "Survey template"},
    "wave_id": {"zh": "批次", "en": "Wave"},
    "status": {"zh": "发送状态", "en": "Send status"},
    "sent_at": {"zh": "发送时间", "en": "Sent at"},
    "answered_at": {"zh": "首次回答时间", "en": "First answer at"},
    "completed_at": {"zh": "完成时间", "en": "Completed at"},
    "sentiment": {"zh": "文字情感", "en": "Text sentiment"},
    "topics": {"zh": "话题", "en": "Topics"},
    "complaint_status": {"zh": "投诉状态", "en": "Complaint status"},
    "complaint_severity": {"zh": "投诉级别", "en": "Complaint severity"},
}


def _pick(table: dict[str, str], language: str) -> str:
    return table.get(language) or table["en"]


def text(key: str, language: str, **values: object) -> str:
    return _pick(_TEXTS[key], language).format(**values)


def touchpoint(name: str, language: str) -> str:
    known = _TOUCHPOINTS.get(name)
    return _pick(known, language) if known else name.replace("_", " ")


def column(key: str, language: str) -> str:
    return _pick(EXPORT_COLUMNS[key], language)
