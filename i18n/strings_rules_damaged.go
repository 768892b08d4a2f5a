package i18n

// rulesDamagedStrings are the messages of grading rules stored in the
// ledger that no longer read or pass their checks: what is wrong and how
// the owner replaces them.
var rulesDamagedStrings = map[string][2]string{
	"rules.stored.damaged": {
		"tiering rules: %s\nThe grading rules stored in the ledger are damaged, so no grade can be worked out. Replace them with: kehu rules import FILE --apply (a FILE with no keys gives the default rules).",
		"分级规则：%s\n账本中保存的分级规则已损坏，无法计算等级。请用 kehu rules import FILE --apply 替换（FILE 为空文件时使用默认规则）。",
	},
	"rules.stored.replaces": {
		"The grading rules stored in the ledger are damaged: --apply replaces them with this file and regrades every customer. The grades compared are those last stored.",
		"账本中保存的分级规则已损坏：--apply 会用此文件替换它们并重新计算每位客户的等级。以上对比基于最后保存的等级。",
	},
}
