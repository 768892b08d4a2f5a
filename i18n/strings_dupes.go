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

	// Merging.
	"merge.same":          {"cannot merge customer #%d with itself", "不能把客户 #%d 与自己合并"},
	"merge.prefer.col":    {"--prefer %s: not a column a merge settles (name an editable column: name, phone, email, wechat, company, notes, a custom column…)", "--prefer %s：合并时不能选这一列（请指定可编辑的列：姓名、电话、邮箱、微信、公司、备注、自定义列……）"},
	"merge.prefer.bad":    {"--prefer %q: write COLUMN=keep or COLUMN=drop", "--prefer %q：请写成 列=keep（保留）或 列=drop（并入）"},
	"merge.note.head":     {"Merged with #%d %s on %s; values that differed:", "已与 #%d %s 合并（%s），不同的值："},
	"merge.note.field":    {"%s: kept %s (from #%d); #%d had %s", "%s：保留 %s（来自 #%d）；#%d 为 %s"},
	"reason.merge":        {"merged with %s", "与 %s 合并"},
	"cli.merged":          {"merged #%d %s into #%d %s: %d purchases, %d contact entries and %d other rows moved; total spend %s, grade %s", "已将 #%d %s 并入 #%d %s：移入 %d 笔消费、%d 条联系记录及 %d 条其他记录；累计消费 %s，等级 %s"},
	"cli.merged.conflict": {"  %s: kept %s, not %s (both written in the notes)", "  %s：保留 %s，未用 %s（两者均已记入备注）"},
	"cli.merged.undo":     {"#%d is in the trash; undo (u in the table) brings both customers back as they were.", "#%d 已移入回收站；撤销（表格中按 u）可将两位客户恢复原样。"},

	// A dry-run import.
	"import.dup.head":     {"%d rows look like customers already in the ledger or like other rows (certainty, row ~ customer); an import adds them as new customers: merge afterwards with kehu merge", "%d 行看起来与账本中已有客户或其他行重复（可信度，行 ~ 客户）；导入会将其作为新客户加入，之后可用 kehu merge 合并"},
	"import.dup.otherrow": {"another row: %s", "另一行：%s"},
}
