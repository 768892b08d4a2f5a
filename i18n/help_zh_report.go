package i18n

// reportHelpZh is the Chinese help of the commands that read the ledger
// back (agenda, tiers, duplicates) or settle it (regrade, merge).
var reportHelpZh = map[string]CommandHelp{
	"kehu agenda": {
		English: "7333ef6e",
		Short:   "今天该联系谁：按等级列出到期和逾期的跟进",
		Long: `列出当天到期和已逾期的跟进、超过所在等级的联系周期又没有安排跟进的客户（默认
A 级每 14 天、B 级 30 天、C 级 90 天），按等级分组、A 级在前，还有流失预警：近 30
天转为沉睡的客户。每一项都写明该等级服务政策首选的联系渠道（默认 A 级先拜访再打电话，
B 级先打电话再发微信，C 级先发微信再发短信）以及负责这位客户的员工。加 --owner 姓名
时只列这位员工负责的客户：归他负责的，以及没有负责人、而所在等级的默认负责人是他的。
记录一次联系，对应的一项就会消失。
等级按今天计算：账本上次是按别的日子评级的，会先重新评级。`,
		Flags: map[string]string{
			"date":  "要安排的`日期`（默认今天）",
			"owner": "只列这位`员工`负责的客户",
			"json":  "输出 JSON",
		},
	},
	"kehu tiers": {
		English: "7e93d115",
		Short:   "查看各等级和客户分群的客户，或某位客户为什么是这个等级",
		Long: `显示每个等级和每个 RFM 客户分群各有多少客户、消费额和占比，每个等级的服务政策
（联系周期、首选渠道、折扣、专属权益、默认负责人），以及近 30 天的等级变动。
加 --explain CUSTOMER 时，显示这位客户等级的计算明细：最近购买、购买频次和
消费额，各自的得分、权重和分界点，以及最终起作用的规则。
一切都按今天计算：账本上次是按别的日子评级的，会先重新评级。相互抵消的变动（改了
又撤销，或撤销后又重做）不计入近 30 天的变动。

加 --compare 时并排对比各组（--by grade、segment、source、industry 或 owner）：客户数、
占比、统计窗口内的平均消费额、消费额中位数和平均购买次数，距最近一次和第一次购买的
平均天数，活跃、新客、沉睡和流失客户的占比，最近一次联系是投诉的客户，以及占总消费
额的比例。

加 --history 时按月回看最近 --months 个月（默认 12；当月算到今天），每个等级列出：
月初的客户数，其中升级、降级、流失或被删除的人数，本月新进入该等级的客户，与上月
相比的消费额（同一批客户）和留存率；然后是两个月末之间的等级迁移矩阵（--from 和
--to，格式 YYYY-MM；默认从第一个月的月初到今天）。这时的等级取自等级历史，而不是
今天的等级。`,
		Flags: map[string]string{
			"explain": "说明某位`客户`（编号、电话或姓名）的等级是怎么来的",
			"json":    "输出 JSON",
			"compare": "并排对比各等级（或 --by 指定的分组）",
			"by":      "与 --compare 一起用：按 grade、segment、source、industry 或 owner `分组`（默认 grade）",
			"history": "按月显示各等级，以及等级迁移矩阵",
			"months":  "与 --history 一起用：回看的`月数`（默认 12）",
			"from":    "与 --history 一起用：迁移矩阵起点的`月份`（取月末），格式 YYYY-MM",
			"to":      "与 --history 一起用：迁移矩阵终点的`月份`（取月末），格式 YYYY-MM",
		},
	},
	"kehu regrade": {
		English: "658d750c",
		Short:   "把所有客户的等级、评分、分群和阶段更新到今天（适合用 cron 定时运行）",
		Long: `按今天（KEHU_NOW 或系统日期）一次为所有客户重新评级，并显示有多少客户发生了变动。
距最近购买的天数、阶段（新客、活跃、沉睡、流失）和客户分群会随着日子推移而变化，
五分位的分界点也随之变化。

同时重新拟合购买模型（kehu model），并重新计算每位客户的 p_alive、exp_purchases 和 clv。

每个读取等级的命令（export、tiers、agenda 以及表格）发现账本是按别的日子评级的，都会
先自动做这一步；'kehu regrade' 是专门做这件事，例如用 cron 在每天零点刚过时运行：
  5 0 * * * kehu regrade`,
	},
	"kehu duplicates": {
		English: "d035daf5",
		Short:   "列出疑似重复录入的客户，最有把握的排在前面",
		Long: `列出很可能是同一个人的客户（成对或成组），最有把握的在前，并给出理由和 0 到 100
的可信度：

  phone         去掉 +86、空格和短横线后电话相同
  wechat        微信号相同（不区分大小写）
  email         邮箱相同（不区分大小写）
  name          姓名一字不差
  name_form     去掉空格、括号里的备注和称谓后姓名相同
                （王芳 / 王 芳 / 王芳(老客户) / 王芳女士；王女士仍是王女士）
  similar_name  姓名只差一个字，并且电话、微信或邮箱相同
  company       公司相同，并且姓名相同

共用的电话一定会列出，即使两人姓名不同（可能是一家人共用的电话，这时排得靠后）。
多位客户共用同一个电话、微信或邮箱时列为一组。仅仅姓名相同不算证据。这个命令
不改动任何数据：用 'kehu merge KEEP DROP' 合并一对客户。
无论是否找到重复，退出码都是 0。`,
		Flags: map[string]string{"json": "输出 JSON"},
	},
	"kehu merge": {
		English: "08240cf9",
		Short:   "把客户 DROP 合并到 KEEP：两位客户合成一行",
		Long: `两位客户其实是同一个人时，让 KEEP 成为唯一的一行。KEEP 和 DROP 各是一个编号、
电话或唯一的姓名（见 'kehu duplicates'）。

逐个字段合并，以最近的非空值为准（即最后更新的那位客户），除非用 --prefer 列=keep
或 列=drop 另行指定；两人都有值又不相同时，留下的客户的备注里会写明两个值。标签和
备注都合并。DROP 的消费记录、联系记录、等级历史以及其他所有属于这位客户的记录都移到
KEEP，连同 DROP 的期初数据；KEEP 的累计数据重新计算，并立即重新评级。DROP 移入回收站。
这算一次改动：在表格中撤销（u）可把两位客户原样恢复，重做（ctrl+r）会再次合并。`,
		Flags: map[string]string{
			"prefer": "合并时这一列保留哪一方的值，写成`列=keep` 或 列=drop（可写多次）",
		},
	},
}
