package i18n

// cliStrings are the command line's messages.
var cliStrings = map[string][2]string{
	"cli.seehelp": {"Run '%s --help' for usage.", "运行 '%s --help' 查看用法。"},
	// cobra's own usage errors (English keeps cobra's wording)
	"cli.usage.flag":       {"unknown flag: %s", "没有这个选项：%s"},
	"cli.usage.short":      {"unknown shorthand flag: '%s' in %s", "没有这个短选项：'%s'（在 %s 中）"},
	"cli.usage.command":    {"unknown command %q for %q", "%q 不是 %q 的命令"},
	"cli.usage.needsvalue": {"flag needs an argument: %s", "选项 %s 需要一个值"},
	"cli.usage.badvalue":   {"invalid argument %q for %q flag", "%q 不是 %q 选项可用的值"},
	"cli.usage.args":       {"accepts %s arg(s), received %s", "需要 %s 个参数，收到 %s 个"},
	"cli.usage.minargs":    {"requires at least %s arg(s), only received %s", "至少需要 %s 个参数，只收到 %s 个"},
	"cli.usage.didyoumean": {"Did you mean %s?", "你是不是想输入 %s？"},
	"cli.added":            {"added #%d %s", "已添加 #%d %s"},
	"cli.bought":           {"logged %s for #%d %s (total %s, grade %s)", "已记录 #%[2]d %[3]s 消费 %[1]s（累计 %[4]s，等级 %[5]s）"},
	"cli.logged":           {"logged %s with #%d %s", "已记录与 #%[2]d %[3]s 的%[1]s"},
	"cli.next":             {"next follow-up %s", "下次跟进 %s"},
	"cli.grademove":        {"grade %s", "等级 %s"},
	"cli.backup":           {"backup written to %s", "备份已写入 %s"},
	"cli.demo.done":        {"demo shop written: %d customers, %d purchases, %d contacts in %s (%s)", "演示店铺已写入：%d 位客户、%d 笔消费、%d 条联系记录，用时 %s（%s）"},
	"cli.demo.progress":    {"\rwriting demo shop: %d/%d customers", "\r正在写入演示店铺：%d/%d 位客户"},
	"cli.demo.grading":     {"\ngrading customers…", "\n正在计算客户等级…"},
	"cli.warn":             {"warning: %s", "提醒：%s"},
	"cli.set.bad":          {"--set %q: use column=value", "--set %q：请写成 列=值"},
	"cli.tty":              {"the table needs a terminal; use kehu export, kehu agenda or kehu tiers from scripts", "表格界面需要终端；脚本中请用 kehu export、kehu agenda 或 kehu tiers"},
}
