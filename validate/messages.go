package validate

// msg is one catalogue entry: English and Chinese text; "{detail}" stands for Error.Detail.
type msg struct{ en, zh string }

// fieldZh names the fields in Chinese for Error.Zh.
var fieldZh = map[string]string{
	"phone":     "电话",
	"email":     "邮箱",
	"date":      "日期",
	"datetime":  "日期时间",
	"money":     "金额",
	"count":     "数量",
	"name":      "姓名",
	"potential": "潜力",
	"yesno":     "是/否",
	"number":    "数字",
	"text":      "文字",
}

// messages is the read-only catalogue of every validation failure.
var messages = map[string]msg{
	// phone
	"phone.invalid": {
		"not a Chinese mobile (11 digits starting 13-19) or a landline with area code",
		"不是中国手机号（13-19开头的11位数字），也不是带区号的固定电话",
	},
	"phone.chars": {
		"contains “{detail}”; use only digits, spaces, dashes, parentheses and +86",
		"含有“{detail}”；只能包含数字、空格、横线、括号和+86",
	},
	"phone.country": {
		"only Chinese numbers are accepted (country code +86 or none), e.g. 13812345678 or 010-12345678",
		"只接受中国号码（国家码+86或不写），例如13812345678或010-12345678",
	},
	"phone.mobile_length": {
		"a mobile number has 11 digits starting 13-19; this has {detail} digits",
		"手机号是13-19开头的11位数字，这里有{detail}位",
	},
	"phone.mobile_prefix": {
		"mobile numbers start with 13-19; there are none starting 10, 11 or 12",
		"手机号以13-19开头，没有10、11、12开头的手机号",
	},
	"phone.area_missing": {
		"a landline needs its area code, e.g. 010-12345678 or 0755-1234567",
		"固定电话需要带区号，例如010-12345678或0755-1234567",
	},
	"phone.area": {
		"{detail} is not an area code; Chinese area codes are 010, 020-029 or four digits such as 0755",
		"{detail}不是区号；中国区号是010、020-029或0755这样的四位数",
	},
	"phone.landline": {
		"a landline is an area code and a 7-8 digit number, e.g. 010-12345678 or 0755-1234567; the number here has {detail} digits",
		"固定电话是区号加7-8位号码，例如010-12345678或0755-1234567；这里号码部分有{detail}位",
	},

	// email
	"email.invalid": {
		"not an email address; enter one address such as name@example.com",
		"不是有效的邮箱地址；请填写一个地址，例如name@example.com",
	},
	"email.list": {
		"looks like several addresses; enter only one, such as name@example.com",
		"看起来是多个地址；只能填写一个，例如name@example.com",
	},
	"email.space": {
		"an email address cannot contain spaces, e.g. name@example.com",
		"邮箱地址不能包含空格，例如name@example.com",
	},
	"email.at": {
		"an email address has exactly one @, e.g. name@example.com",
		"邮箱地址必须有且只有一个@，例如name@example.com",
	},
	"email.local": {
		"the part before @ is not valid; use letters, digits and . _ - + (no leading, trailing or double dots)",
		"@前面的部分无效；请使用字母、数字和 . _ - +（不能以点开头或结尾，不能连续两个点）",
	},
	"email.domain": {
		"the part after @ must be a domain such as example.com or qq.com",
		"@后面必须是域名，例如example.com或qq.com",
	},

	// dates
	"date.invalid": {
		"not a date; write it as 2026-11-22, 2026/11/22, 2026.11.22 or 2026年11月22日",
		"不是日期；请写成2026-11-22、2026/11/22、2026.11.22或2026年11月22日",
	},
	"date.order": {
		"put the year first so day and month cannot be mixed up, e.g. 2026-11-22",
		"请把年份写在前面，以免日和月混淆，例如2026-11-22",
	},
	"date.year": {
		"the year must be between 1900 and 2200",
		"年份必须在1900到2200之间",
	},
	"date.month": {
		"the month must be between 1 and 12",
		"月份必须在1到12之间",
	},
	"date.day": {
		"no such day; that month has {detail} days",
		"没有这一天，该月只有{detail}天",
	},
	"datetime.invalid": {
		"not a date and time; write it as 2026-11-22 14:05 (24-hour clock), or just the date",
		"不是日期时间；请写成2026-11-22 14:05（24小时制），或只写日期",
	},
	"datetime.time": {
		"not a time of day; use the 24-hour clock from 00:00 to 23:59",
		"不是有效的时间；请使用24小时制，00:00到23:59",
	},

	// money
	"money.empty": {
		"no amount given; enter an amount such as 1234.50",
		"没有填写金额；请填写金额，例如1234.50",
	},
	"money.invalid": {
		"not an amount; accepted: 1234.5, 1,234.50, ¥1234, 1234元, 1.2万, RMB 12, and -12.5 for a refund",
		"不是金额；可以写成1234.5、1,234.50、¥1234、1234元、1.2万、RMB 12，退款写-12.5",
	},
	"money.decimals": {
		"at most 2 decimal places (fen); this has {detail}, and it is refused rather than rounded",
		"最多两位小数（到分）；这里有{detail}位，不会自动四舍五入",
	},
	"money.comma": {
		"thousands separators must mark groups of 3 digits, e.g. 1,234,567.50",
		"千位分隔符必须每三位一组，例如1,234,567.50",
	},
	"money.range": {
		"the amount is too large",
		"金额太大",
	},

	// count
	"count.empty": {
		"no count given; enter a whole number such as 12",
		"没有填写数量；请填写整数，例如12",
	},
	"count.invalid": {
		"not a count; write a whole number such as 12, 12次 or 12 times",
		"不是数量；请填写整数，例如12、12次或12 times",
	},
	"count.negative": {
		"a count cannot be negative",
		"数量不能是负数",
	},
	"count.integer": {
		"a count must be a whole number, without decimals",
		"数量必须是整数，不能有小数",
	},
	"count.range": {
		"the count is too large",
		"数量太大",
	},

	// name
	"name.required": {
		"a name is required",
		"姓名是必填项",
	},
	// free text (Text)
	"text.encoding": {
		"is not valid UTF-8 text; save the file or text as UTF-8 (or GBK for a CSV)",
		"不是有效的UTF-8文本；请把文件或文字存为UTF-8（CSV也可以是GBK）",
	},
	"text.control": {
		"contains the control character {detail}; only plain text on one line is accepted",
		"含有控制字符{detail}；只接受单行普通文字",
	},
	"text.control_lines": {
		"contains the control character {detail}; only plain text, line breaks and tabs are accepted",
		"含有控制字符{detail}；只接受普通文字、换行和制表符",
	},
	"text.bidi": {
		"contains the text-direction control {detail}, which can make a name or number read backwards; remove it",
		"含有文字方向控制符{detail}，会让姓名或号码显示成倒序；请删除它",
	},
	"name.long": {
		"too long; at most {detail} characters",
		"太长；最多{detail}个字",
	},

	// potential
	"potential.invalid": {
		"not a star rating; write 0-5, such as 3, ★★★ or 3星",
		"不是星级；请填写0-5星，例如3、★★★或3星",
	},
	"potential.range": {
		"potential is 0 to 5 stars",
		"潜力是0到5星",
	},

	// yes/no
	"yesno.empty": {
		"no answer given; enter yes or no",
		"没有填写；请填写是或否",
	},
	"yesno.invalid": {
		"not yes or no; accepted: yes/no, y/n, true/false, 1/0, 是/否, 对/错",
		"不是“是”或“否”；可以写yes/no、y/n、true/false、1/0、是/否、对/错",
	},

	// number
	"number.empty": {
		"no number given; enter a number such as 1234.5",
		"没有填写数字；请填写数字，例如1234.5",
	},
	"number.invalid": {
		"not a number; write a plain decimal such as 1234.5, 1,234.5 or -3",
		"不是数字；请填写普通小数，例如1234.5、1,234.5或-3",
	},
	"number.comma": {
		"thousands separators must mark groups of 3 digits, e.g. 1,234,567.5",
		"千位分隔符必须每三位一组，例如1,234,567.5",
	},
	"number.range": {
		"the number is too large",
		"数字太大",
	},
}
