"""Everything the bot says outside a survey template, in every supported language.

Survey questions live in the YAML templates; this module holds the product's
own voice (linking, help, errors, confirmations). Keys are checked by a test
so that no language is ever missing a line.
"""

from __future__ import annotations

from typing import Any

SUPPORTED = ("zh", "en")

TEXTS: dict[str, dict[str, str]] = {
    "welcome_unlinked": {
        "en": (
            "Hello! This bot asks our customers how their purchase or service visit went, "
            "so that we can fix what went wrong.\n\n"
            "To connect this chat to your customer record, tap “Share my phone number” below, "
            "or open the link printed on your receipt or sent to you by SMS."
        ),
        "zh": (
            "您好！这是我们的客户回访机器人，用来了解您购车或售后服务的体验，"
            "以便及时改进我们做得不好的地方。\n\n"
            "请点击下方“分享我的手机号”关联您的客户信息，"
            "或打开结算单/短信中的专属链接。"
        ),
    },
    "share_phone_button": {"en": "📱 Share my phone number", "zh": "📱 分享我的手机号"},
    "consent": {
        "en": (
            "We will send you a few short surveys about your visits (never more than one "
            "a month). /stop turns them off, /forget erases your data, /help lists what I can do."
        ),
        "zh": (
            "我们会在您到店后发送简短的回访问卷（每月最多一次）。"
            "发送 /stop 可停止回访，/forget 可删除您的数据，/help 查看全部功能。"
        ),
    },
    "linked": {
        "en": "Thank you, {name}! This chat is now connected to your customer record.",
        "zh": "谢谢您，{name}！此聊天已与您的客户信息关联。",
    },
    "linked_anonymous": {
        "en": "Thank you! This chat is now connected to your customer record.",
        "zh": "谢谢！此聊天已与您的客户信息关联。",
    },
    "already_linked": {
        "en": "This chat is already connected to your customer record. /help lists what I can do.",
        "zh": "此聊天已经关联了您的客户信息。发送 /help 查看全部功能。",
    },
    "link_invalid": {
        "en": (
            "Sorry, this link is not valid. Please use the link from your receipt or SMS, "
            "or tap “Share my phone number”."
        ),
        "zh": "抱歉，此链接无效。请使用结算单或短信中的链接，或点击“分享我的手机号”。",
    },
    "link_taken": {
        "en": (
            "This customer record is already connected to another Telegram account. "
            "If that is wrong, please contact the dealership."
        ),
        "zh": "该客户信息已关联到另一个 Telegram 账号。如有疑问，请联系门店。",
    },
    "chat_taken": {
        "en": (
            "This Telegram account is already connected to another customer record. "
            "Send /forget first if you want to connect a different one."
        ),
        "zh": "此 Telegram 账号已关联其他客户信息。如需更换，请先发送 /forget。",
    },
    "contact_not_own": {
        "en": "Please share your own phone number with the button below, not someone else's.",
        "zh": "请通过下方按钮分享您本人的手机号，而不是他人的。",
    },
    "phone_not_found": {
        "en": (
            "Sorry, we could not find a customer with this phone number. If you bought or "
            "serviced a car with us under another number, please use the link on your receipt."
        ),
        "zh": "抱歉，没有找到使用此手机号的客户。如果您登记的是其他号码，请使用结算单上的链接。",
    },
    "help": {
        "en": (
            "I send short surveys after your purchase or service visit. Answer with the "
            "buttons, or type your answer.\n\n"
            "/status – your open survey or complaint\n"
            "/language – 中文 / English\n"
            "/stop – no more surveys\n"
            "/forget – erase your personal data\n"
            "/help – this message"
        ),
        "zh": (
            "我会在您购车或售后服务后发送简短的回访问卷。您可以点击按钮作答，也可以直接输入。\n\n"
            "/status – 查看进行中的问卷或投诉\n"
            "/language – 切换语言 中文 / English\n"
            "/stop – 不再接收回访\n"
            "/forget – 删除您的个人数据\n"
            "/help – 显示本帮助"
        ),
    },
    "skip": {"en": "Skip ⏭", "zh": "跳过 ⏭"},
    "yes": {"en": "Yes", "zh": "是"},
    "no": {"en": "No", "zh": "否"},
    "skipped_mark": {"en": "skipped", "zh": "已跳过"},
    "text_prompt": {
        "en": "Type your answer in the chat, or tap Skip.",
        "zh": "请直接输入您的回答，或点击“跳过”。",
    },
    "scale_hint": {
        "en": "{low_value} = {low} · {high_value} = {high}",
        "zh": "{low_value} = {low} · {high_value} = {high}",
    },
    "need_number": {
        "en": "Please tap a number from {low} to {high} above (or type it), or type “skip”.",
        "zh": "请点击上方 {low} 到 {high} 之间的数字（或直接输入数字），或输入“跳过”。",
    },
    "need_yes_no": {
        "en": "Please tap Yes or No above, or type “skip”.",
        "zh": "请点击上方的“是”或“否”，或输入“跳过”。",
    },
    "need_choice": {
        "en": "Please tap one of the options above, or type “skip”.",
        "zh": "请点击上方的一个选项，或输入“跳过”。",
    },
    "answer_saved": {"en": "Saved ✔", "zh": "已记录 ✔"},
    "already_answered": {
        "en": "You already answered this question. Thank you!",
        "zh": "这个问题您已经回答过了，谢谢！",
    },
    "question_closed": {
        "en": "This question is no longer open.",
        "zh": "这个问题已经结束了。",
    },
    "survey_closed": {
        "en": "This survey is closed. Thank you for your time!",
        "zh": "本次问卷已结束，感谢您的参与！",
    },
    "survey_expired": {
        "en": "Sorry, this survey has expired. Thank you all the same!",
        "zh": "抱歉，本次问卷已过期。仍然感谢您！",
    },
    "not_yours": {
        "en": "This button belongs to someone else's survey.",
        "zh": "这个按钮属于他人的问卷。",
    },
    "no_open_survey": {
        "en": "Thank you for your message. There is no survey open for you right now.",
        "zh": "感谢您的留言。您目前没有进行中的问卷。",
    },
    "not_linked_text": {
        "en": (
            "I don't know who you are yet. Tap “Share my phone number” below to connect "
            "this chat to your customer record."
        ),
        "zh": "我还不知道您是哪位客户。请点击下方“分享我的手机号”关联您的客户信息。",
    },
    "stopped": {
        "en": "Done: you will not receive any more surveys. Changed your mind? Tap the button.",
        "zh": "已为您停止回访，之后不会再收到问卷。如需恢复，请点击下方按钮。",
    },
    "already_stopped": {
        "en": "You have already turned surveys off. Tap the button to turn them back on.",
        "zh": "您已停止接收回访。如需恢复，请点击下方按钮。",
    },
    "resume_button": {"en": "Resume surveys", "zh": "恢复回访"},
    "resumed": {
        "en": "Welcome back! You will receive our short surveys again.",
        "zh": "欢迎回来！您将重新收到我们的回访问卷。",
    },
    "language_prompt": {"en": "Choose your language:", "zh": "请选择语言："},
    "language_set": {"en": "I will speak English from now on.", "zh": "好的，之后我会使用中文。"},
    "forget_prompt": {
        "en": (
            "This erases your name, phone number, the link to this chat and everything you "
            "wrote to us. Anonymous scores stay in our statistics. Continue?"
        ),
        "zh": (
            "此操作将删除您的姓名、手机号、与本聊天的关联以及您写给我们的全部文字。"
            "匿名评分会保留在统计中。确定继续吗？"
        ),
    },
    "forget_yes": {"en": "Yes, erase my data", "zh": "确定删除"},
    "forget_no": {"en": "Cancel", "zh": "取消"},
    "forgotten": {
        "en": "Your personal data has been erased. Goodbye, and thank you.",
        "zh": "您的个人数据已删除。再见，感谢您。",
    },
    "forget_cancelled": {"en": "Nothing was erased.", "zh": "已取消，没有删除任何数据。"},
    "forget_nothing": {
        "en": "This chat is not connected to any customer record, so there is nothing to erase.",
        "zh": "此聊天没有关联任何客户信息，没有需要删除的数据。",
    },
    "status_none": {
        "en": "You have no open survey or complaint.",
        "zh": "您目前没有进行中的问卷或投诉。",
    },
    "status_survey": {
        "en": "Your survey about {what} is open. Answer the last question above to continue.",
        "zh": "您关于{what}的问卷尚未完成，请回答上方最后一个问题继续。",
    },
    "stale_tap": {"en": "This button has expired.", "zh": "此按钮已失效。"},
    "reminder": {
        "en": "A friendly reminder: your {what} survey about your visit on {date} is still open. "
        "It takes about a minute.",
        "zh": "温馨提醒：您{date}到店的{what}问卷还没有完成，大约只需一分钟。",
    },
    "wave_sending": {
        "en": "📤 Wave #{id} · {template} · visits {window} · {status}",
        "zh": "📤 第 {id} 批回访 · {template} · 到店日期 {window} · {status}",
    },
    "wave_finished": {
        "en": "✅ Wave #{id} · {template} · visits {window} · {status}",
        "zh": "✅ 第 {id} 批回访 · {template} · 到店日期 {window} · {status}",
    },
    "wave_status_scheduled": {"en": "scheduled", "zh": "待发送"},
    "wave_status_sending": {"en": "sending", "zh": "发送中"},
    "wave_status_paused": {"en": "paused", "zh": "已暂停"},
    "wave_status_done": {"en": "done", "zh": "已完成"},
    "wave_status_cancelled": {"en": "cancelled", "zh": "已取消"},
    "wave_counts": {
        "en": "sent {sent} · failed {failed} · uncertain {uncertain} · answered {answered} · "
        "completed {completed}",
        "zh": "已发送 {sent} · 失败 {failed} · 不确定 {uncertain} · 已作答 {answered} · "
        "已完成 {completed}",
    },
    "wave_skipped": {"en": "skipped: {reasons}", "zh": "未发送：{reasons}"},
    "wave_uncertain": {
        "en": "⚠️ {count} uncertain: the send may have reached the customer, so it is not repeated.",
        "zh": "⚠️ {count} 条不确定：可能已送达客户，因此不会重发。",
    },
    "skip_not_linked": {"en": "not linked", "zh": "未关联"},
    "skip_opted_out": {"en": "opted out", "zh": "已退订"},
    "skip_unreachable": {"en": "unreachable", "zh": "无法送达"},
    "skip_fatigue": {"en": "surveyed recently", "zh": "近期已回访"},
    "skip_already_surveyed": {"en": "already surveyed", "zh": "已回访过"},
    "skip_merged": {"en": "merged visits", "zh": "合并的到店记录"},
    "skip_open_complaint": {"en": "open complaint", "zh": "投诉处理中"},
    "help_manager": {
        "en": (
            "For managers:\n"
            "/queue – open complaints of your branches, oldest deadline first\n"
            "/complaint 12 – complaint #12 with its timeline\n"
            "/stats – CSAT, NPS and trends with a chart; /export – the rows as CSV and XLSX\n"
            "Escalation cards arrive here; use their buttons to claim, call and resolve."
        ),
        "zh": (
            "负责人功能：\n"
            "/queue – 本门店待处理投诉（按期限先后）\n"
            "/complaint 12 – 查看投诉 #12 及处理记录\n"
            "/stats – 满意度、NPS 与趋势图；/export – 导出 CSV 与 XLSX\n"
            "投诉卡片会发送到这里，可直接点击按钮认领、联系和处理。"
        ),
    },
    "help_admin": {
        "en": (
            "For admins:\n"
            "/newwave – schedule a survey wave\n"
            "/waves – recent waves and their progress\n"
            "/wave 12 – one wave, with pause / resume / cancel\n"
            "/staff – admins and branch managers (add, remove, levels)\n"
            "Send a CSV or XLSX file to import customers and visits."
        ),
        "zh": (
            "管理员功能：\n"
            "/newwave – 新建回访批次\n"
            "/waves – 最近的批次及进度\n"
            "/wave 12 – 查看某一批次，可暂停 / 继续 / 取消\n"
            "/staff – 管理员与门店负责人（添加、移除、级别）\n"
            "发送 CSV 或 XLSX 文件即可导入客户和到店记录。"
        ),
    },
    "stats_title": {
        "en": "📊 Last {days} days ({first} – {last}) · {where}",
        "zh": "📊 最近 {days} 天（{first} – {last}）· {where}",
    },
    "weekly_title": {
        "en": "📊 Last week ({first} – {last})",
        "zh": "📊 上周回访（{first} – {last}）",
    },
    "stats_sent": {
        "en": "Surveys sent {sent} · answered {answered} ({rate}) · completed {completed}",
        "zh": "已发送 {sent} · 已作答 {answered}（{rate}）· 已完成 {completed}",
    },
    "stats_scores": {
        "en": "CSAT {csat} (n={csat_n}) · NPS {nps} (n={nps_n})",
        "zh": "满意度 CSAT {csat}（{csat_n} 份）· 净推荐值 NPS {nps}（{nps_n} 份）",
    },
    "stats_unhappy": {
        "en": "Unhappy comments {share} · top topics: {topics}",
        "zh": "负面留言占比 {share} · 主要问题：{topics}",
    },
    "stats_complaints": {
        "en": "Complaints: {opened} opened · {overdue} overdue · {resolved} resolved · "
        "median {median} to resolve",
        "zh": "投诉：新增 {opened} · 超时 {overdue} · 已解决 {resolved} · 解决用时中位数 {median}",
    },
    "stats_grades": {"en": "Grades: {grades}", "zh": "评级：{grades}"},
    "stats_days": {"en": "{days} days", "zh": "{days} 天"},
    "stats_compare_b": {"en": "Compare branches", "zh": "按门店对比"},
    "stats_compare_s": {"en": "Compare staff", "zh": "按顾问对比"},
    "export_caption": {
        "en": "{rows} surveys of the last {days} days (UTF-8 CSV for Excel, and XLSX).",
        "zh": "最近 {days} 天的 {rows} 份问卷"
        "（CSV 为 UTF-8 编码，可直接用 Excel 打开；另附 XLSX）。",
    },
    "staff_usage": {
        "en": "/staff – list staff\n/staff add USER_ID manager BRANCH [LEVEL]\n"
        "/staff add USER_ID admin\n/staff remove USER_ID [BRANCH]",
        "zh": "/staff – 查看工作人员\n/staff add 用户ID manager 门店 [级别]\n"
        "/staff add 用户ID admin\n/staff remove 用户ID [门店]",
    },
    "staff_added": {
        "en": "{user} is now {role} of {branch} (level {level}).",
        "zh": "{user} 现在是{branch}的 {role}（第 {level} 级）。",
    },
    "staff_removed": {
        "en": "Removed {count} role(s) of {user}; {back} complaint(s) went back to the queue.",
        "zh": "已移除 {user} 的 {count} 个角色；{back} 件投诉已退回待认领。",
    },
    "staff_only": {
        "en": "Sorry, this is for staff only.",
        "zh": "抱歉，此功能仅限工作人员使用。",
    },
    "wave_usage": {
        "en": "/newwave starts a survey wave; /waves lists them; /wave 12 shows wave #12.",
        "zh": "/newwave 新建回访批次；/waves 查看批次列表；/wave 12 查看第 12 批。",
    },
    "no_waves": {
        "en": "No survey waves yet. /newwave starts one.",
        "zh": "还没有回访批次。发送 /newwave 新建。",
    },
    "pause": {"en": "⏸ Pause", "zh": "⏸ 暂停"},
    "resume": {"en": "▶️ Resume", "zh": "▶️ 继续"},
    "cancel_wave": {"en": "✖ Cancel wave", "zh": "✖ 取消批次"},
    "cancel": {"en": "✖ Cancel", "zh": "✖ 取消"},
    "wizard_t": {
        "en": "New survey wave (1/4): which survey?",
        "zh": "新建回访批次（1/4）：发送哪份问卷？",
    },
    "wizard_w": {
        "en": "New survey wave (2/4): which visits?",
        "zh": "新建回访批次（2/4）：回访哪些到店记录？",
    },
    "wizard_b": {
        "en": "New survey wave (3/4): which branch?",
        "zh": "新建回访批次（3/4）：哪个门店？",
    },
    "wizard_s": {"en": "New survey wave (4/4): when?", "zh": "新建回访批次（4/4）：什么时候发送？"},
    "wizard_cancelled": {"en": "Cancelled: no wave was created.", "zh": "已取消，没有创建批次。"},
    "window_yesterday": {"en": "Yesterday", "zh": "昨天"},
    "window_today": {"en": "Today", "zh": "今天"},
    "window_last_7_days": {"en": "Last 7 days", "zh": "最近 7 天"},
    "window_last_week": {"en": "Last week", "zh": "上周"},
    "all_branches": {"en": "All branches", "zh": "全部门店"},
    "send_now": {"en": "Now", "zh": "立即发送"},
    "send_next": {"en": "At {at}", "zh": "{at} 发送"},
    "send_every_day": {"en": "Every day at {at}", "zh": "每天 {at}"},
    "confirm_send": {"en": "✅ Send", "zh": "✅ 确认发送"},
    "confirm_title": {"en": "Please check this survey wave:", "zh": "请确认本次回访："},
    "confirm_template": {"en": "Survey: {title}", "zh": "问卷：{title}"},
    "confirm_window": {"en": "Visits: {window} ({days})", "zh": "到店日期：{window}（{days}）"},
    "confirm_branch": {"en": "Branch: {branch}", "zh": "门店：{branch}"},
    "confirm_send_at": {"en": "Send: {send}", "zh": "发送时间：{send}"},
    "reaches": {
        "en": "Reaches {count} customers if sent now.",
        "zh": "如现在发送，将送达 {count} 位客户。",
    },
    "merged_visits": {
        "en": "{count} repeat visits merged (one survey per customer, about the latest visit).",
        "zh": "合并了 {count} 条重复到店记录（每位客户只发一份问卷，针对最近一次到店）。",
    },
    "quiet_now": {
        "en": "It is quiet hours ({quiet}): sending starts when they end.",
        "zh": "现在是免打扰时段（{quiet}），将在时段结束后开始发送。",
    },
    "wave_created": {
        "en": "Wave #{id} is scheduled. Its progress will appear in this chat.",
        "zh": "第 {id} 批回访已创建，发送进度将显示在此聊天中。",
    },
    "import_done": {
        "en": "{name}: {rows} rows, {good} imported, {bad} bad; {events} new events, "
        "{customers} new customers.",
        "zh": "{name}：共 {rows} 行，导入 {good} 行，错误 {bad} 行；新增到店记录 {events} 条，"
        "新客户 {customers} 位。",
    },
    "import_line": {"en": "line {line}: {reason}", "zh": "第 {line} 行：{reason}"},
    "import_more": {"en": "… and {count} more bad rows.", "zh": "……另有 {count} 行错误。"},
    "import_unreadable": {
        "en": "{name} could not be imported: {error}",
        "zh": "{name} 无法导入：{error}",
    },
    "severity_critical": {"en": "critical", "zh": "紧急"},
    "severity_high": {"en": "high", "zh": "高"},
    "severity_medium": {"en": "medium", "zh": "中"},
    "severity_low": {"en": "low", "zh": "低"},
    "complaint_status_open": {"en": "open, not claimed", "zh": "待认领"},
    "complaint_status_claimed": {"en": "claimed by {who}", "zh": "{who} 已认领"},
    "complaint_status_contacted": {"en": "{who} contacted the customer", "zh": "{who} 已联系客户"},
    "complaint_status_resolved": {
        "en": "resolved by {who}; waiting for the customer's answer",
        "zh": "{who} 已处理，等待客户确认",
    },
    "complaint_status_closed": {"en": "closed", "zh": "已关闭"},
    "complaint_status_reopened": {
        "en": "REOPENED: the customer says it is not solved",
        "zh": "已重新打开：客户表示问题未解决",
    },
    "complaint_status_withdrawn": {"en": "withdrawn by the customer", "zh": "客户已撤回"},
    "overall_label": {"en": "overall", "zh": "总体"},
    "card_title": {"en": "Complaint #{id}", "zh": "投诉 #{id}"},
    "card_repeat": {
        "en": "(sent again: the first try may not have arrived)",
        "zh": "（重发：上一次可能未送达）",
    },
    "card_customer": {"en": "Customer: {name} · {phone}", "zh": "客户：{name} · {phone}"},
    "card_visit": {
        "en": "{kind} on {date} · vehicle {vehicle} · staff {staff}",
        "zh": "{date} {kind} · 车辆 {vehicle} · 顾问 {staff}",
    },
    "card_from_message": {
        "en": "Written to the bot outside a survey",
        "zh": "客户在问卷之外主动留言",
    },
    "card_scores": {"en": "Scores: {scores}", "zh": "评分：{scores}"},
    "card_sentiment": {
        "en": "Sentiment: {label} ({score}) · Topics: {topics}",
        "zh": "情绪：{label}（{score}） · 主题：{topics}",
    },
    "card_status": {
        "en": "Status: {status} · level {level}",
        "zh": "状态：{status} · 第 {level} 级",
    },
    "card_deadlines": {
        "en": "Acknowledge by {ack}{ack_late} · resolve by {resolve}{resolve_late}",
        "zh": "认领期限 {ack}{ack_late} · 解决期限 {resolve}{resolve_late}",
    },
    "overdue": {"en": " ⚠️ OVERDUE", "zh": " ⚠️ 已超时"},
    "kind_service": {"en": "Service visit", "zh": "售后到店"},
    "kind_sale": {"en": "Purchase", "zh": "购车"},
    "label_negative": {"en": "unhappy", "zh": "负面"},
    "label_neutral": {"en": "neutral", "zh": "中性"},
    "label_positive": {"en": "happy", "zh": "正面"},
    "btn_claim": {"en": "✋ Claim", "zh": "✋ 认领"},
    "btn_contacted": {"en": "📞 Contacted", "zh": "📞 已联系"},
    "btn_resolve": {"en": "✅ Resolve", "zh": "✅ 已解决"},
    "btn_reassign": {"en": "↪ Reassign", "zh": "↪ 转派"},
    "btn_back": {"en": "← Back", "zh": "← 返回"},
    "reassign_to": {"en": "Give complaint #{id} to:", "zh": "将投诉 #{id} 转派给："},
    "nobody_to_reassign": {
        "en": "There is no other manager in this branch.",
        "zh": "该门店没有其他负责人。",
    },
    "claimed_toast": {"en": "Claimed: it is yours now.", "zh": "已认领，由您负责。"},
    "already_claimed": {"en": "Already claimed.", "zh": "已经认领过了。"},
    "not_your_branch": {
        "en": "Sorry, only managers of this branch can act on it.",
        "zh": "抱歉，只有该门店的负责人可以处理。",
    },
    "ask_note": {
        "en": "Complaint #{id}: write what was done to resolve it (a short note, kept with the "
        "complaint).",
        "zh": "投诉 #{id}：请输入处理说明（简短说明，将保存在投诉记录中）。",
    },
    "ask_cause": {
        "en": "Complaint #{id}: what was the root cause?",
        "zh": "投诉 #{id}：根本原因是什么？",
    },
    "resolved_done": {
        "en": "Complaint #{id} is resolved. The customer is asked whether it is solved.",
        "zh": "投诉 #{id} 已处理，系统将询问客户问题是否解决。",
    },
    "note_empty": {"en": "Please write a short note.", "zh": "请输入简短的处理说明。"},
    "cause_wait_time": {"en": "Waiting time", "zh": "等待时间"},
    "cause_price": {"en": "Price", "zh": "价格"},
    "cause_staff_attitude": {"en": "Staff attitude", "zh": "服务态度"},
    "cause_work_quality": {"en": "Work quality", "zh": "维修质量"},
    "cause_communication": {"en": "Communication", "zh": "沟通"},
    "cause_facilities": {"en": "Facilities", "zh": "设施环境"},
    "cause_process": {"en": "Process", "zh": "流程手续"},
    "cause_product": {"en": "Product", "zh": "车辆产品"},
    "cause_customer_expectation": {"en": "Customer expectation", "zh": "客户预期"},
    "cause_other": {"en": "Other", "zh": "其他"},
    "queue_empty": {"en": "No open complaints. 🎉", "zh": "没有待处理的投诉。🎉"},
    "queue_title": {
        "en": "Open complaints, oldest deadline first:",
        "zh": "待处理投诉（按期限先后）：",
    },
    "complaint_usage": {
        "en": "Send /complaint 12 to see complaint #12.",
        "zh": "发送 /complaint 12 查看投诉 #12。",
    },
    "no_complaint": {"en": "There is no complaint #{id}.", "zh": "没有投诉 #{id}。"},
    "timeline_title": {"en": "Timeline:", "zh": "处理记录："},
    "returned_notice": {
        "en": "Complaint #{id} is back in the queue: its manager no longer works here.",
        "zh": "投诉 #{id} 已退回待认领：原负责人已不在岗。",
    },
    "reopened_notice": {
        "en": "Complaint #{id} was REOPENED: the customer says the problem is not solved. "
        "It is now {severity}.",
        "zh": "投诉 #{id} 已重新打开：客户表示问题未解决，级别调整为{severity}。",
    },
    "blocked_notice": {
        "en": "Staff member {user} has blocked the bot and did not get complaint #{id}; "
        "it went to the next level.",
        "zh": "工作人员 {user} 已屏蔽机器人，未能收到投诉 #{id}，已转给上一级。",
    },
    "digest": {
        "en": "Good morning. Complaints of {branches}: {open} open, {overdue} overdue, "
        "{resolved} resolved yesterday. /queue lists them.",
        "zh": "早上好。{branches}的投诉：待处理 {open} 件，已超时 {overdue} 件，"
        "昨天解决 {resolved} 件。发送 /queue 查看。",
    },
    "manager_will_call": {
        "en": "A manager of {branch} will contact you by {deadline}.",
        "zh": "{branch}的负责人将在{deadline}前与您联系。",
    },
    "ask_solved": {
        "en": "About the problem you told us about: our team says it has been dealt with. "
        "Was your problem solved?",
        "zh": "关于您反映的问题：我们的团队表示已经处理。请问您的问题解决了吗？",
    },
    "solved_yes": {"en": "Yes, solved", "zh": "已解决"},
    "solved_no": {"en": "No, not solved", "zh": "没有解决"},
    "solved_thanks": {
        "en": "Thank you! We are glad it is sorted out.",
        "zh": "谢谢您！很高兴问题已经解决。",
    },
    "solved_reopened": {
        "en": "We are sorry. We have reopened it and a manager will contact you again by "
        "{deadline}.",
        "zh": "非常抱歉。我们已重新处理，负责人将在{deadline}前再次与您联系。",
    },
    "call_me_question": {
        "en": "We are sorry to hear that. Would you like a manager to contact you?",
        "zh": "很抱歉听到这些。需要门店负责人联系您吗？",
    },
    "call_me_yes": {"en": "Yes, please", "zh": "需要"},
    "call_me_no": {"en": "No, thanks", "zh": "不用了"},
    "call_me_declined": {
        "en": "Understood. Thank you for telling us; it helps us improve.",
        "zh": "好的，感谢您告诉我们，这能帮助我们改进。",
    },
    "status_complaint": {
        "en": "Your feedback #{id}: {stage}.",
        "zh": "您的反馈 #{id}：{stage}。",
    },
    "stage_open": {
        "en": "received; a manager will contact you by {deadline}",
        "zh": "已受理，负责人将在{deadline}前联系您",
    },
    "stage_claimed": {
        "en": "a manager is on it and will contact you by {deadline}",
        "zh": "负责人正在处理，将在{deadline}前联系您",
    },
    "stage_contacted": {
        "en": "a manager has contacted you and is working on it",
        "zh": "负责人已与您联系，正在处理",
    },
    "stage_resolved": {
        "en": "our team says it is dealt with; please tell us whether it is solved",
        "zh": "我们的团队表示已处理，请告诉我们问题是否解决",
    },
    "stage_reopened": {
        "en": "reopened; a manager will contact you again by {deadline}",
        "zh": "已重新处理，负责人将在{deadline}前再次联系您",
    },
    "answer_chosen": {"en": "Your answer: {value}", "zh": "您的回答：{value}"},
}


def say(key: str, language: str, **values: Any) -> str:
    """The text ``key`` in ``language`` (falling back to English), with ``values`` filled in."""
    variants = TEXTS[key]
    template = variants.get(language) or variants["en"]
    return template.format(**values) if values else template


def pick_language(*candidates: str | None, default: str) -> str:
    """The first supported language among the candidates (Telegram codes like "zh-hans" work)."""
    for candidate in candidates:
        if not candidate:
            continue
        short = candidate.lower().replace("_", "-").split("-")[0]
        if short in SUPPORTED:
            return short
    return default if default in SUPPORTED else "en"
