package i18n

// dupesStrings are the messages of finding and merging duplicate customers.
var dupesStrings = map[string][2]string{
	"dup.none":                {"No likely duplicates.", "没有发现疑似重复的客户。"},
	"dup.found":               {"%d likely duplicates, most certain first (certainty 0–100):", "发现 %d 组疑似重复，按可信度从高到低排列（0–100）："},
	"dup.group":               {"%d customers", "%d 位客户"},
	"dup.hint":                {"Nothing was changed. Merge a pair with: kehu merge KEEP DROP", "未做任何修改。合并请用：kehu merge 保留的客户 并入的客户"},
	"dup.reason.sep":          {", ", "，"},
	"dup.reason.phone":        {"same phone", "电话相同"},
	"dup.reason.wechat":       {"same WeChat", "微信相同"},
	"dup.reason.email":        {"same email", "邮箱相同"},
	"dup.reason.name":         {"same name", "姓名相同"},
	"dup.reason.name_form":    {"same name apart from spaces, remarks or titles", "去掉空格、括号备注或称谓后姓名相同"},
	"dup.reason.similar_name": {"names one character apart", "姓名仅差一个字"},
	"dup.reason.company":      {"same company", "公司相同"},
}
