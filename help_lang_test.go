package main

import (
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"
)

// helpSections splits a --help text into its sections by heading: the
// lines under each heading, up to the next blank line.
func helpSections(help string) map[string][]string {
	out := map[string][]string{}
	heading := ""
	for _, line := range strings.Split(help, "\n") {
		switch {
		case line == "":
			heading = ""
		case heading != "":
			out[heading] = append(out[heading], line)
		case !strings.HasPrefix(line, " ") && (strings.HasSuffix(line, ":") || strings.HasSuffix(line, "：")):
			heading = line
		}
	}
	return out
}

// walkHelp runs "kehu … --help" for the root and every command its help
// lists, and theirs in turn, with lang before the command: the output of
// each by command path ("kehu", "kehu completion bash").
func walkHelp(l *ledger, lang []string, commandsHeading string) map[string]string {
	l.t.Helper()
	out := map[string]string{}
	var walk func(path []string)
	walk = func(path []string) {
		help := l.ok(append(append(append([]string{}, lang...), path...), "--help")...)
		out[strings.Join(append([]string{"kehu"}, path...), " ")] = help
		for _, line := range helpSections(help)[commandsHeading] {
			walk(append(slices.Clone(path), strings.Fields(line)[0]))
		}
	}
	walk(nil)
	return out
}

func hasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}

// Every command's --help, found by walking the command lists the binary
// prints, reads Chinese when the interface is Chinese: cobra's headings,
// the description, every command listed and every flag; in English it is
// what it was, and both languages list the same commands.
func TestHelpOfEveryCommandInBothLanguages(t *testing.T) {
	l := newLedger(t)
	zh := walkHelp(l, []string{"--lang", "zh"}, "可用命令：")
	en := walkHelp(l, nil, "Available Commands:")
	paths := func(m map[string]string) []string {
		var out []string
		for p := range m {
			out = append(out, p)
		}
		sort.Strings(out)
		return out
	}
	if !slices.Equal(paths(zh), paths(en)) {
		t.Fatalf("the Chinese help lists commands %q, the English %q", paths(zh), paths(en))
	}
	// cobra's completion commands and kehu's own, with a path of three
	for _, p := range []string{"kehu", "kehu buy", "kehu help", "kehu completion", "kehu completion powershell"} {
		if zh[p] == "" {
			t.Errorf("the walk did not reach %q", p)
		}
	}
	for _, p := range paths(zh) {
		help := zh[p]
		if help == en[p] {
			t.Errorf("%s --help is the same in Chinese as in English", p)
		}
		if !strings.Contains(help, "用法：\n  "+p) {
			t.Errorf("%s --help in Chinese has no 用法： section:\n%s", p, help)
		}
		for _, english := range []string{"Usage:", "Examples:", "Available Commands:", "Flags:", "[flags]", "[command]", "(default", "help for ", "for more information"} {
			if strings.Contains(help, english) {
				t.Errorf("%s --help in Chinese says %q:\n%s", p, english, help)
			}
		}
		if first := strings.SplitN(help, "\n", 2)[0]; !hasHan(first) {
			t.Errorf("%s --help in Chinese starts in English: %q", p, first)
		}
		sections := helpSections(help)
		for _, heading := range []string{"可用命令：", "选项：", "全局选项："} {
			for _, line := range sections[heading] {
				if !hasHan(line) {
					t.Errorf("%s --help in Chinese, under %s: %q has no Chinese", p, heading, line)
				}
			}
		}
		if len(sections["选项："]) == 0 {
			t.Errorf("%s --help in Chinese lists no 选项 (there is always -h, --help):\n%s", p, help)
		}
		if !strings.Contains(en[p], "Usage:\n  "+p) || strings.Contains(en[p], "用法") {
			t.Errorf("%s --help in English:\n%s", p, en[p])
		}
	}

	// The language is known before cobra prints help, however it is chosen.
	want := zh["kehu buy"]
	if got := l.ok("buy", "--lang=zh", "--help"); got != want {
		t.Errorf("kehu buy --lang=zh --help is not the Chinese help:\n%s", got)
	}
	if got := l.ok("--lang", "zh", "help", "buy"); got != want {
		t.Errorf("kehu --lang zh help buy is not the Chinese help:\n%s", got)
	}
	env := l.env
	l.env = slices.DeleteFunc(slices.Clone(env), func(e string) bool { return strings.HasPrefix(e, "KEHU_LANG=") })
	if got := l.ok("buy", "--help"); got != en["kehu buy"] {
		t.Errorf("kehu buy --help without KEHU_LANG or LANG is not the English help:\n%s", got)
	}
	l.env = append(l.env, "LANG=zh_CN.UTF-8")
	if got := l.ok("buy", "--help"); got != want {
		t.Errorf("LANG=zh_CN.UTF-8 kehu buy --help is not the Chinese help:\n%s", got)
	}
	if got := l.ok("--lang", "en", "buy", "--help"); got != en["kehu buy"] {
		t.Errorf("LANG=zh_CN.UTF-8 kehu --lang en buy --help is not the English help:\n%s", got)
	}
	l.env = append(slices.Clone(env), "KEHU_LANG=zh")
	if got := l.ok("buy", "--help"); got != want {
		t.Errorf("KEHU_LANG=zh kehu buy --help is not the Chinese help:\n%s", got)
	}
	l.env = env
}

// The Chinese help, written out by hand: headings, the value of each flag
// named in Chinese, defaults in Chinese, the closing hint; the English
// help as cobra prints it.
func TestHelpTextsByHand(t *testing.T) {
	l := newLedger(t)
	fish := l.ok("--lang", "zh", "completion", "fish", "--help")
	wantFish := `生成 fish 的自动补全脚本。

在当前 shell 会话中加载补全：

	kehu completion fish | source

让以后每个新会话都加载补全，执行一次：

	kehu completion fish > ~/.config/fish/completions/kehu.fish

新开一个 shell 后生效。

用法：
  kehu completion fish [选项]

选项：
  -h, --help              显示 kehu completion fish 的帮助
      --no-descriptions   补全时不显示说明

全局选项：
      --db 文件     账本文件（默认 $KEHU_DB，否则 $XDG_DATA_HOME/kehu/ledger.db）
      --lang 语言   界面语言：zh 或 en（默认 $KEHU_LANG，否则按 LANG 判断）
`
	if fish != wantFish {
		t.Errorf("kehu --lang zh completion fish --help:\n%s\nwant:\n%s", fish, wantFish)
	}
	fishEN := l.ok("completion", "fish", "--help")
	wantFishEN := `Generate the autocompletion script for the fish shell.

To load completions in your current shell session:

	kehu completion fish | source

To load completions for every new session, execute once:

	kehu completion fish > ~/.config/fish/completions/kehu.fish

You will need to start a new shell for this setup to take effect.

Usage:
  kehu completion fish [flags]

Flags:
  -h, --help              help for fish
      --no-descriptions   disable completion descriptions

Global Flags:
      --db string     ledger file (default $KEHU_DB, else $XDG_DATA_HOME/kehu/ledger.db)
      --lang string   interface language: zh or en (default $KEHU_LANG, else from LANG)
`
	if fishEN != wantFishEN {
		t.Errorf("kehu completion fish --help:\n%s\nwant:\n%s", fishEN, wantFishEN)
	}

	root := l.ok("--lang", "zh", "--help")
	for _, w := range []string{
		"\n用法：\n  kehu [选项]\n  kehu [命令]\n\n可用命令：\n",
		"\n  help          查看任一命令的帮助\n",
		"\n选项：\n      --db 文件     账本文件（默认 $KEHU_DB，否则 $XDG_DATA_HOME/kehu/ledger.db）\n  -h, --help        显示 kehu 的帮助\n",
		"\n  -v, --version     显示 kehu 的版本\n\n运行 \"kehu [命令] --help\" 查看命令的详细用法。\n",
	} {
		if !strings.Contains(root, w) {
			t.Errorf("kehu --lang zh --help lacks %q:\n%s", w, root)
		}
	}
	rootEN := l.ok("--help")
	for _, w := range []string{
		"\nUsage:\n  kehu [flags]\n  kehu [command]\n\nAvailable Commands:\n",
		"\n  help          Help about any command\n",
		"\nFlags:\n      --db string     ledger file (default $KEHU_DB, else $XDG_DATA_HOME/kehu/ledger.db)\n  -h, --help          help for kehu\n",
		"\n  -v, --version       version for kehu\n\nUse \"kehu [command] --help\" for more information about a command.\n",
	} {
		if !strings.Contains(rootEN, w) {
			t.Errorf("kehu --help lacks %q:\n%s", w, rootEN)
		}
	}
	demoEN := l.ok("demo", "--help")
	if w := "      --customers int   how many customers to generate (default 300)\n"; !strings.Contains(demoEN, w) {
		t.Errorf("kehu demo --help lacks %q:\n%s", w, demoEN)
	}

	// A usage mistake points at the help of the command that was mistyped,
	// in the words of the help's own closing line.
	l.fails(2, []string{"需要 1 个参数，收到 0 个", "运行 'kehu buy --help' 查看用法。"}, "--lang", "zh", "buy")
	l.fails(2, []string{"unknown flag: --amonut", "Run 'kehu buy --help' for usage."}, "buy", "王芳", "--amonut", "5")
	l.fails(2, []string{"没有这个选项：--nosuch", "运行 'kehu --help' 查看用法。"}, "--lang", "zh", "--nosuch")
}

// What kehu is given from outside a command's flags is refused in the
// interface language too, without the operating system's or Go's words:
// a bad KEHU_NOW, a demo of no customers, a file to import that is missing
// or a folder.
func TestInputMistakesInBothLanguages(t *testing.T) {
	l := newLedger(t)
	dir := t.TempDir()
	missing := dir + "/客户名单.csv"
	env := l.env
	l.env = append(slices.Clone(env), "KEHU_NOW=下周一")
	l.fails(2, []string{`KEHU_NOW: "下周一" is not a date or date-time (write 2026-11-22 or 2026-11-22 10:00:00)`}, "agenda")
	r := l.fails(2, []string{`KEHU_NOW："下周一" 不是日期或日期时间（请写成 2026-11-22 或 2026-11-22 10:00:00）`}, "--lang", "zh", "agenda")
	if strings.Contains(r.err, "is not") {
		t.Errorf("the Chinese message has English in it: %q", r.err)
	}
	l.env = env
	l.fails(2, []string{"--customers must be between 1 and 5000000, got 0"}, "demo", "--customers", "0")
	l.fails(2, []string{"--customers 须在 1 到 5000000 之间（收到 0）", "运行 'kehu demo --help' 查看用法。"}, "--lang", "zh", "demo", "--customers", "0")
	for _, c := range []struct {
		lang, file, want string
	}{
		{"en", missing, missing + " does not exist"},
		{"zh", missing, missing + " 不存在"},
		{"en", dir, dir + " is a folder: give the file to import"},
		{"zh", dir, dir + " 是文件夹，请指定要导入的文件"},
	} {
		r := l.fails(1, []string{c.want}, "--lang", c.lang, "import", c.file)
		for _, raw := range []string{"open ", "no such file", "is a directory", "import:"} {
			if strings.Contains(r.err, raw) {
				t.Errorf("kehu --lang %s import %s: %q shows %q", c.lang, c.file, r.err, raw)
			}
		}
	}
}
