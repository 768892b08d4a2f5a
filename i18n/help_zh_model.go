package i18n

// modelHelpZh is the Chinese help of the purchase-model command.
var modelHelpZh = map[string]CommandHelp{
	"kehu model": {
		English: "73eda35c",
		Short:   "拟合购买模型并显示参数，或用检验期核对预测",
		Long: `用每位客户截至今天的带日期购买记录，拟合估计客户仍活跃的可能性和预计购买次数的模型
（BG/NBD；规则中选了 MBG/NBD 时用 MBG/NBD）以及消费模型（Gamma-Gamma），显示参数、
对数似然、所用客户数和拟合用时。时间以天为单位：alpha 的单位是天。

每次按新的一天重新分级时都会做同样的拟合并保存；p_alive（仍活跃概率）、
exp_purchases（未来 90 天或规则所定天数内的预计购买次数）和 clv（折现后的 12 个月客户价值）
三列在每次读取时按今天由它算出。BG/NBD 按其构造把只买过一次的客户当作仍活跃，所以这类客户的 p_alive 留空，
由阶段规则判断。

加 --calibration-end 日期 时，只用该日期及之前的购买拟合，再把之后直到今天（或 --horizon
天）每位客户的预计购买次数与实际购买次数对比：给出合计，并按该日期前的复购次数
（0、1、……、7+）分组，以表格和图表显示。不会写入账本。`,
		Flags: map[string]string{
			"calibration-end": "只用截至`日期`的购买拟合，并用之后的日子检验预测",
			"horizon":         "预计购买的`天数`（默认按规则为 90）；与 --calibration-end 一起时为检验期长度",
			"json":            "输出 JSON",
		},
	},
}
