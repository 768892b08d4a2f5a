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
