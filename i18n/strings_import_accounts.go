package i18n

// importAccountStrings are the messages of member account balances an
// imported sheet brings over as opening entries.
var importAccountStrings = map[string][2]string{
	"import.account.negative": {"%s is below zero: an opening balance is 0 or more (what a customer owes goes in the owed column)",
		"%s 小于零：期初余额须不小于 0（客户欠的钱填在欠款列）"},
	"import.summary.accountdiffs": {", %d balances differ from the ledger (kept as they are)", "，%d 项余额与账本不同（账本未改）"},
	"import.accountdiff.head":     {"Balances the sheet gives differently (the ledger keeps its own; record a top-up, adjustment or repayment to change one):", "表中余额与账本不同（账本未改；如需更改，请记一笔充值、调整或还款）："},
	"import.accountdiff":          {"row %d %s: %s %s in the sheet, %s in the ledger", "第 %d 行 %s：%s 表中 %s，账本 %s"},
}
