package i18n

// tuiStrings are the table screen's messages.
var tuiStrings = map[string][2]string{}
