package i18n

// inputStrings tell what is wrong with what kehu is given from outside a
// command's flags: the KEHU_NOW clock, the size of a demo, a file to import
// that cannot be opened.
var inputStrings = map[string][2]string{
	"input.now.bad":        {"KEHU_NOW: %q is not a date or date-time (write 2026-11-22 or 2026-11-22 10:00:00)", "KEHU_NOW：%q 不是日期或日期时间（请写成 2026-11-22 或 2026-11-22 10:00:00）"},
	"input.demo.customers": {"--customers must be between 1 and %[2]d, got %[1]d", "--customers 须在 1 到 %[2]d 之间（收到 %[1]d）"},
	"input.file.missing":   {"%s does not exist", "%s 不存在"},
	"input.file.denied":    {"%s cannot be read (no permission)", "没有权限读取 %s"},
	"input.file.isdir":     {"%s is a folder: give the file to import", "%s 是文件夹，请指定要导入的文件"},
	"input.file.cantopen":  {"%s cannot be opened", "无法打开 %s"},
}
