package i18n

// timeStrings are the messages of grades kept true as the days pass:
// regrading to today, grade-history reasons, refunds, dates after today and
// follow-ups.
var timeStrings = map[string][2]string{
	// Grade-history reasons (store.ReasonText).
	"reason.time":     {"passage of time", "时间推移"},
	"reason.cuts":     {"cut points moved", "分位切点变化"},
	"reason.rules":    {"rules changed", "规则变更"},
	"reason.added":    {"customer added", "新增客户"},
	"reason.undo":     {"undo", "撤销"},
	"reason.redo":     {"redo", "重做"},
	"reason.purchase": {"purchase %s", "购买 %s"},
	"reason.refund":   {"refund %s", "退款 %s"},
	"reason.import":   {"import %s", "导入 %s"},
	"reason.edit":     {"edit: %s", "编辑：%s"},

	// Dates after today, follow-ups before it.
	"purchase.future":      {"purchase date %s is after today (%s): log a purchase once it has happened", "购买日期 %s 晚于今天（%s）：消费发生后再记录"},
	"contact.future":       {"contact date %s is after today (%s): log a contact once it has happened", "联系日期 %s 晚于今天（%s）：联系发生后再记录"},
	"contact.next.past":    {"next follow-up %s is before today (%s): pick today or a later day", "下次跟进日期 %s 早于今天（%s）：请选今天或之后的日期"},
	"date.future.birthday": {"birthday %s is after today (%s)", "生日 %s 晚于今天（%s）"},

	// Refunds.
	"purchase.refund.toomuch": {"a refund of %s is more than this customer's total spend of %s: refused", "退款 %s 超过该客户的累计消费 %s，已拒绝"},
	"purchase.undo.negative":  {"this would leave refunds larger than the purchases (total spend %s): refused", "这样会使退款超过消费（累计消费将为 %s），已拒绝"},
	"purchase.refund":         {"refund", "退款"},
	"cli.refunded":            {"refunded %s to #%d %s: total spend %s, grade %s", "已退款 %s：#%d %s，累计消费 %s，等级 %s"},

	// Regrading to today.
	"cli.regrade.done":       {"regraded as of %s: %d customers, %d grade moves, %d changed grade, score, segment or stage", "已按 %s 重新评级：%d 位客户，%d 位等级变动，%d 位等级、得分、分群或阶段有变化"},
	"cli.regrade.notnow":     {"note: grades, scores, segments and stages are as computed for %s, not today: %s", "注意：等级、得分、分群和阶段仍是按 %s 计算的，不是今天：%s"},
	"cli.regrade.unsettled":  {"note: grades and scores are as computed earlier today; changes since may have moved the cut points: %s", "注意：等级和得分仍是今天早些时候计算的，之后的改动可能已移动分位切点：%s"},
	"cli.regrade.more":       {"… and %d more", "……还有 %d 位"},
	"tui.msg.regrading.asof": {"regrading as of %s…", "正在按 %s 重新评级…"},

	// Follow-ups.
	"cli.next.kept":    {"follow-up %s kept", "保留跟进日期 %s"},
	"cli.next.done":    {"follow-up %s done", "跟进 %s 已完成"},
	"cli.next.cleared": {"follow-up cleared", "已清除跟进日期"},
	"next.current":     {"current", "当前"},
	"next.clear":       {"clear the follow-up", "清除跟进"},

	// Interrupted after saving.
	"cli.interrupted.saved": {"interrupted after saving: everything above was written", "在保存之后被中断：以上内容均已写入"},
}
