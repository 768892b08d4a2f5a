package i18n

// salesStrings are the texts of importing a till's sales log
// (kehu import --purchases).
var salesStrings = map[string][2]string{
	"sales.field.date":     {"date", "日期"},
	"sales.field.customer": {"customer", "客户"},
	"sales.field.amount":   {"amount", "金额"},
	"sales.field.product":  {"product", "商品"},
	"sales.field.qty":      {"quantity", "数量"},
	"sales.field.order":    {"order number", "单号"},
	"sales.required":       {"empty", "为空"},
	"sales.noheader":       {"no header row names a sale's %s (e.g. 日期/date, 客户/customer or 手机/phone, 金额/amount)", "找不到表头，缺少销售记录的%s（例如 日期/date、客户/customer 或 手机/phone、金额/amount）"},
	"sales.nocustomer":     {"no customer %q in the ledger (--no-create)", "账本中没有客户“%s”（--no-create）"},
	"sales.badid":          {"%q is not a customer id", "“%s”不是客户编号"},
	"sales.ambiguous":      {"more than one customer is %q: use the phone or #id", "有不止一位客户是“%s”：请用电话或 #编号"},
	"sales.progress":       {"\rimporting sales… %d rows", "\r正在导入销售记录… %d 行"},
	"sales.done":           {"%[1]d rows read: %[2]d sales logged, %[3]d already in the ledger, %[4]d customers added, %[5]d customers regraded, %[6]d rejected", "读取 %[1]d 行：记录 %[2]d 笔销售，%[3]d 笔账本中已有，新增 %[4]d 位客户，重新评级 %[5]d 位客户，拒绝 %[6]d 行"},
	"sales.wouldbe":        {"dry run, nothing written: %[1]d rows read: %[2]d sales would be logged, %[3]d already in the ledger, %[4]d customers added, %[5]d customers regraded, %[6]d rejected", "试运行，未写入：读取 %[1]d 行：将记录 %[2]d 笔销售，%[3]d 笔账本中已有，新增 %[4]d 位客户，重新评级 %[5]d 位客户，拒绝 %[6]d 行"},
	"sales.nocreate.alone": {"--no-create goes with --purchases", "--no-create 只能和 --purchases 一起使用"},
	"sales.nomap":          {"--map is for customer sheets, not with --purchases", "--map 用于客户表，不能和 --purchases 一起使用"},
}
