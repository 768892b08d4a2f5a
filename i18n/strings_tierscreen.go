package i18n

// tierScreenStrings are the texts of the tier summary's tabs (overview,
// profile, history, products), its drill-down, the grade-at filter term,
// the products view and the profile sheet of the XLSX export.
var tierScreenStrings = map[string][2]string{
	"filter.gradeat.day":    {"%q is not a month (2026-05) or a day (2026-05-31)", "%q 不是月份（2026-05）或日期（2026-05-31）"},
	"filter.gradeat.future": {"%s has not ended yet (today is %s)", "%s 还没到（今天是 %s）"},
}
