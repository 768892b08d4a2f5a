package i18n

// tierScreenStrings are the texts of the tier summary's tabs (overview,
// profile, history, products), its drill-down, the grade-at filter term,
// the products view and the profile sheet of the XLSX export.
var tierScreenStrings = map[string][2]string{
	"filter.gradeat.day":    {"%q is not a month (2026-05) or a day (2026-05-31)", "%q 不是月份（2026-05）或日期（2026-05-31）"},
	"filter.gradeat.future": {"%s has not ended yet (today is %s)", "%s 还没到（今天是 %s）"},

	// The tabs.
	"tiers.tab.overview": {"Overview", "概览"},
	"tiers.tab.profile":  {"Profile", "分层对比"},
	"tiers.tab.history":  {"Over time", "逐月效果"},
	"tiers.tab.products": {"Products", "产品"},

	// The profile's rows.
	"tiers.col.group":      {"group", "分组"},
	"tiers.col.customers":  {"cust.", "客户"},
	"tiers.col.avg":        {"avg spend", "均消费"},
	"tiers.col.freq":       {"buys", "购买次数"},
	"tiers.col.recency":    {"days ago", "距上次"},
	"tiers.col.churned":    {"churned", "流失"},
	"tiers.col.spendshare": {"spend", "消费占比"},
	"tiers.profile.full":   {"All figures, side by side", "全部指标对比"},

	// The history tab.
	"tiers.hist.trend":     {"%s – %s: customers and spend per month (▁ low … █ high)", "%s 至 %s：每月客户数与消费（▁ 低 … █ 高）"},
	"tiers.hist.size":      {"customers", "客户数"},
	"tiers.hist.spend":     {"spend", "消费"},
	"tiers.hist.month":     {"%s (%s → %s)  [ ] other month", "%s（%s → %s） [ ] 换月份"},
	"tiers.hist.matrix":    {"Migration %s → %s (rows then, columns now)  { } start", "等级迁移 %s → %s（行：当时，列：现在） { } 调整起点"},
	"tiers.hcol.start":     {"start", "月初"},
	"tiers.hcol.up":        {"up", "升级"},
	"tiers.hcol.down":      {"down", "降级"},
	"tiers.hcol.churned":   {"churn", "流失"},
	"tiers.hcol.left":      {"del.", "删除"},
	"tiers.hcol.new":       {"new", "新增"},
	"tiers.hcol.end":       {"end", "月末"},
	"tiers.hcol.spend":     {"spend", "消费额"},
	"tiers.hcol.growth":    {"growth", "增长率"},
	"tiers.hcol.retention": {"kept", "留存率"},
	"tiers.hist.nomonth":   {"No months to show", "没有可显示的月份"},

	// The products tab.
	"products.title":         {"Products %s — %d products, %d buyers, %s spent", "产品 %s — %d 种产品，%d 位买家，消费 %s"},
	"products.none":          {"No purchase names a product yet", "还没有写明产品的购买记录"},
	"products.col.product":   {"product", "产品"},
	"products.col.customers": {"buyers", "买家"},
	"products.col.repeat":    {"repeat", "回购"},
	"products.col.spend":     {"spend", "消费"},
	"products.col.grades":    {"buyers by grade", "买家等级"},
	"products.more":          {"… and %d more products", "… 另有 %d 种产品"},

	// The keys.
	"hint.tab":      {"next tab", "下一页"},
	"hint.tabprev":  {"previous tab", "上一页"},
	"hint.tabn":     {"tab 1–4", "第 1–4 页"},
	"hint.drill":    {"open customers", "查看客户"},
	"hint.by":       {"group by", "分组方式"},
	"hint.month":    {"month", "月份"},
	"hint.from":     {"matrix start", "迁移起点"},
	"hint.cell":     {"matrix cell", "迁移表格的格子"},
	"tui.msg.drill": {"%d customers: %s — Esc goes back to the tier summary", "%d 位客户：%s — Esc 返回分级汇总"},

	// The detail's top products.
	"detail.topproducts": {"Top products: %s", "常买产品：%s"},

	// The XLSX profile sheet.
	"export.sheet.profile": {"Tier profile", "分层对比"},
}
