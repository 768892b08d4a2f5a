package i18n

// accountStrings are the messages of member accounts: points, stored value
// and credit, their statements and checks.
var accountStrings = map[string][2]string{
	"acct.name.points":  {"points", "积分"},
	"acct.name.balance": {"stored value", "储值余额"},
	"acct.name.owed":    {"credit owed", "欠款"},

	"acct.what.topup": {"a top-up", "充值金额"},
	"acct.what.bonus": {"a bonus", "赠送金额"},
	"acct.what.repay": {"a repayment", "还款金额"},

	// Refusals: each names the balance as it stands; nothing is written.
	"acct.amount.positive": {"%s must be more than zero: %q", "%s必须大于零：%q"},
	"acct.points.positive": {"points to redeem must be more than zero, not %d", "兑换的积分必须大于零，不能是 %d"},
	"acct.points.zero":     {"an adjustment of 0 points changes nothing", "调整 0 积分没有任何变化"},
	"acct.adjust.reason":   {"a points adjustment needs a reason (--reason)", "调整积分须写明原因（--reason）"},
	"acct.points.short":    {"cannot redeem %d points: the customer holds %d points; nothing was changed", "不能兑换 %d 积分：该客户只有 %d 积分；未做任何修改"},
	"acct.balance.short":   {"cannot pay %s from stored value: the balance is %s; nothing was changed", "不能用储值支付 %s：储值余额只有 %s；未做任何修改"},
	"acct.repay.over":      {"cannot repay %s: the customer owes %s; nothing was changed", "不能还款 %s：该客户只欠 %s；未做任何修改"},
	"acct.refund.owed":     {"cannot take %s off the credit: the customer owes %s; refund it another way (--pay balance or cash); nothing was changed", "不能从欠款中冲减 %s：该客户只欠 %s；请改用其他方式退款（--pay balance 或 cash）；未做任何修改"},
	"acct.credit.none":     {"cannot sell %s on credit: the customer has no credit limit (set one with kehu credit-limit); nothing was changed", "不能赊账 %s：该客户没有赊账额度（用 kehu credit-limit 设置）；未做任何修改"},
	"acct.credit.limit":    {"cannot sell %s on credit: the customer owes %s of a %s credit limit; nothing was changed", "不能赊账 %s：该客户已欠 %s，赊账额度为 %s；未做任何修改"},
	"acct.undo.negative":   {"cannot take this back: the %s would fall below zero (it stands at %s); nothing was changed", "无法撤销：%s会变成负数（现为 %s）；未做任何修改"},
	"acct.limit.negative":  {"a credit limit cannot be below zero: %s", "赊账额度不能小于零：%s"},
	"acct.pay.bad":         {"unknown payment %q: use one of %s", "未知的支付方式 %q：请用 %s 之一"},
	"acct.range.bad":       {"--from %s is after --to %s", "开始日期 %s 晚于结束日期 %s"},
	"acct.rules.expiry":    {"points expiry must be between 0 (never) and %d months", "积分有效期必须在 0（永不过期）到 %d 个月之间"},
	"acct.rules.overdue":   {"credit is overdue after 1 to %d days", "赊账逾期天数必须在 1 到 %d 天之间"},

	// What each entry was.
	"acct.kind.topup":    {"top-up", "充值"},
	"acct.kind.bonus":    {"top-up bonus", "充值赠送"},
	"acct.kind.pay":      {"paid from stored value", "储值消费"},
	"acct.kind.refund":   {"refund", "退款"},
	"acct.kind.earn":     {"points earned", "消费积分"},
	"acct.kind.unearn":   {"points taken back by a refund", "退款扣回积分"},
	"acct.kind.redeem":   {"points redeemed", "积分兑换"},
	"acct.kind.adjust":   {"points adjusted", "积分调整"},
	"acct.kind.expire":   {"points expired", "积分过期"},
	"acct.kind.charge":   {"bought on credit", "赊账消费"},
	"acct.kind.repay":    {"repayment", "还款"},
	"acct.kind.opening":  {"opening balance", "期初余额"},
	"acct.kind.reversal": {"undone", "撤销"},
	"acct.redone":        {"(redo of entry %d)", "（重做第 %d 笔）"},
	"acct.reverses":      {"(takes back entry %d)", "（冲回第 %d 笔）"},

	// The command line.
	"cli.acct.topup":            {"topped up %s for #%d %s; stored value %s", "已为 #%[2]d %[3]s 充值 %[1]s；储值余额 %[4]s"},
	"cli.acct.topup.bonus":      {"topped up %s with %s bonus for #%d %s; stored value %s", "已为 #%[3]d %[4]s 充值 %[1]s，赠送 %[2]s；储值余额 %[5]s"},
	"cli.acct.paid":             {"paid from stored value; %s left", "已用储值支付；余额 %s"},
	"cli.acct.charged":          {"on credit; owes %s of a %s limit", "已赊账；欠款 %s，额度 %s"},
	"cli.acct.refunded.balance": {"refunded to stored value; balance %s", "已退回储值；余额 %s"},
	"cli.acct.refunded.credit":  {"taken off the credit; owes %s", "已冲减欠款；欠款 %s"},
	"cli.acct.earned":           {"points %+d, now %d", "积分 %+d，现有 %d"},
	"cli.acct.points":           {"#%d %s: %d points", "#%d %s：%d 积分"},
	"cli.acct.expiry":           {"%d points expire on %s", "%d 积分将于 %s 过期"},
	"cli.acct.noexpiry":         {"no points expiring", "没有将要过期的积分"},
	"cli.acct.redeemed":         {"redeemed %d points for #%d %s; %d points left", "已为 #%[2]d %[3]s 兑换 %[1]d 积分；剩余 %[4]d 积分"},
	"cli.acct.adjusted":         {"adjusted the points of #%d %s by %+d (%s); now %d points", "已调整 #%d %s 的积分 %+d（%s）；现有 %d 积分"},
	"cli.acct.repaid":           {"repaid %s for #%d %s; owes %s", "#%[2]d %[3]s 已还款 %[1]s；尚欠 %[4]s"},
	"cli.acct.limit":            {"credit limit of #%d %s: %s; owes %s", "#%d %s 的赊账额度：%s；欠款 %s"},
	"cli.acct.pointsflag":       {"give either --redeem N or --adjust N --reason TEXT, not both", "--redeem 与 --adjust 只能选一个"},
	"cli.acct.check.ok":         {"every balance agrees with the account journal (%d customers with entries checked)", "所有余额与账户流水一致（已核对 %d 位有流水的客户）"},
	"cli.acct.check.bad":        {"%d balances disagree with the account journal:", "%d 项余额与账户流水不一致："},
	"cli.acct.check.line":       {"  #%d %s  %s: stored %s, journal %s", "  #%d %s  %s：记录 %s，流水合计 %s"},
	"cli.acct.expired":          {"%d points past their age expired today", "今日有 %d 积分到期作废"},
	"cli.acct.rules":            {"points per yuan by grade (the grade policies): %s; points expire after %d months (0: never); credit overdue after %d days", "各等级每元积分（等级服务政策）：%s；积分有效期 %d 个月（0 为永不过期）；赊账 %d 天后逾期"},


	// The statement (对账单).
	"stmt.title":   {"Statement of #%d %s, %s to %s", "#%d %s 对账单，%s 至 %s"},
	"stmt.start":   {"beginning", "最早"},
	"stmt.opening": {"Opening: stored value %s, owed %s, points %d", "期初：储值余额 %s，欠款 %s，积分 %d"},
	"stmt.closing": {"Closing: stored value %s, owed %s, points %d (%d entries)", "期末：储值余额 %s，欠款 %s，积分 %d（%d 笔）"},
	"stmt.date":    {"Date", "日期"},
	"stmt.account": {"Account", "账户"},
	"stmt.entry":   {"Entry", "摘要"},
	"stmt.amount":  {"Amount", "金额"},
	"stmt.running": {"Balance", "余额"},
	"stmt.ref":     {"Reference", "关联"},
	"stmt.at":      {"Written", "记录时间"},
	"stmt.sheet":   {"Statement", "对账单"},
	"stmt.done":    {"wrote %d entries to %s", "已写出 %d 笔到 %s"},

	// The agenda and the tier summary.
	"agenda.kind.credit":   {"Overdue credit: %d", "逾期欠款：%d 位"},
	"agenda.reason.credit": {"owes %s, unpaid for %d days (since %s)", "欠款 %s，已 %d 天未还（自 %s 起）"},
	"summary.accounts":     {"Accounts: stored value held %s, credit outstanding %s, points liability %d", "会员账户：储值余额合计 %s，欠款合计 %s，未兑积分 %d"},
}
