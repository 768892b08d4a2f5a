package i18n

// accountHelpZh is the Chinese help of the member account commands:
// points, stored value, credit, statements and their check.
var accountHelpZh = map[string]CommandHelp{
	"kehu topup": {
		English: "0276a7eb",
		Short:   "给客户的储值充值，可以另加赠送",
		Long: `给 CUSTOMER 的储值余额充 AMOUNT 元，--bonus 是另外赠送的金额（"充 1000 送 100"）。
两者都是账户流水里的记录，属于同一次操作，撤销时用冲正记录抵回。之后可以用
'kehu buy … --pay balance' 从储值付款。`,
		Flags: map[string]string{
			"bonus": "充值时另外赠送的`金额`（元）",
		},
	},
	"kehu points": {
		English: "1f7d6e1f",
		Short:   "查看、兑换或调整客户的积分",
		Long: `不带选项时，显示 CUSTOMER 的积分，以及下一批积分何时过期。
每笔消费按整元、以客户所在等级的比例累积积分（等级服务政策，默认 A 级 2、B 级 1.5、
C 级和 D 级 1）；退款会扣回积分。
积分在获得之日起若干个月后过期（默认 12 个月），先到期的先扣，按今天（KEHU_NOW 或
系统日期）计算。

--redeem N 兑换 N 积分；--adjust N（负数表示扣减）手工调整积分，必须写 --reason。
兑换超过客户现有的积分会被拒绝。`,
		Flags: map[string]string{
			"redeem": "兑换 `N` 积分",
			"adjust": "手工调整 `N` 积分（负数表示扣减）；必须写 --reason",
			"reason": "调整的`原因`（--adjust 必填；--redeem 时作为备注）",
		},
	},
	"kehu repay": {
		English: "4349120f",
		Short:   "记录一笔赊账还款",
		Long:    `把 CUSTOMER 的欠款减少 AMOUNT 元；先还最早的赊账。还款超过欠款会被拒绝。`,
	},
	"kehu credit-limit": {
		English: "ee8dde4d",
		Short:   "查看或设置客户可以赊欠的额度",
		Long: `把 CUSTOMER 的赊账额度设为 AMOUNT 元（0 表示不能赊账），不写金额则显示额度。
赊账消费（'kehu buy … --pay credit'）使欠款超出额度时会被拒绝。同一列也可以用
'kehu add … --set credit_limit=金额' 设置，或在表格中编辑。`,
	},
	"kehu statement": {
		English: "96024415",
		Short:   "客户的对账单，带每个账户的滚动余额",
		Long: `列出 CUSTOMER 在 --from 到 --to 之间（默认全部）的账户流水（储值、欠款、积分），
按时间先后排列，每一笔都带上所在账户记账后的余额，开头是各账户的期初余额。
这就是店里结账时交给客户的对账单。

不写 --out 时打印成表格；--format csv 打印 CSV。写 --out 文件（-o）时输出 CSV 或
XLSX（按扩展名或 --format），先写临时文件，完成后再改名替换。流水从账本中逐行读出。`,
		Flags: map[string]string{
			"from":   "起始`日期`（默认从第一笔流水开始）",
			"to":     "截止`日期`（默认今天）",
			"format": "`格式`：csv 或 xlsx（默认打印表格，或按 --out 的扩展名）",
			"out":    "输出`文件`，- 表示标准输出；{date} 会换成今天的日期",
		},
	},
	"kehu check": {
		English: "b81620ae",
		Short:   "按账户流水核对每一项余额",
		Long: `把每位客户的账户流水（积分、储值、欠款）分别求和，与客户记录上保存的余额比较，
回收站里的客户也一样核对。发现不一致或小于零的余额时，逐项列出并以 1 退出；
不做任何修改。`,
	},
	"kehu account-rules": {
		English: "b0a8e407",
		Short:   "查看或设置积分有效期和赊账逾期天数",
		Long: `显示会员账户规则，或修改给出的几项：--expiry-months（积分在获得后多少个月过期；
0 表示永不过期；默认 12），--overdue-days（赊账消费多少天后仍未还清算逾期，排在
待办最前面；默认 30）。同时显示各等级每消费一元获得的积分：这个比例属于分级规则中
各等级的服务政策（默认 A 级 2、B 级 1.5、C 级 1、D 级 1）。`,
		Flags: map[string]string{
			"expiry-months": "积分在获得后多少个`月`过期（0 表示永不过期）",
			"overdue-days":  "赊账消费多少`天`后算逾期",
		},
	},
}
