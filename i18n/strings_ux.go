package i18n

// uxStrings are the agenda's plan-for-today sections and the table's
// everyday conveniences (formula bar, prompts, commands).
var uxStrings = map[string][2]string{
	"agenda.kind.overdue": {"Overdue follow-ups: %d", "逾期跟进：%d 位"},
	"agenda.kind.due":     {"Due today: %d", "今日到期：%d 位"},
	"agenda.kind.churn":   {"Churn warnings — turned dormant in the last 30 days: %d", "流失预警 — 近 30 天转为沉睡：%d 位"},
	"agenda.kind.cadence": {"Past their contact cadence: %d", "超过联系周期：%d 位"},
	"agenda.folded":       {"%d customers folded — z shows them", "已收起 %d 位 — 按 z 展开"},
	"hint.fold":           {"show/fold", "展开/收起"},
	"hint.section":        {"next section", "下一组"},
	"hint.sectionn":       {"section N", "跳到第 N 组"},
	"hint.sectionprev":    {"previous section", "上一组"},
}
