package i18n

// uxStrings are the agenda's plan-for-today sections and the table's
// everyday conveniences (formula bar, prompts, commands).
var uxStrings = map[string][2]string{
	"agenda.kind.overdue":  {"Overdue follow-ups: %d", "逾期跟进：%d 位"},
	"agenda.kind.due":      {"Due today: %d", "今日到期：%d 位"},
	"agenda.kind.churn":    {"Churn warnings — turned dormant in the last 30 days: %d", "流失预警 — 近 30 天转为沉睡：%d 位"},
	"agenda.kind.cadence":  {"Past their contact cadence: %d", "超过联系周期：%d 位"},
	"agenda.folded":        {"%d customers folded — z shows them", "已收起 %d 位 — 按 z 展开"},
	"hint.fold":            {"show/fold", "展开/收起"},
	"hint.section":         {"next section", "下一组"},
	"hint.sectionn":        {"section N", "跳到第 N 组"},
	"hint.sectionprev":     {"previous section", "上一组"},
	"filter.or":            {"or needs a term on each side", "“或”的两边都要有条件"},
	"tui.filter.hint":      {"e.g. grade=A  total_spend>1000  name~张  tags:vip  next_follow_up<2026-12-01  name~张三 or name~李四", "如 等级=A  累计消费>1000  姓名~张  标签:vip  下次跟进<2026-12-01  姓名~张三 或 姓名~李四"},
	"tui.msg.match.only":   {"found %q: the only match", "找到 %q：只有这一处"},
	"tui.msg.match.top":    {"found %q — search wrapped to the top", "找到 %q — 已从头开始"},
	"tui.msg.match.bottom": {"found %q — search wrapped to the bottom", "找到 %q — 已从末尾开始"},
}
