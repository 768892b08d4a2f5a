package i18n

// hostileStrings are the messages about text and files that could harm the
// terminal or the machine: control characters in headers, export targets
// that are not regular files, oversized or damaged sheets, mixed encodings.
var hostileStrings = map[string][2]string{
	"import.badheader": {"the header of column %s (%s) cannot be a column name: %v; fix the header in the sheet",
		"第 %s 列的表头（%s）不能作为列名：%v；请在表格中改正表头"},
}
