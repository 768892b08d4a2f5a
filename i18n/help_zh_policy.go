package i18n

// policyHelpZh is the Chinese help of the commands about grading rules and
// service policies.
var policyHelpZh = map[string]CommandHelp{
	"kehu rules": {
		English: "cd185f47",
		Short:   "查看、导出或导入分级规则和各等级服务政策",
		Long: `分级规则（统计窗口、权重、等级分数线、R、F、M 的评分方式），以及每个等级的名称、
颜色、联系周期和服务政策（按顺序的首选联系渠道、折扣、专属权益、默认负责人、积分倍率），
合在一个可以手工阅读和修改的 TOML 文件里。

  rules show              以 TOML 显示规则（--json：以 JSON 显示）
  rules export 文件       把规则写入文件
  rules import 文件       检查文件，并显示哪些客户的等级会变化；
                          不加 --apply 不做任何更改

文件里没写的键取默认值。每处问题都会写明所在行（用界面语言），文件有任何问题都不会做任何更改。
应用规则在账本日志里算一次更改：撤销（表格中按 u）即可恢复原规则。

表格的规则界面（R）修改的是同一套设置，包括参与评级的列：ctrl+n 再按一列评级，
ctrl+x 不再按某列评级，←/→ 选列和评分方式；ctrl+p 预览哪些客户的等级会变化。`,
	},
	"kehu rules show": {
		English: "8c22bf8c",
		Short:   "显示分级规则和服务政策（TOML，或 --json）",
		Flags:   map[string]string{"json": "输出 JSON"},
	},
	"kehu rules export": {
		English: "002b8e19",
		Short:   "把分级规则和服务政策写入 TOML 文件",
	},
	"kehu rules import": {
		English: "f3374fee",
		Short:   "检查规则文件并预览效果；加 --apply 才应用",
		Long: `读取文件，逐个检查每个键（每处问题都写明所在行），并显示会有多少客户从哪个等级
变到哪个等级，列出前几位的姓名。不加 --apply 不做任何更改；加上后，规则保存、
所有客户重新评级，一步完成，可以撤销。

账本中保存的规则损坏时，--apply 就是修复办法：不读取旧规则，直接替换
（文件为空时使用默认规则）。`,
		Flags: map[string]string{
			"apply": "保存规则并重新评级（默认只预览）",
			"json":  "以 JSON 输出预览",
		},
	},
	"kehu staff": {
		English: "76331649",
		Short:   "维护员工名单（客户的负责人从中选）",
		Long: `员工名单：可以指定为客户负责人的人。用 --set owner=姓名、在表格里填负责人，
或在规则里设为某个等级的默认负责人。还负责客户的员工不能移出名单。

登记了 SSH 公钥（--key 文件.pub）的员工可以打开 kehu serve 提供的表格；由密钥决定
是谁。staff revoke 收回其密钥，不影响其负责的客户。`,
	},
	"kehu staff add": {
		English: "e580e0c2",
		Short:   "把一个人加入员工名单",
		Flags: map[string]string{
			"key":        "连接 kehu serve 用的 SSH 公钥文件（.pub，可重复）",
			"table-lang": "在 kehu serve 中其表格的语言：zh 或 en（默认按其 SSH 客户端的 LANG）",
		},
	},
	"kehu staff list": {
		English: "b34f9b44",
		Short:   "列出员工以及各自负责多少位客户",
		Flags:   map[string]string{"json": "输出 JSON"},
	},
	"kehu staff remove": {
		English: "33571016",
		Short:   "把一个人移出员工名单（须已不负责任何客户）",
	},
	"kehu complaints": {
		English: "0264dfcf",
		Short:   "列出投诉（未处理的在前）；处理一条投诉",
		Long: `记录一次类型为投诉（complaint）的联系，就会开出一条投诉。它一直是未处理状态，
排在待办最前面，并计入 open_complaints 列，直到写明处理结果把它结案：
kehu complaints resolve 编号 --note 文字（账本日志里算一次更改，可以撤销）。`,
		Flags: map[string]string{
			"open": "只列未处理的投诉",
			"json": "输出 JSON",
		},
	},
	"kehu complaints resolve": {
		English: "59b6137f",
		Short:   "把一条投诉标记为已处理，并写明怎么处理的",
		Flags:   map[string]string{"note": "处理结果"},
	},
}
