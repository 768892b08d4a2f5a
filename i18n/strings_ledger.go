package i18n

// ledgerStrings tell what went wrong with the ledger file itself (locks,
// damage, permissions, disk space) and with writing the output, always
// saying whether anything was changed.
var ledgerStrings = map[string][2]string{
	"db.busy":         {"the ledger is busy (another kehu is writing); nothing was changed — try again", "账本正被另一个 kehu 写入，本次未做任何改动——请稍后再试"},
	"db.damaged":      {"%s is damaged (SQLite's integrity check failed); it was left untouched — restore a backup", "%s 已损坏（SQLite 完整性检查未通过），文件未被改动——请用备份恢复"},
	"db.unreadable":   {"could not read %s just now, though it passes SQLite's integrity check; nothing was changed — try again", "暂时无法读取 %s（完整性检查通过，账本未损坏），本次未做任何改动——请再试一次"},
	"db.readonly":     {"%s cannot be written (the file or its folder is read-only); nothing was changed", "%s 无法写入（文件或所在文件夹是只读的），本次未做任何改动"},
	"db.readonly.old": {"%s was written by an older kehu and must be upgraded, but it is read-only; make it writable and run kehu once", "%s 由旧版 kehu 写入，需要升级，但它是只读的；请让它可写后再运行一次 kehu"},
	"db.full":         {"the disk holding %s is full; nothing was changed — free some space and try again", "%s 所在的磁盘已满，本次未做任何改动——请腾出空间后重试"},
	"db.fsizelimit":   {"%s reached the file-size limit of this session (ulimit -f); nothing was changed", "%s 已达到本会话的文件大小上限（ulimit -f），本次未做任何改动"},
	"db.io":           {"the disk failed to read or write %s; nothing was changed — check the disk and try again", "读写 %s 时磁盘出错，本次未做任何改动——请检查磁盘后重试"},
	"db.cantopen":     {"cannot open the ledger %s (missing folder or no permission)", "无法打开账本 %s（文件夹不存在或没有权限）"},
	"db.cantcreate":   {"cannot create the ledger %s (no permission or no space in that folder)", "无法创建账本 %s（该文件夹没有权限或没有空间）"},
	"db.missing":      {"no ledger at %s — check --db or KEHU_DB (kehu add, import or demo creates one)", "%s 没有账本——请检查 --db 或 KEHU_DB（kehu add、import 或 demo 会新建账本）"},
	"db.created":      {"kehu: created a new ledger at %s", "kehu：已新建账本 %s"},
	"db.toobig":       {"a value is too large to store in the ledger; nothing was changed", "有一个值太大，账本无法保存，本次未做任何改动"},
	"db.toomanycols":  {"too many columns: the ledger holds at most %d; nothing was changed", "列太多：账本最多容纳 %d 列，本次未做任何改动"},
	"db.nomem":        {"out of memory while using the ledger; nothing was changed", "使用账本时内存不足，本次未做任何改动"},
	"db.interrupted":  {"stopped before finishing; nothing was changed", "操作在完成前被中止，本次未做任何改动"},
	"db.internal":     {"the ledger refused the operation (SQLite code %d); nothing was changed", "账本拒绝了本次操作（SQLite 代码 %d），本次未做任何改动"},
	"out.full":        {"could not write the output: the disk is full", "无法写出结果：磁盘已满"},
	"out.fsizelimit":  {"could not write the output: the file-size limit (ulimit -f) was reached", "无法写出结果：已达到文件大小上限（ulimit -f）"},
	"out.failed":      {"could not write the output (%s)", "无法写出结果（%s）"},
}
