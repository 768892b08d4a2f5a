package i18n

// catalogue maps a key to its English and Chinese text. Each part of the
// program keeps its strings in its own file (strings_*.go) so they stay
// beside the feature; they are merged here once.
var catalogue = merge(parts...)

// parts are the per-feature string tables, each key in exactly one.
var parts = []map[string][2]string{coreStrings, valueStrings, cliStrings, tuiStrings, screenStrings, ioStrings, hostileStrings, ledgerStrings, backupStrings, timeStrings, dupesStrings, compareStrings, historyStrings, boughtStrings, screenErrStrings, policyStrings, tuiKeyStrings, inputStrings, explainStrings, uxStrings, commandStrings, modelStrings, salesStrings, dupesTUIStrings, accountStrings, complaintsTUIStrings, fix7bStrings, importAccountStrings, fix7aStrings, tierScreenStrings, accountTUIStrings, rulesScreenStrings, serveStrings, rulesValidateStrings, summaryUXStrings, rulesColumnStrings, warmHistoryStrings, accountHistoryStrings, rulesDamagedStrings}

func merge(parts ...map[string][2]string) map[string][2]string {
	out := make(map[string][2]string)
	for _, p := range parts {
		for k, v := range p {
			out[k] = v
		}
	}
	return out
}
