package i18n

// fix7bStrings are the names of an XLSX export's sheets in the reader's
// language and the export messages that name the written file.
var fix7bStrings = map[string][2]string{
	// The customers sheet keeps the names the importer looks for first
	// (Customers, 客户), so an exported workbook imports back as it is.
	"export.sheet.customers": {"Customers", "客户"},
	"export.sheet.purchases": {"Purchases", "购买记录"},
	"export.sheet.contacts":  {"Contacts", "联系记录"},
	"export.sheet.tiers":     {"Tiers", "分层"},
}
