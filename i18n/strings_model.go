package i18n

// modelStrings are the purchase models' texts: why a fit failed, `kehu
// model`, the model's words in explanations and the agenda's churn warning.
var modelStrings = map[string][2]string{
	"model.no_customers":      {"no customer has a dated purchase to learn from", "没有任何带日期的购买记录可供建模"},
	"model.too_few_repeaters": {"too few customers bought more than once to estimate who is still active (%[1]d, need at least %[2]d)", "复购客户太少，无法估计谁仍活跃（现有 %[1]d 位，至少需要 %[2]d 位）"},
	"model.one_day":           {"every purchase falls on one day: there is no time yet to learn buying rhythms from", "所有购买都在同一天：还没有足够的时间跨度来了解购买节奏"},
	"model.no_convergence":    {"the model could not be fitted to these purchases (the estimate did not settle)", "无法用这些购买记录拟合模型（估计没有收敛）"},
	"model.non_finite":        {"the model gave no usable numbers for these purchases", "模型对这些购买记录没有给出可用的数值"},
	"model.bad_stats":         {"a customer's purchase history could not be summarised", "某位客户的购买记录无法汇总"},
	"model.bad_params":        {"the stored model parameters are not usable", "保存的模型参数不可用"},
	"model.bad_log":           {"a line of the transaction log could not be read", "交易记录中有一行无法读取"},
	"model.badhorizon":        {"--horizon must be between 1 and 3650 days (got %d)", "--horizon 必须在 1 到 3650 天之间（现为 %d）"},
	"model.calend.future":     {"the calibration end %[1]s must be before today (%[2]s): the days after it are the holdout", "校准截止日 %[1]s 必须早于今天（%[2]s）：之后的日子用来检验"},

	"model.name.bg/nbd":  {"BG/NBD", "BG/NBD"},
	"model.name.mbg/nbd": {"MBG/NBD (one-time buyers may have left)", "MBG/NBD（一次性买家也可能已流失）"},

	"model.title":        {"Purchase model %[1]s, fitted for %[2]s on %[3]d customers (%[4]d bought more than once); time unit: days", "购买模型 %[1]s，拟合日期 %[2]s，共 %[3]d 位客户（%[4]d 位有复购）；时间单位：天"},
	"model.params":       {"  r = %.4f   alpha = %.4f days   a = %.4f   b = %.4f", "  r = %.4f   alpha = %.4f 天   a = %.4f   b = %.4f"},
	"model.ll":           {"  log-likelihood %.2f", "  对数似然 %.2f"},
	"model.spend":        {"Spend model Gamma-Gamma on %d customers: p = %.4f   q = %.4f   gamma = %.4f (yuan)", "消费模型 Gamma-Gamma，%d 位客户：p = %.4f   q = %.4f   gamma = %.4f（元）"},
	"model.spend.no":     {"Spend model not fitted: %s. Customer values stay empty.", "未能拟合消费模型：%s。客户价值一列留空。"},
	"model.time":         {"Fit time %.2f s", "拟合用时 %.2f 秒"},
	"model.expected":     {"Expected purchases of all customers in the next %d days: %.1f", "未来 %d 天全部客户预计购买 %.1f 次"},
	"model.notfitted":    {"the purchase model could not be fitted: %s. Columns p_alive, exp_purchases and clv stay empty; churn warnings use the stage rule", "无法拟合购买模型：%s。p_alive、exp_purchases、clv 三列留空；流失预警沿用阶段规则"},
	"model.holdout":      {"Holdout %s to %s (%d days): predicted %.1f purchases, actual %d", "检验期 %s 至 %s（%d 天）：预计购买 %.1f 次，实际 %d 次"},
	"model.holdout.head": {"repeat purchases in calibration", "校准期复购次数"},
	"model.customers":    {"customers", "客户数"},
	"model.predicted":    {"predicted", "预计"},
	"model.actual":       {"actual", "实际"},
	"model.chart":        {"Purchases in the holdout per customer, by repeat purchases in calibration (█ predicted, ░ actual):", "检验期内人均购买次数，按校准期复购次数分组（█ 预计，░ 实际）："},
	"model.stored":       {"Stored with the grades: fitted for %s.", "随分级保存：拟合日期 %s。"},

	"explain.model.gap":       {"usually buys every %d days", "通常每 %d 天购买一次"},
	"explain.model.gap.none":  {"has bought only once", "只购买过一次"},
	"explain.model.since":     {"%d days since the last purchase", "距上次购买 %d 天"},
	"explain.model.palive":    {"%d %% likely still active", "仍活跃的可能性 %d%%"},
	"explain.model.norepeat":  {"likelihood of still being active unknown (no repeat purchase yet: the stage rule judges)", "仍活跃的可能性未知（尚无复购：按阶段规则判断）"},
	"explain.model.expected":  {"about %.1f purchases expected in the next %d days", "预计购买约 %.1f 次（未来 %d 天）"},
	"explain.model.worth":     {"worth about %s over 12 months", "未来 12 个月价值约 %s"},
	"explain.model.by":        {"(model %s, fitted for %s)", "（模型 %s，拟合日期 %s）"},
	"explain.model.none":      {"No purchase model estimate: %s", "没有购买模型估计：%s"},
	"explain.model.nohistory": {"no dated purchase", "没有带日期的购买记录"},
	"explain.model.never":     {"the ledger has not been regraded since the model came", "自模型上线以来账本尚未重新分级"},

	"rulesfile.model":    {`model must be "bg/nbd" or "mbg/nbd" (got %q)`, `model 必须是 "bg/nbd" 或 "mbg/nbd"（一次性买家也可能流失）（现为 %q）`},
	"agenda.reason.risk": {"%[1]d %% likely still active, about %[2]s at risk (%[3]d days since the last purchase)", "仍活跃可能性 %[1]d%%，约 %[2]s 面临流失（距上次购买 %[3]d 天）"},
}
