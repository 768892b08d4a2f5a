package i18n

// compareStrings are the tier profile's and the tier history's texts.
var compareStrings = map[string][2]string{
	"compare.by":              {"cannot group by %q: use one of %s", "不能按 %q 分组：可用 %s"},
	"compare.both":            {"--compare and --history are two reports: give one", "--compare 和 --history 是两份报表：只能选一个"},
	"compare.byalone":         {"--by goes with --compare", "--by 只能和 --compare 一起用"},
	"compare.title":           {"Tier profile %s by %s — %d customers; window from %s", "分级对比 %s（%s）— 共 %d 位客户；窗口自 %s 起"},
	"compare.by.grade":        {"grade", "按等级"},
	"compare.by.segment":      {"segment", "按客户分群"},
	"compare.by.source":       {"source", "按来源"},
	"compare.by.industry":     {"industry", "按行业"},
	"compare.none":            {"(not set)", "（未填）"},
	"compare.customers":       {"customers", "客户数"},
	"compare.share":           {"share", "占比"},
	"compare.avg_spend":       {"avg spend (window)", "窗口内平均消费"},
	"compare.median_spend":    {"median spend (window)", "窗口内消费中位数"},
	"compare.avg_frequency":   {"avg purchases (window)", "窗口内平均购买次数"},
	"compare.days_since_last": {"avg days since last purchase", "距上次购买平均天数"},
	"compare.tenure":          {"avg days since first purchase", "距首次购买平均天数"},
	"compare.active":          {"active", "活跃"},
	"compare.new":             {"new", "新客"},
	"compare.dormant":         {"dormant", "沉睡"},
	"compare.churned":         {"churned", "流失"},
	"compare.complaints":      {"open complaints", "未跟进的投诉"},
	"compare.spend":           {"total spend", "累计消费"},
	"compare.spend_share":     {"share of total spend", "累计消费占比"},
}

// boughtStrings are the texts of the filter language's bought term.
var boughtStrings = map[string][2]string{
	"col.reserved": {"%q is a word of the filter language (bought~product): choose another column name", "%q 是筛选语言的关键字（买过~商品）：请换一个列名"},
}

// historyStrings are the tier history's texts.
var historyStrings = map[string][2]string{
	"history.title":       {"Tier history to %s — last %d months", "分级变化至 %s — 最近 %d 个月"},
	"history.month.title": {"%s (%s → %s)", "%s（%s → %s）"},
	"history.grade":       {"grade", "等级"},
	"history.start":       {"at start", "月初"},
	"history.up":          {"up", "升级"},
	"history.down":        {"down", "降级"},
	"history.churned":     {"churned", "流失"},
	"history.left":        {"deleted", "删除"},
	"history.new":         {"new", "新增"},
	"history.end":         {"at end", "月末"},
	"history.spend":       {"spend", "消费额"},
	"history.growth":      {"spend growth", "消费增长率"},
	"history.retention":   {"retention", "留存率"},
	"history.matrix":      {"Grade migration %s → %s (rows: grade then, columns: grade now)", "等级迁移 %s → %s（行：当时等级，列：现在等级）"},
	"history.then":        {"then\\now", "当时\\现在"},
	"history.alone":       {"--months, --from and --to go with --history", "--months、--from 和 --to 只能和 --history 一起用"},
	"history.months":      {"--months must be between 1 and %[2]d (got %[1]d)", "--months 须在 1 到 %[2]d 之间（收到 %[1]d）"},
	"history.month":       {"month %q is not shown: use a month from %s to %s (YYYY-MM)", "月份 %q 不在范围内：可用 %s 到 %s（YYYY-MM）"},
}
