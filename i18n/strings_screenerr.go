package i18n

// screenErrStrings are the ledger failures the screens can meet that are
// not SQLite's own: a ledger used after it was closed.
var screenErrStrings = map[string][2]string{
	"db.closed": {"the ledger is closed; nothing was read or changed — start kehu again", "账本已关闭，未读取也未改动任何内容——请重新启动 kehu"},
}
