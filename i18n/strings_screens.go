package i18n

// screenStrings are this part's messages: the TUI's forms and screens
// (contact, purchase, detail, agenda, tier summary, rules, explanation) and
// the text renderings of the agenda and the tier summary.
var screenStrings = map[string][2]string{
	// Agenda (store.Agenda.Lines, the agenda screen).
	"agenda.empty":                {"Nothing to do: no follow-up due, nobody past their contact cadence.", "今日无事：没有到期的跟进，也没有超过联系周期的客户。"},
	"agenda.reason.overdue":       {"overdue %d days (follow-up %s)", "逾期 %d 天（跟进日 %s）"},
	"agenda.reason.due":           {"follow-up due today", "今日需跟进"},
	"agenda.reason.cadence":       {"no contact for %d days (every %d)", "已 %d 天未联系（周期 %d 天）"},
	"agenda.reason.cadence.never": {"never contacted, added %d days ago (every %d)", "从未联系，已添加 %d 天（周期 %d 天）"},
	"agenda.reason.churn":         {"dormant since %s, %d days without a purchase", "自 %s 起沉睡，已 %d 天未购买"},

	// Tier summary (store.Summary.Lines, the summary screen).
	"summary.title":        {"Tier summary %s — %d customers, total spend %s", "客户分级汇总 %s — 共 %d 位客户，累计消费 %s"},
	"summary.grades":       {"By grade", "按等级"},
	"summary.segments":     {"By segment", "按客户分群"},
	"summary.segment.none": {"No segment (no purchase in the window)", "无分群（窗口内无购买）"},
	"summary.movements":    {"Grade movements, last %d days: %d up, %d down", "近 %d 天等级变动：升级 %d，降级 %d"},

	// Agenda screen.
	"agenda.screen":   {"Agenda %s", "%s 日程"},
	"agenda.summary":  {"%d to contact: %d overdue, %d due today, %d past their contact cadence · %d churn warnings", "待联系 %d 位：逾期 %d，今日到期 %d，超过联系周期 %d · 流失预警 %d"},
	"agenda.more.tui": {"… and %d more", "…… 还有 %d 位"},

	// Tier summary screen.
	"summary.screen": {"Tier summary", "客户分级汇总"},
	"summary.count":  {"customers", "客户数"},
	"summary.spend":  {"spend", "消费额"},
	"summary.recent": {"Latest grade changes", "最近的等级变动"},

	// The generic form.
	"form.invalid":   {"%s: %s", "%s：%s"},
	"form.cancelled": {"cancelled, nothing saved", "已取消，未保存"},
	"form.complete":  {"→ %s", "→ %s"},
	"form.cycle":     {"←/→ to choose, or type", "←/→ 选择，或直接输入"},

	// Contact form.
	"cform.title":      {"Log a contact — %s (%s)", "记录联系 — %s（%s）"},
	"cform.channel":    {"Channel", "渠道"},
	"cform.kind":       {"Kind", "类型"},
	"cform.summary":    {"Summary", "内容摘要"},
	"cform.outcome":    {"Outcome", "结果"},
	"cform.next":       {"Next follow-up", "下次跟进"},
	"cform.saved":      {"%s logged for %s", "已记录%s联系：%s"},
	"cform.saved.next": {"next follow-up %s", "下次跟进 %s"},
	"cchan.phone":      {"phone", "电话"},
	"cchan.wechat":     {"WeChat", "微信"},
	"cchan.sms":        {"SMS", "短信"},
	"cchan.email":      {"email", "邮件"},
	"cchan.visit":      {"visit", "拜访"},
	"cchan.other":      {"other", "其他"},
	"ckind.contact":    {"contact", "联系"},
	"ckind.feedback":   {"feedback", "反馈"},
	"ckind.complaint":  {"complaint", "投诉"},
	"ckind.service":    {"service", "服务"},
	"next.none":        {"none (type a date, +3d, +2w…)", "不设（可输入日期、+3天、+2周……）"},
	"next.day":         {"+1 day", "1 天后"},
	"next.week":        {"+1 week", "1 周后"},
	"next.month":       {"+1 month", "1 个月后"},
	"next.cadence":     {"grade %s cadence: +%d days", "%s 级联系周期：%d 天后"},
	"next.free":        {"a date, +3d, +2w, +1m; ←/→ quick choices", "日期、+3天、+2周、+1月；←/→ 快捷选择"},

	// Purchase form.
	"pform.title":       {"Log a purchase — %s (%s)", "记录消费 — %s（%s）"},
	"pform.amount":      {"Amount", "金额"},
	"pform.amount.hint": {"e.g. 1234.5, ¥1,234, 1.2万; negative for a refund", "如 1234.5、¥1,234、1.2万；退款填负数"},
	"pform.product":     {"Product", "商品"},
	"pform.qty":         {"Quantity", "数量"},
	"pform.date":        {"Date", "日期"},
	"pform.note":        {"Note", "备注"},
	"pform.saved":       {"purchase %s logged for %s", "已记录消费 %s：%s"},

	// Customer detail.
	"detail.title":     {"Customer %s", "客户 %s"},
	"detail.fields":    {"Fields", "资料"},
	"detail.purchases": {"Purchases (%d latest)", "消费记录（最近 %d 笔）"},
	"detail.contacts":  {"Contact log (%d latest)", "联系记录（最近 %d 条）"},
	"detail.history":   {"Grade history (%d latest)", "等级变动（最近 %d 次）"},
	"detail.explain":   {"Why this grade", "等级依据"},
	"detail.none":      {"none yet", "暂无"},
	"detail.next":      {"next %s", "下次 %s"},
	"detail.saved":     {"%s saved", "%s 已保存"},
	"detail.deleted":   {"in the trash", "已在回收站"},

	// Grade explanation.
	"explain.title": {"Why %s has this grade (%s)", "%s 的等级依据（%s）"},

	// Rules editor.
	"rules.title":         {"Tiering rules", "分级规则"},
	"rules.window":        {"Window (days)", "统计窗口（天）"},
	"rules.weight":        {"Weight %s", "%s 权重"},
	"rules.bonus":         {"Potential bonus (points)", "潜力加分（分）"},
	"rules.line":          {"Grade %s from score", "%s 级最低分"},
	"rules.mode":          {"%s scoring", "%s 评分方式"},
	"rules.mode.quintile": {"quintile", "按五分位"},
	"rules.mode.absolute": {"absolute", "按固定阈值"},
	"rules.thresholds":    {"%s thresholds", "%s 阈值"},
	"rules.thr.hint.r":    {"days since the last purchase for scores 2..5, going down (absolute mode)", "得 2..5 分所需的距上次购买天数，从大到小（固定阈值时）"},
	"rules.thr.hint.f":    {"purchases in the window for scores 2..5, going up (absolute mode)", "得 2..5 分所需的窗口内购买次数，从小到大（固定阈值时）"},
	"rules.thr.hint.m":    {"spend in yuan for scores 2..5, going up (absolute mode)", "得 2..5 分所需的消费金额（元），从小到大（固定阈值时）"},
	"rules.label":         {"Label of %s", "%s 级名称"},
	"rules.color":         {"Colour of %s", "%s 级颜色"},
	"rules.cadence":       {"Contact %s every (days)", "%s 级联系周期（天）"},
	"rules.err.int":       {"a whole number from %d to %d", "请填 %d 到 %d 之间的整数"},
	"rules.err.num":       {"a number from %s to %s", "请填 %s 到 %s 之间的数字"},
	"rules.err.label":     {"at most %d characters, on one line", "最多 %d 个字，且不能换行"},
	"rules.err.color":     {"a hex colour such as #d4a017", "请填十六进制颜色，如 #d4a017"},
	"rules.err.mode":      {"use %s or %s", "请用 %s 或 %s"},
	"rules.err.thr":       {"four numbers (>= 0) separated by commas, e.g. 180, 90, 30, 7", "请填四个不小于 0 的数字，用逗号分隔，如 180, 90, 30, 7"},
	"rules.err.order.r":   {"must go down: days for scores 2, 3, 4, 5, e.g. 180, 90, 30, 7", "须从大到小：得 2、3、4、5 分的天数，如 180, 90, 30, 7"},
	"rules.err.order.f":   {"must go up: purchases for scores 2, 3, 4, 5, e.g. 2, 3, 5, 10", "须从小到大：得 2、3、4、5 分的购买次数，如 2, 3, 5, 10"},
	"rules.err.order.m":   {"must go up: yuan for scores 2, 3, 4, 5, e.g. 100, 500, 2000, 10000", "须从小到大：得 2、3、4、5 分的金额，如 100, 500, 2000, 10000"},
	"rules.err.weights":   {"the weights must not all be 0", "权重不能全为 0"},
	"rules.err.lines":     {"the B line must not be above the A line", "B 级最低分不能高于 A 级"},
	"rules.preview":       {"Preview: %d of %d customers would change grade", "预览：%d 位客户的等级会变化（共 %d 位）"},
	"rules.nopreview":     {"ctrl+p previews how many customers would change grade", "按 ctrl+p 预览有多少客户的等级会变化"},
	"rules.stale":         {"(rules edited since: ctrl+p again)", "（规则已改动，请再按 ctrl+p）"},
	"rules.confirm":       {"Check the preview, then ctrl+s again to save and regrade", "请查看预览，再按 ctrl+s 保存并重新分级"},
	"rules.saved":         {"rules saved: %d of %d customers changed grade", "规则已保存：%d 位客户等级变化（共 %d 位）"},
	"rules.unchanged":     {"rules unchanged", "规则未改动"},

	// Key hints.
	"hint.back":     {"back", "返回"},
	"hint.cancel":   {"cancel", "取消"},
	"hint.save":     {"save", "保存"},
	"hint.next":     {"next", "下一项"},
	"hint.choose":   {"choose", "选择"},
	"hint.complete": {"complete", "补全"},
	"hint.edit":     {"edit", "编辑"},
	"hint.contact":  {"log contact", "记录联系"},
	"hint.purchase": {"log purchase", "记录消费"},
	"hint.why":      {"why this grade", "等级依据"},
	"hint.open":     {"open", "打开"},
	"hint.reload":   {"reload", "刷新"},
	"hint.preview":  {"preview", "预览"},
}
