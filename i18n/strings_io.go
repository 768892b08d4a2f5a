package i18n

// ioStrings are this part's messages.
var ioStrings = map[string][2]string{}
