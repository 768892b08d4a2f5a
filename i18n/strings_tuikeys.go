package i18n

// tuiKeyStrings describe the keys of the screens over the table.
var tuiKeyStrings = map[string][2]string{
	"tui.key.first":  {"first", "第一项"},
	"tui.key.last":   {"last", "最后一项"},
	"tui.key.back":   {"back", "返回"},
	"tui.help.this":  {"This screen", "本画面"},
	"tui.help.field": {"Editing a field", "编辑字段时"},
}
