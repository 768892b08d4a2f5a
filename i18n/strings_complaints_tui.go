package i18n

// complaintsTUIStrings are the words of the table's complaints list and of
// the grade's service policy where the table's screens show it.
var complaintsTUIStrings = map[string][2]string{
	"tui.key.complaints":          {"complaints", "投诉"},
	"hint.complaint.resolve":      {"resolve", "处理"},
	"tui.help.complaint":          {"Complaint", "投诉"},
	"tui.complaint.note":          {"note:", "处理结果："},
	"tui.complaint.nonote":        {"say how it was resolved", "请写明是怎么处理的"},
	"tui.complaint.resolving":     {"Resolve #%d of %s —", "处理 %[2]s 的投诉 #%[1]d ——"},
	"tui.complaint.done":          {"complaint #%d of %s resolved (u in the table undoes)", "已处理 %[2]s 的投诉 #%[1]d（表格中按 u 可撤销）"},
	"tui.complaint.days":          {"%d days", "%d 天"},
	"tui.complaint.resolvedstate": {"resolved", "已处理"},
	"tui.detail.policy":           {"Service: %s", "服务：%s"},
	"tui.pform.discount":          {"grade %s: %s off", "%s 级折扣：%s"},
}
