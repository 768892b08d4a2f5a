package i18n

// summaryUXStrings: the XLSX profile beside a filtered export and the
// filter term for the summary's recent grade moves.
var summaryUXStrings = map[string][2]string{
	// A filtered export's profile sheet is of every customer: its name and
	// the note below its rows say so.
	"export.sheet.profile_all": {"Tier profile, all customers", "分层对比（全部客户）"},
	"export.profile.all": {"Every customer of the ledger (%d), not only the %d exported (%s): all the tiers side by side, to compare the exported customers with.",
		"台账的全部客户（%d 位），不只是导出的 %d 位（%s）：各等级并列，供与导出的客户对照。"},

	// moved=A→B: the customers whose grade moved from A to B in the last days.
	"col.reserved.moved": {"%q is a word of the filter language (moved=A→B): choose another column name", "%q 是筛选语言的关键字（调级=A→B）：请换一个列名"},
	"filter.moved.value": {"%q is not a grade move: write it as from→to, e.g. moved=A→B (or A>B)", "“%s”不是等级变动：请写成 原等级→新等级，例如 moved=A→B（或 A>B）"},
}
