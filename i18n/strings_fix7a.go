package i18n

// fix7aStrings are the table's everyday messages: a computed cell that
// will not take typing, and where a deleted customer went.
var fix7aStrings = map[string][2]string{
	"tui.msg.readonlyheld": {"%s is computed and cannot be edited — typing is ignored; Esc or an arrow key goes on", "%s 是计算得出的，不能编辑 — 输入的字符不会执行；按 Esc 或方向键继续"},
	"tui.msg.trashed":      {"moved %s to the trash — u brings them back", "已将 %s 移入回收站 — 按 u 恢复"},
}
