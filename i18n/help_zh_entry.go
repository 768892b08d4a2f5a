package i18n

// entryHelpZh is the Chinese help of the commands that enter customers,
// purchases and contacts, and of the demo shop.
var entryHelpZh = map[string]CommandHelp{
	"kehu add": {
		English: "275bf9b3",
		Short:   "添加一位客户",
		Long: `添加一位客户。每个值都和在表格中一样经过检查：电话会统一格式（+86、空格、
短横线和全角数字都可以），日期可写 2026/11/22 或 2026年11月22日，金额可写
¥1,234.50 或 1.2万。

电话与另一位客户相同时照样保存，同时提醒是和哪位客户相同。任何一列都可以用
--set 列=值 填写，自定义列也可以（列键见 'kehu export --help'）。`,
		Flags: map[string]string{
			"phone":   "手机号或带区号的座机`号码`",
			"email":   "电子`邮箱`",
			"company": "`公司`名称",
			"tag":     "一个`标签`（多个标签就写多次）",
			"set":     "给其他任意一列填值，写成`列=值`（可写多次）",
		},
	},
	"kehu buy": {
		English: "6ab609da",
		Short:   "记录一笔消费（客户等级随即更新）",
		Long: `为 CUSTOMER（编号、电话或唯一的姓名）记录一笔消费。金额以元为单位，可写
1234.5、¥1,234.50、1234元 或 1.2万。超过两位小数的金额会被拒绝，绝不四舍五入。
客户的累计消费和等级会同时更新。

负数金额表示退款：它会减少客户的消费额（累计的和统计窗口内的），但不算一次
购买：不计入购买次数和频次，也不改变最近购买日期。退款超过客户已消费的金额
会被拒绝。晚于今天的日期也会被拒绝：请在成交之后再记录。

--pay 写明付款方式：cash 现金（默认）、wechat 微信、alipay 支付宝、balance 储值
（从客户的储值余额扣，见 'kehu topup'）或 credit 赊账（增加客户的欠款，不超过
'kehu credit-limit' 设定的额度）。退款用 balance 时退回储值，用 credit 时冲减欠款。
付款超过储值余额或超出赊账额度会被拒绝，什么都不写入。每笔消费按整元、以客户所在
等级的比例累积积分（见 'kehu points'）；退款会扣回积分。`,
		Flags: map[string]string{
			"pay":     "付款`方式`：cash 现金（默认）、wechat、alipay、balance 储值或 credit 赊账",
			"amount":  "消费`金额`，单位元（必填；负数表示退款）",
			"product": "`商品`名称",
			"qty":     "购买`数量`（默认 1）",
			"date":    "消费`日期`（默认今天）",
			"note":    "`备注`文字",
		},
	},
	"kehu log": {
		English: "78db5a66",
		Short:   "记录一次联系（电话、微信、拜访……），可同时约好下次跟进",
		Long: `记录与 CUSTOMER（编号、电话或唯一的姓名）的一次联系。
渠道：电话、微信、短信、邮件、拜访、其他（或 phone、wechat、sms、email、visit、
other）。类型：联系（默认）、反馈、投诉、服务（或 contact、feedback、complaint、
service）。
--next 日期 替换原定的跟进日（今天或以后；到那天会出现在 'kehu agenda' 里），
--next none 取消跟进。不写 --next 时，还没到期的跟进保留；今天到期或已逾期的
跟进算作由这次联系完成。晚于今天的联系（--at）会被拒绝。`,
		Flags: map[string]string{
			"channel": "联系`渠道`：电话、微信、短信、邮件、拜访或其他（必填）",
			"kind":    "联系`类型`：联系、反馈、投诉或服务（默认联系）",
			"note":    "沟通`内容`",
			"outcome": "联系`结果`",
			"next":    "下次跟进`日期`（替换原定的）；none 表示取消；不写则保留原定的",
			"at":      "联系`时间`（默认现在），如 \"2026-11-22 14:30\"",
		},
	},
	"kehu demo": {
		English: "88e62470",
		Short:   "在账本里生成一家逼真的示例店铺",
		Long: `写入一家示例茶叶店：中文客户和公司，消费像真实店铺一样集中（少数客户带来
大部分营业额），近两年随季节起伏的消费，不再购买的老客户，从未购买的潜在客户，
以及今天前后到期的联系和跟进。

相同的 --seed 生成相同的店铺。账本里已有客户时拒绝写入，除非加上 --force
（示例数据会加到已有客户之外）。

整个店铺一次写完并评级：中途停止（ctrl+c、SIGTERM）时账本保持原样，直接再运行
'kehu demo' 即可。

一百万位客户（--customers 1000000）约有一千万笔消费，在双核机器上大约要九分钟；
在终端中运行时会显示进度。`,
		Flags: map[string]string{
			"customers": "生成多少位客户",
			"seed":      "随机`种子`，种子相同则生成的店铺也相同",
			"force":     "账本里已有客户时也写入示例数据",
		},
	},
}
