package i18n

// dupesTUIStrings are the table's screens for finding and merging duplicate
// customers.
var dupesTUIStrings = map[string][2]string{
	"keys.screen.duplicates": {"Likely duplicates (M or :duplicates)", "疑似重复客户（M 或 :duplicates）"},
	"keys.screen.merge":      {"Merge two customers (Enter on a pair)", "合并两位客户（在一对上按 Enter）"},
	"tui.key.duplicates":     {"likely duplicates", "疑似重复客户"},
	"dupui.title":            {"Likely duplicates: %d, most certain first", "疑似重复：%d 组，按可信度从高到低"},
	"dupui.certainty":        {"certainty", "可信度"},
	"dupui.group":            {"A group of more than two: merge its customers two at a time with kehu merge KEEP DROP", "超过两位客户的一组：请用 kehu merge 保留的客户 并入的客户 两两合并"},
	"dupui.key.merge":        {"merge this pair…", "合并这一对…"},
	"dupui.key.flip":         {"use the other value", "改用另一个值"},
	"dupui.key.swap":         {"switch who stays", "换保留的客户"},
	"dupui.key.confirm":      {"merge", "合并"},
	"dupui.key.cancel":       {"cancel", "取消"},
	"dupui.merge.title":      {"Merge #%d %s into #%d %s", "将 #%d %s 并入 #%d %s"},
	"dupui.merge.explain":    {"#%[1]d stays; #%[2]d goes to the trash, and its purchases, contacts and history move to #%[1]d.\nu in the table undoes the merge.", "保留 #%[1]d；#%[2]d 移入回收站，其消费、联系记录和历史并入 #%[1]d。\n在表格中按 u 可撤销合并。"},
	"dupui.merge.keeps":      {"#%d (stays)", "#%d（保留）"},
	"dupui.merge.trash":      {"#%d (to the trash)", "#%d（移入回收站）"},
	"dupui.merge.legend":     {"* the value kept (by default the most recent non-empty one)   + both joined\nA value not kept is written in the survivor's notes.", "* 保留的值（默认取最近更新的非空值）   + 两者合并\n未保留的值记入保留客户的备注。"},
	"dupui.merging":          {"Merging…", "正在合并…"},
	"dupui.merged":           {"Merged #%d %s into #%d %s · u in the table undoes it", "已将 #%d %s 并入 #%d %s · 在表格中按 u 可撤销"},
	"dupui.cancelled":        {"Merge cancelled: nothing changed", "已取消合并，未做任何修改"},

	// An import told to merge into duplicates (--merge-duplicates).
	"import.summary.merged":  {", %d merged into customers with the same phone, WeChat or email", "，并入电话、微信或邮箱相同的已有客户 %d"},
	"import.merge.purchases": {"--merge-duplicates is for customer lists: a sales log (--purchases) finds its customers by phone, card or name already", "--merge-duplicates 用于客户名单：销售流水（--purchases）本来就按电话、会员卡号或姓名找客户"},
}
