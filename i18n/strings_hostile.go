package i18n

// hostileStrings are the messages about text and files that could harm the
// terminal or the machine: control characters in headers, export targets
// that are not regular files, oversized or damaged sheets, mixed encodings.
var hostileStrings = map[string][2]string{
	"import.badheader": {"the header of column %s (%s) cannot be a column name: %v; fix the header in the sheet",
		"第 %s 列的表头（%s）不能作为列名：%v；请在表格中改正表头"},

	// files written in place of a target (export --out, the rejects list)
	"file.isdir":       {"%s is a folder: give a file name", "%s 是文件夹，请指定文件名"},
	"file.special":     {"%s is %v, not a regular file: kehu writes only regular files (give another file name)", "%s 是%v，不是普通文件：kehu 只写普通文件（请换一个文件名）"},
	"file.kind.fifo":   {"a named pipe (FIFO)", "命名管道（FIFO）"},
	"file.kind.socket": {"a socket", "套接字"},
	"file.kind.device": {"a device", "设备文件"},
	"file.kind.other":  {"a special file", "特殊文件"},
	"file.links":       {"%s: too many symbolic links (a loop?)", "%s：符号链接层数太多（可能有循环）"},

	// workbooks that would unpack to more than kehu reads
	"import.xlsx.unzipped": {"the workbook unpacks to %s, more than the %s kehu reads: save the sheet alone as CSV and import that",
		"工作簿解压后有 %s，超过 kehu 能读取的 %s：请把这张表单独另存为 CSV 再导入"},
	"import.xlsx.expands": {"the workbook unpacks to %s from %s, more than %d times its size: refused as a zip bomb (a real sheet compresses 5 to 20 times)",
		"工作簿解压后有 %s（文件本身 %s），超过自身大小的 %d 倍：疑似压缩炸弹，已拒绝（正常表格的压缩比是 5 到 20 倍）"},
	"import.xlsx.parts": {"the workbook's parts other than sheets (styles, pictures…) unpack to %s, more than the %s kehu reads: save the sheet as CSV, or as XLSX without pictures",
		"工作簿中表格以外的部分（样式、图片……）解压后有 %s，超过 kehu 能读取的 %s：请另存为 CSV，或去掉图片后另存为 XLSX"},
	"import.xlsx.cell": {"a cell of the workbook holds more than %s of text (Excel itself keeps at most 32,767 characters in a cell): refused",
		"工作簿中有单元格的文字超过 %s（Excel 单元格最多只能放 32767 个字符）：已拒绝"},
	"import.xlsx.strings": {"the workbook lists more than %d texts, more than a file of its size holds: refused as damaged or hostile",
		"工作簿列出的文字超过 %d 条，远超同样大小文件应有的数量：疑似损坏或恶意文件，已拒绝"},

	// CSV files that are not one sheet of text
	"import.csv.line": {"line %d is longer than %s: not a sheet kehu can read (a spreadsheet cell holds at most 32,767 characters)",
		"第 %d 行超过 %s：不是 kehu 能读取的表格（表格单元格最多 32767 个字符）"},
	"import.csv.columns": {"line %d has %d columns, more than the %d a spreadsheet has: not a sheet kehu can read",
		"第 %d 行有 %d 列，超过表格的上限 %d 列：不是 kehu 能读取的表格"},
	"import.csv.mixed": {"the file mixes encodings: lines %s are %s but lines %s are %s; nothing was imported: save the whole file in one encoding (UTF-8, or GBK as Excel on Chinese Windows does) and import it again",
		"文件混用了编码：第 %s 行是 %s，而第 %s 行是 %s；没有导入任何内容：请把整个文件存为同一种编码（UTF-8，或中文 Windows 版 Excel 使用的 GBK）后再导入"},
	"import.csv.undecodable": {"lines %s are neither UTF-8 nor GBK/GB18030 text; nothing was imported: save the file as UTF-8 and import it again",
		"第 %s 行既不是 UTF-8 也不是 GBK/GB18030 文字；没有导入任何内容：请把文件存为 UTF-8 后再导入"},
	"import.csv.notutf8": {"the file starts with the UTF-8 mark but lines %s are not UTF-8; nothing was imported: save the whole file as UTF-8 and import it again",
		"文件以 UTF-8 标记开头，但第 %s 行不是 UTF-8；没有导入任何内容：请把整个文件存为 UTF-8 后再导入"},
	"import.cell.long": {"a cell of %d characters, more than the %d a spreadsheet cell holds",
		"单元格有 %d 个字符，超过表格单元格的上限 %d 个"},
	"import.xlsx.columns": {"row %d has %d columns, more than the %d a spreadsheet has: not a sheet kehu can read",
		"第 %d 行有 %d 列，超过表格的上限 %d 列：不是 kehu 能读取的表格"},
	"import.toomanycols": {"the sheet would add %d new columns, more than the %d one import adds: skip the columns you do not need with --map COLUMN=- , or import a narrower sheet",
		"这张表会新增 %d 列，超过一次导入最多新增的 %d 列：请用 --map 列名=- 跳过不需要的列，或导入列数更少的表"},
}
