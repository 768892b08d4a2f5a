package i18n

// rulesScreenStrings are the table's rules editor's words for loyalty, the
// graded columns and each grade's service policy.
var rulesScreenStrings = map[string][2]string{
	"rules.weight.loyalty":     {"Weight loyalty (0: off)", "忠诚度权重（0 为不计）"},
	"rules.weight.column":      {"Weight %s (%s)", "%s 权重（%s）"},
	"rules.colmode.quintile":   {"quintile", "按五分位"},
	"rules.colmode.thresholds": {"thresholds", "按阈值"},
	"rules.colmode.choice":     {"choice", "按选项"},
	"rules.channels":           {"Channels of %s, in order", "%s 级联系渠道（按先后）"},
	"rules.channels.hint":      {"most preferred first, from: %s", "首选在前，可选：%s"},
	"rules.discount":           {"Discount of %s (%%)", "%s 级折扣（%%）"},
	"rules.benefits":           {"Benefits of %s", "%s 级权益"},
	"rules.owner":              {"Default owner of %s", "%s 级默认负责人"},
	"rules.points":             {"Points per yuan of %s", "%s 级每元积分"},
	"rules.err.channel":        {"unknown channel %q: use %s", "未知渠道 %q：可用 %s"},
	"rules.err.channel.twice":  {"%s is listed twice", "%s 重复了"},
	"rules.preview.moremoves":  {"and %d more moves", "另有 %d 种变化"},
}
