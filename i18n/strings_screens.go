package i18n

// screenStrings are this part's messages.
var screenStrings = map[string][2]string{}
