package i18n

// fileHelpZh is the Chinese help of the commands that move customers or
// the whole ledger in and out of files: export, import, backup, restore.
var fileHelpZh = map[string]CommandHelp{
	"kehu export": {
		English: "5ed5f36d",
		Short:   "把客户（一个视图）导出为 CSV 或 XLSX",
		Long: `把客户写成 CSV 或 XLSX：默认是所有未删除的客户和默认的列，也可以是一个已保存的
视图（--view 名称；--view @last 是表格上次关闭时显示的视图），再用 --where 筛选（与
表格中 f 键相同的筛选写法；bought~龙井 只留下买过名称含“龙井”的商品的客户），用
--sort 排序，并只保留 --columns 列出的列。

CSV（默认格式）为 UTF-8、RFC 4180，金额写成普通小数（1234.50），日期写成
2026-11-22；--bom 加上 Excel 和 WPS 正确显示中文所需的字节顺序标记（BOM）。
电子表格会当作公式执行的单元格，前面会加一个 '。
XLSX 的单元格带类型（数字、金额、日期），表头冻结并带筛选，按等级着色，另有消费、
联系和分级工作表，内容是视图中这些客户的记录；还有一张全部客户的分层对比工作表（每个
等级一行：窗口内消费、购买次数、距上次购买、客户时长、阶段、投诉）：带 --where 时它名为
“分层对比（全部客户）”，下方注明导出了多少位，各等级仍并列，供与导出的客户对照。
一张 Excel 工作表最多放 1,048,575 位客户：更大的视图会被拒绝。

等级、评分、客户分群和阶段都按今天（KEHU_NOW 或系统日期）计算：账本上次是按别的
日子评级的，或上次完整评级之后有过改动（购买按已存的分位切点评级），会先重新评级。
如果无法重新评级（账本只读、另一个 kehu 写入超过一秒、磁盘已满），就按现有等级导出，
并在标准错误输出（stderr）上说明原因。

文件先以临时名写在目标旁边（0600），写完再改名，所以读取的一方不会看到只写了一半的
文件，导出失败或被中断时旧文件保持原样。只写普通文件：--out 指向文件夹、设备、
FIFO 或套接字时会被拒绝；符号链接会被跟随。输出到终端时，数据里的控制字符显示为
转义形式（\x1b）；输出到文件或管道时数据原样不变。
--out 里的 {date} 会换成今天的日期，方便每晚导出。

列键：id, grade, score, segment, stage, name, phone, email, wechat,
company, industry, kind, source, tags, potential, total_spend, purchases,
last_purchase, last_contact, next_follow_up, notes, address, birthday,
gender, needs, pinned, created_at, updated_at，以及每个自定义列的键。`,
		Example: `  kehu export --out customers.xlsx
  kehu export --where "grade=A,B" --sort total_spend:desc --columns name,phone,total_spend --bom --out vip.csv
  kehu export --view 沉睡客户 --header keys > dormant.csv
  # 用 cron 每晚导出 CSV（crontab -e）：
  # 30 2 * * * kehu export --bom --out "$HOME/backup/kehu-{date}.csv"`,
		Flags: map[string]string{
			"format":   "导出`格式`：csv 或 xlsx（默认按 --out 的扩展名，否则 csv）",
			"out":      "输出`文件`，- 表示标准输出；{date} 会换成今天的日期",
			"view":     "已保存的`视图`（@last：表格上次关闭时显示的视图）",
			"where":    "筛选`条件`，如 \"grade=A spend>1000 tag:vip bought~龙井\"",
			"sort":     "排序的`列`，如 total_spend:desc（多列：a,b:desc）",
			"columns":  "按顺序列出要导出的`列`，如 name,phone,grade,total_spend",
			"header":   "`表头`：labels（按 --lang 的列名）或 keys（列键）",
			"bom":      "CSV 开头加上 UTF-8 BOM（供 Excel/WPS 识别中文）",
			"progress": "在标准错误输出上显示进度（默认：它是终端时显示）",
		},
	},
	"kehu import": {
		English: "f00eb82d",
		Short:   "从 CSV 或 XLSX 表格导入客户",
		Long: `从 FILE 导入客户。FILE 可以是 CSV（UTF-8，带不带 BOM 都行，也可以是中文 Windows
版 Excel 保存的 GBK/GB18030），也可以是 XLSX 工作簿。

表头按列键、中英文列名和常见叫法对应（客户名称、联系方式、手机、备注、最近购买日期、
消费金额、购买次数……）；--map 列=字段 指定某一列导入到哪个字段（字段写 "-" 表示
跳过这一列）。每个值的检查和 kehu 其他地方一样；"-"、"—" 和空单元格都算空。kehu
不认识的列会成为自定义列——什么都不会丢；手填的等级或类型列会保留在 kehu 计算出的
那一列旁边。累计消费、购买次数和最近购买日期会成为客户的期初数据，所以从第一天起
等级就是有意义的。积分、储值余额和欠款（积分、余额、储值、欠款、points、balance、
stored value、credit owed……）会成为文件新增的每位客户的期初账户流水，每个不为零的
账户一笔；积分须为整数，金额须不小于 0，否则该行被拒绝。账本中已有的客户不会再记
一笔期初：表中余额与账本不同时会列出来，账本保持原样。

一个 CSV 只按一种编码读取：UTF-8 和 GBK 的行混在一起的文件会被拒绝，并指出是哪些行。
文本中含控制字符（转义序列、NUL）的行会被拒绝。解压后超过 4 GB 或超过自身大小 100
倍的工作簿、超过 1 MB 的单元格、超过 1 MB 的行、超过 16,384 列的表格都会被拒绝。

没通过检查的行连同原因写入 FILE.rejects.csv，kehu 以退出码 3 结束；合格的行一次
全部导入。电话（没有电话时看姓名加公司）与已有客户相同的行会更新那位客户：同一个
文件导入两次不会多出客户。--dry-run 只报告，不写入任何内容；它还会列出看起来与已有
客户重复、或彼此重复的行（微信或邮箱相同、姓名写法不同：见 'kehu duplicates'）。
--merge-duplicates 会把电话（忽略 +86、空格和横线）、微信号或邮箱与账本中已有客户
相同的行并入那位客户，而不是新增；只是姓名相似的行仍会新增，并由 --dry-run 列出，
绝不会在未经确认的情况下合并。

--purchases 则把 FILE 当作收银系统导出的销售流水，每行一笔销售：日期（可带时间）、
客户（电话、会员卡号、#编号或唯一的姓名）、金额，以及可选的商品、数量和单号（日期、
客户、手机、会员卡号、金额、实收、商品、数量、单号……）。找不到的客户会被新增
（--no-create 则拒绝这些销售）。一笔销售按单号加商品识别，没有单号时按客户、时间、
金额和商品识别：同一份流水再导入一次不会多出任何记录。每笔销售像现金消费一样累积会员
积分（按客户等级的每元积分，记在销售当天，从那天起计算有效期）；退款会扣回积分。`,
		Flags: map[string]string{
			"sheet":            "要读取的 XLSX `工作表`（默认：Customers/客户，否则第一张）",
			"map":              "把文件中的某一列导入到某个字段，写成`列=字段`（字段写 - 表示跳过这一列；可写多次）",
			"dry-run":          "全部检查并报告，但不写入",
			"merge-duplicates": "电话、微信或邮箱与账本中已有客户相同的行并入那位客户",
			"progress":         "在标准错误输出上显示进度（默认：它是终端时显示）",
			"purchases":        "FILE 是销售流水，每行一笔销售，记为消费记录",
			"no-create":        "与 --purchases 一起用：账本中没有的客户，其销售被拒绝而不是新增客户",
		},
	},
	"kehu backup": {
		English: "dd94eb3d",
		Short:   "立即为账本做一份快照，存到备份文件夹或 FILE；--list 列出已有快照",
		Long: `立即为账本写一份完整一致的快照（表格开着、导入正在进行时也安全：快照里是导入
开始前的账本）。每份快照从第一个字节起就只有本人可读（0600），写完后会校验（SQLite
对每一页的快速检查，以及客户数和消费笔数与账本一致），校验不通过就删掉。

不写 FILE 时，快照存到备份文件夹 $XDG_STATE_HOME/kehu/backups
（~/.local/state/kehu/backups），或用 --set-folder 设定的文件夹。表格或会写入账本的
命令每天第一次打开账本时，kehu 也会自动在那里存一份快照，并保留 7 份每日、4 份
每周和 12 份每月的快照，更早的会删掉。

写了 FILE 就存到那里；FILE 必须还不存在，也不能是账本本身。
--list 列出账本的快照，以及日期、大小和客户数。
--set-folder 目录 让这个账本以后的快照都存到该目录（记在账本的设置里；
--set-folder "" 恢复默认位置）。
用 kehu restore 可以把快照恢复回来。`,
		Flags: map[string]string{
			"list":       "列出账本的快照：日期、大小、客户数",
			"json":       "与 --list 一起用：输出 JSON",
			"set-folder": "从现在起把这个账本的快照存到该`目录`（\"\" 表示默认位置）",
		},
	},
	"kehu restore": {
		English: "71df4940",
		Short:   "用快照或备份文件替换账本，当前账本先另存为快照",
		Long: `先检查 FILE 是不是完整的 kehu 账本（它的标记、它的结构，以及 SQLite 的完整性
检查），把其中的内容与当前账本并排显示，继续之前先询问（脚本中用 --yes 代替回答；
没有终端又没有 --yes 时什么都不做）。当前账本先作为快照存到备份文件夹（不会被自动
删除），再一次性替换：恢复被中断时，当前账本保持原样。旧版 kehu 的账本会升级到这个
版本的结构；指定的文件只读取，不改动。

SNAPSHOT 是 kehu backup --list 列出的文件名（可以不写文件夹），也可以是任何路径，
例如 kehu backup FILE 或 litestream restore 写出的文件。另一个 kehu（表格或某个
命令）正打开着账本时拒绝恢复。`,
		Flags: map[string]string{"yes": "不询问，直接确认"},
	},
}
