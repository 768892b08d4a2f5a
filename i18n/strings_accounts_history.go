package i18n

// accountHistoryStrings are the refusals of an account entry that would
// leave a day of the account's past below zero.
var accountHistoryStrings = map[string][2]string{
	"acct.history.short": {"cannot take %[2]s of %[1]s dated %[3]s: on %[4]s the %[1]s was only %[5]s; nothing was changed",
		"不能扣减日期为 %[3]s 的 %[2]s %[1]s：%[4]s 当天%[1]s只有 %[5]s；未做任何修改"},
}
