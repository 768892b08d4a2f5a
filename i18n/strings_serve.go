package i18n

// serveStrings are the messages of kehu serve (the table over SSH) and of
// the staff's keys.
var serveStrings = map[string][2]string{
	// staff keys
	"serve.key.read":    {"cannot read the public key file %s", "无法读取公钥文件 %s"},
	"serve.key.bad":     {"%s line %d is not an SSH public key (give the .pub file, one line like: ssh-ed25519 AAAA… name@computer)", "%s 第 %d 行不是 SSH 公钥（请给 .pub 文件，一行，形如：ssh-ed25519 AAAA… 名字@电脑）"},
	"serve.key.none":    {"%s holds no SSH public key", "%s 里没有 SSH 公钥"},
	"staff.key.taken":   {"the key %s is already %s's: one key names one person", "密钥 %s 已属于 %s：一把密钥只能对应一个人"},
	"staff.keys.added":  {"%s can now connect with %d more key(s)", "%s 现在可以多用 %d 把密钥连接"},
	"staff.revoked":     {"%s can no longer connect to kehu serve (%d key(s) taken away); their customers stay theirs", "%s 已不能再连接 kehu serve（收回 %d 把密钥）；其负责的客户不变"},
	"staff.keyline":     {"    key %s %s", "    密钥 %s %s"},
	"staff.langline":    {"    table language: %s", "    表格语言：%s"},
	"staff.key.needone": {"give at least one --key FILE.pub", "请至少给一个 --key 文件.pub"},

	// host key
	"serve.hostkey.read":  {"cannot read the host key %s", "无法读取主机密钥 %s"},
	"serve.hostkey.bad":   {"%s is not an SSH private key: move it away and kehu serve makes a new one", "%s 不是 SSH 私钥：请把它移走，kehu serve 会新建一把"},
	"serve.hostkey.open":  {"the host key %s can be read by others (mode %s): make it the owner's only with chmod 600 %[1]s", "主机密钥 %s 其他人也能读（权限 %s）：请用 chmod 600 %[1]s 改为仅所有者可读"},
	"serve.hostkey.write": {"cannot write the host key %s", "无法写入主机密钥 %s"},
	"serve.max.bad":       {"--max-sessions must be between 1 and %[2]d (got %[1]d)", "--max-sessions 须在 1 到 %[2]d 之间（现为 %[1]d）"},
	"serve.listen":        {"cannot listen on %s (another program on that port? another address with --listen)", "无法在 %s 上监听（端口被其他程序占用？可用 --listen 换地址）"},

	// on the operator's terminal
	"serve.started":      {"kehu serve: listening on %s for %s", "kehu serve：在 %s 上监听，账本 %s"},
	"serve.hostkey":      {"host key %s (%s): staff see this fingerprint the first time they connect", "主机密钥 %s（%s）：员工第一次连接时会看到这个指纹"},
	"serve.howto":        {"staff connect with: ssh -p %s kehu@%s", "员工连接方式：ssh -p %s kehu@%s"},
	"serve.public":       {"listening beyond this computer (%s): anyone on the network can try to connect, only staff keys get in", "在本机以外监听（%s）：网络上任何人都能尝试连接，只有员工的密钥能进入"},
	"serve.nokeys":       {"no staff member has a key yet, so nobody can connect: kehu staff add NAME --key FILE.pub", "还没有员工登记密钥，所以谁也连不上：kehu staff add 姓名 --key 文件.pub"},
	"serve.log.refused":  {"refused key %s (user %q, from %s): not on the staff list", "拒绝密钥 %s（用户名 %q，来自 %s）：不在员工名单中"},
	"serve.log.keyerr":   {"could not check key %s: %s", "无法检查密钥 %s：%s"},
	"serve.log.joined":   {"%s connected from %s (session %s)", "%s 从 %s 连接（会话 %s）"},
	"serve.log.left":     {"%s from %s left (session %s)", "%s（%s）已断开（会话 %s）"},
	"serve.log.full":     {"%s from %s turned away: all %d sessions in use", "%s（%s）被拒：%d 个会话已满"},
	"serve.log.idle":     {"%s closed for being idle (session %s)", "%s 因空闲被关闭（会话 %s）"},
	"serve.log.watch":    {"cannot watch the ledger for changes: %s", "无法监视账本的变化：%s"},
	"serve.log.stopping": {"stopping: no new connections; %d session(s) told, closed in %s", "正在停止：不再接受连接；已通知 %d 个会话，%s 后关闭"},
	"serve.log.stopped":  {"stopped: every session closed, every write committed", "已停止：所有会话已关闭，所有写入已提交"},

	// in a session
	"serve.notty":                 {"kehu serve shows a table: connect with a terminal (ssh -t)", "kehu serve 显示的是表格：请用终端连接（ssh -t）"},
	"serve.gone":                  {"this key is no longer on kehu's staff list", "这把密钥已不在 kehu 的员工名单中"},
	"serve.full":                  {"kehu is busy: all %d sessions are in use. Try again in a moment, or ask the owner to raise --max-sessions.", "kehu 正忙：%d 个会话都在使用中。请稍后再试，或请店主调高 --max-sessions。"},
	"serve.stopping.refuse":       {"kehu serve is stopping; connect again in a moment", "kehu serve 正在停止；请稍后再连接"},
	"serve.stopping":              {"kehu serve is stopping: this session closes in %s. Press Enter to save what you are typing.", "kehu serve 正在停止：本会话 %s 后关闭。正在输入的内容请按 Enter 保存。"},
	"serve.stopped":               {"kehu serve stopped. Everything you saved is in the ledger.", "kehu serve 已停止。你保存的内容都已写入账本。"},
	"serve.idle":                  {"closed after %s without a key. Connect again to go on.", "%s 无操作，已关闭。重新连接即可继续。"},
	"serve.overwritten":           {"%s changed %s of %s after you: their value stands (u undoes only your own changes)", "%s 在你之后修改了 %[3]s 的%[2]s：以对方的为准（u 只撤销你自己的修改）"},
	"serve.someone":               {"a command", "命令行"},
	"undo.overwritten":            {"%s of #%d was changed by %s after your change: their value stands, so nothing was undone", "#%[2]d 的%[1]s在你之后被 %[3]s 改过：以对方的为准，未撤销"},
	"undo.overwritten.cli":        {"%s of #%d was changed by a command after your change: that value stands, so nothing was undone", "#%[2]d 的%[1]s在你之后被命令行改过：以那次修改为准，未撤销"},
	"detail.changes":              {"Changes (%d latest)", "修改记录（最近 %d 条）"},
	"detail.undone":               {"(undone)", "（已撤销）"},
	"detail.op.customers.add":     {"added", "新增"},
	"detail.op.customers.delete":  {"moved to the trash", "移入回收站"},
	"detail.op.customers.restore": {"brought back from the trash", "从回收站恢复"},
	"detail.op.customers.import":  {"imported", "导入"},
	"detail.op.customers.merge":   {"merged with a duplicate", "与重复客户合并"},
	"detail.by":                   {"by %s", "%s 操作"},
}
