package i18n

import "sort"

// CommandHelp is what --help prints for one command, in Chinese. The
// English stays where each command is defined (cobra's Short, Long, Example
// and each flag's usage); the command line swaps these in when the
// interface language is Chinese.
type CommandHelp struct {
	Short string
	Long  string
	// Example is only needed when the English examples carry comments
	// (# …) to translate; empty keeps the English examples, which are
	// commands to type and read the same in both languages.
	Example string
	// Flags maps a flag's name (without "--") to its usage. A word in
	// backquotes names the flag's value in the usage line, as in pflag:
	// "消费`金额`" prints "--amount 金额   消费金额".
	Flags map[string]string
	// English is the fingerprint of the English this translates (its
	// Short, Long, Example and flag usages). The help test fails when the
	// English changes, printing the new fingerprint, so the Chinese is
	// brought up to date with it rather than left saying something else.
	English string
}

// helpZhParts are the Chinese help tables, one per group of commands, each
// command path in exactly one.
var helpZhParts = []map[string]CommandHelp{cobraHelpZh, entryHelpZh, reportHelpZh, fileHelpZh, policyHelpZh, modelHelpZh, accountHelpZh, serveHelpZh}

// helpZh is every command's Chinese help by command path ("kehu buy").
var helpZh = mergeHelp(helpZhParts...)

func mergeHelp(parts ...map[string]CommandHelp) map[string]CommandHelp {
	out := make(map[string]CommandHelp)
	for _, p := range parts {
		for k, v := range p {
			out[k] = v
		}
	}
	return out
}

// HelpZh returns the Chinese help of the command at path, as cobra names
// it ("kehu", "kehu buy", "kehu completion bash").
func HelpZh(path string) (CommandHelp, bool) {
	h, ok := helpZh[path]
	return h, ok
}

// HelpZhPaths lists the command paths that have Chinese help, sorted (so a
// test can find entries for commands that no longer exist).
func HelpZhPaths() []string {
	out := make([]string, 0, len(helpZh))
	for k := range helpZh {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// HelpHeadings are the fixed words of a usage text around the commands'
// own: section headings, placeholders and the help cobra generates itself.
type HelpHeadings struct {
	Usage, Aliases, Examples, Commands, MoreCommands, Flags, GlobalFlags, HelpTopics string
	// MoreHelp closes a usage text with subcommands; %s is the command path.
	MoreHelp string
	// FlagsArg and CommandArg replace cobra's "[flags]" and "[command]".
	FlagsArg, CommandArg string
	// HelpFlag and VersionFlag are the usage of -h/--help and -v/--version;
	// %s is the command path.
	HelpFlag, VersionFlag string
	// Default follows a flag's usage when its default is not the zero
	// value; %s is the default.
	Default string
	// TextValue, NumberValue, DurationValue and OtherValue name a flag's
	// value after it ("--amount 文本") when its usage does not name it.
	TextValue, NumberValue, DurationValue, OtherValue string
}

// HelpHeadingsZh returns the headings of a Chinese usage text. Flags are
// 选项 and positional arguments 参数, as in the usage error messages
// (cli.usage.*), so "没有这个选项：--x" points at the 选项 section.
func HelpHeadingsZh() HelpHeadings {
	return HelpHeadings{
		Usage:         "用法：",
		Aliases:       "别名：",
		Examples:      "示例：",
		Commands:      "可用命令：",
		MoreCommands:  "其他命令：",
		Flags:         "选项：",
		GlobalFlags:   "全局选项：",
		HelpTopics:    "其他帮助主题：",
		MoreHelp:      `运行 "%s [命令] --help" 查看命令的详细用法。`,
		FlagsArg:      "[选项]",
		CommandArg:    "[命令]",
		HelpFlag:      "显示 %s 的帮助",
		VersionFlag:   "显示 %s 的版本",
		Default:       "（默认 %s）",
		TextValue:     "文本",
		NumberValue:   "数字",
		DurationValue: "时长",
		OtherValue:    "值",
	}
}
