package i18n

// tuiKeyStrings describe the keys of the screens over the table.
var tuiKeyStrings = map[string][2]string{
	"tui.key.first":  {"first", "第一项"},
	"tui.key.last":   {"last", "最后一项"},
	"tui.help.this":  {"This screen", "本画面"},
	"tui.help.field": {"Editing a field", "编辑字段时"},

	// The README's key table, one per screen.
	"keys.head.keys":       {"keys", "按键"},
	"keys.head.action":     {"action", "作用"},
	"keys.screen.table":    {"The table", "表格"},
	"keys.screen.detail":   {"Customer detail (space or o)", "客户详情（空格或 o）"},
	"keys.screen.contact":  {"Log a contact (c)", "记录联系（c）"},
	"keys.screen.purchase": {"Log a purchase (p)", "记录消费（p）"},
	"keys.screen.agenda":   {"Agenda (A)", "今日待办（A）"},
	"keys.screen.summary":  {"Tier summary (t)", "分级汇总（t）"},
	"keys.screen.explain":  {"Why this grade (w)", "等级依据（w）"},
	"keys.screen.rules":    {"Tiering rules (R)", "分级规则（R）"},
	"keys.screen.help":     {"Help (?)", "帮助（?）"},
}
