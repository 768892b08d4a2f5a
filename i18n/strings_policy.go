package i18n

// policyStrings are the texts of the per-grade service policies, the rules
// file, staff, owners and complaints.
var policyStrings = map[string][2]string{
	// service policies
	"policy.title":          {"Service per grade", "各等级服务政策"},
	"policy.line":           {"every %d days · %s · discount %s · %s", "每 %d 天联系 · %s · 折扣 %s · %s"},
	"policy.line.nocadence": {"no regular contact · %s · discount %s · %s", "不定期联系 · %s · 折扣 %s · %s"},
	"policy.owner":          {" · owner %s", " · 负责人 %s"},
	"policy.nochannel":      {"no preferred channel", "未设首选渠道"},
	"policy.nobenefits":     {"no benefits", "无专属权益"},
	"policy.via":            {"via %s", "用 %s"},
	"export.col.cadence":    {"Contact every (days)", "联系周期（天）"},
	"export.col.channels":   {"Channels", "首选渠道"},
	"export.col.discount":   {"Discount", "折扣"},
	"export.col.benefits":   {"Benefits", "专属权益"},
	"export.col.owner":      {"Owner", "负责人"},
}
