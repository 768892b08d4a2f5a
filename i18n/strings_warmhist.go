package i18n

// warmHistoryStrings are what `kehu regrade` says when it could not bring
// the tier history's tally up to date after the regrade.
var warmHistoryStrings = map[string][2]string{
	"cli.regrade.history.notwarmed": {
		"the regrade is saved; the tier history could not be prepared ahead: %s. The first history look will count it.",
		"重新评级已保存；等级历史未能预先统计：%s。第一次查看历史时会自行统计。",
	},
}
