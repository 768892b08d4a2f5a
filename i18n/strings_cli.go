package i18n

// cliStrings are the command line's messages.
var cliStrings = map[string][2]string{}
