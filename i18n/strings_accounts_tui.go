package i18n

// accountTUIStrings are the member account screens of the table: the
// account form, the pay field of the purchase form and the statement.
var accountTUIStrings = map[string][2]string{
	"pay.cash":    {"cash", "现金"},
	"pay.wechat":  {"wechat", "微信"},
	"pay.alipay":  {"alipay", "支付宝"},
	"pay.balance": {"balance", "储值"},
	"pay.credit":  {"credit", "赊账"},

	"tui.acct.pay":         {"Paid by", "支付方式"},
	"tui.acct.pay.balance": {"stored value %s", "储值余额 %s"},
	"tui.acct.pay.credit":  {"owes %s of a %s limit", "已欠 %s，额度 %s"},
	"tui.acct.after":       {"%s %s → %s after this", "%s %s → 保存后 %s"},

	"acct.what.refund":  {"a refund", "退款金额"},
	"acct.adjust.short": {"cannot take away %d points: the customer holds %d points; nothing was changed", "不能扣减 %d 积分：该客户只有 %d 积分；未做任何修改"},

	"tui.acct.title":          {"Account — %s", "会员账户 — %s"},
	"tui.acct.balances":       {"Stored value %s · owes %s (limit %s) · %d points", "储值余额 %s · 欠款 %s（额度 %s）· 积分 %d"},
	"tui.acct.op":             {"Operation", "操作"},
	"tui.acct.op.bad":         {"unknown operation %q: choose one with ←/→", "未知的操作 %q：请用 ←/→ 选择"},
	"tui.acct.op.topup":       {"top-up", "充值"},
	"tui.acct.op.redeem":      {"redeem points", "积分兑换"},
	"tui.acct.op.repay":       {"repay credit", "还款"},
	"tui.acct.op.refund":      {"refund to stored value", "退款到储值"},
	"tui.acct.op.adjust":      {"adjust points", "调整积分"},
	"tui.acct.op.topup.hint":  {"money paid in, with a bonus", "充值，可加赠送"},
	"tui.acct.op.redeem.hint": {"spend points", "用积分兑换"},
	"tui.acct.op.repay.hint":  {"lowers what is owed", "减少欠款"},
	"tui.acct.op.refund.hint": {"returned goods, back onto the card", "退货，退回储值卡"},
	"tui.acct.op.adjust.hint": {"by hand, with a reason", "手工调整，须写原因"},
	"tui.acct.topup.amount":   {"Top-up", "充值金额"},
	"tui.acct.bonus":          {"Bonus", "赠送金额"},
	"tui.acct.points":         {"Points", "积分"},
	"tui.acct.adjust.points":  {"Points (+/-)", "积分（可为负）"},
	"tui.acct.reason":         {"Reason", "原因"},
	"tui.acct.repay.amount":   {"Repaid", "还款金额"},
	"tui.acct.refund.amount":  {"Refund", "退款金额"},
	"tui.acct.done.topup":     {"topped up %s for %s; stored value %s", "已为 %[2]s 充值 %[1]s；储值余额 %[3]s"},
	"tui.acct.done.bonus":     {"topped up %s with %s bonus for %s; stored value %s", "已为 %[3]s 充值 %[1]s，赠送 %[2]s；储值余额 %[4]s"},
	"tui.acct.done.redeem":    {"redeemed %d points for %s; %d points left", "已为 %[2]s 兑换 %[1]d 积分；剩余 %[3]d 积分"},
	"tui.acct.done.repay":     {"%[2]s repaid %[1]s; owes %[3]s", "%[2]s 已还款 %[1]s；尚欠 %[3]s"},
	"tui.acct.done.refund":    {"refunded %s to the stored value of %s; balance %s", "已退款 %s 到 %s 的储值；储值余额 %s"},
	"tui.acct.done.adjust":    {"adjusted the points of %s by %+d; now %d points", "已调整 %s 的积分 %+d；现有 %d 积分"},

	"tui.key.account": {"member account", "会员账户"},
	"hint.account":    {"account", "会员账户"},
	"hint.statement":  {"statement", "对账单"},

	"tui.stmt.title":  {"Statement — %s", "对账单 — %s"},
	"tui.stmt.export": {"export (xlsx/csv)", "导出（xlsx/csv）"},
	"tui.stmt.write":  {"write the file", "写出文件"},
	"tui.stmt.prompt": {"Export to", "导出到"},
	"tui.stmt.file":   {"%s-statement-{date}.xlsx", "%s-对账单-{date}.xlsx"},
	"tui.stmt.nopath": {"give a file to write the statement to", "请填写要写出对账单的文件"},
	"tui.stmt.pos":    {"entries %d–%d of %d", "第 %d–%d 笔，共 %d 笔"},

	"keys.screen.account":   {"Member account ($)", "会员账户（$）"},
	"keys.screen.statement": {"Statement (s in the detail)", "对账单（详情中按 s）"},
}
