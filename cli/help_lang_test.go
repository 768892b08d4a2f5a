package cli

import (
	"bytes"
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/kehu-app/kehu/i18n"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// helpTree builds kehu's whole command tree, cobra's own commands and
// flags included, with its help in lang.
func helpTree(t *testing.T, lang i18n.Lang) *cobra.Command {
	t.Helper()
	var buf bytes.Buffer
	a := &app{ctx: context.Background(), getenv: func(string) string { return "" }, lang: lang,
		stdin: strings.NewReader(""), stdout: &buf, stderr: &buf, now: time.Now, version: "1.2.3"}
	root := newRootCmd(a)
	root.SetOut(&buf)
	root.SetErr(&buf)
	completeTree(root)
	setHelpLanguage(root, lang)
	return root
}

// ownFlags are the flags c defines itself, by name, without the ones cobra
// adds (-h/--help, -v/--version): those are translated once for all.
func ownFlags(c *cobra.Command) map[string]*pflag.Flag {
	out := map[string]*pflag.Flag{}
	c.LocalFlags().VisitAll(func(f *pflag.Flag) {
		if !isCobraFlag(f, "help") && !isCobraFlag(f, "version") {
			out[f.Name] = f
		}
	})
	return out
}

// englishFingerprint is what CommandHelp.English records: a short hash of
// the command's English Short, Long, Example and flag usages.
func englishFingerprint(c *cobra.Command) string {
	h := fnv.New32a()
	_, _ = io.WriteString(h, c.Short+"\x00"+c.Long+"\x00"+c.Example)
	flags := ownFlags(c)
	names := make([]string, 0, len(flags))
	for n := range flags {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		_, _ = io.WriteString(h, "\x00"+n+"="+flags[n].Usage)
	}
	return fmt.Sprintf("%08x", h.Sum32())
}

// englishRun is four or more English words in a row: a sentence left
// untranslated. Code in the Chinese (kehu completion bash, column keys
// separated by ", ", flags) never has four bare words in a row.
var englishRun = regexp.MustCompile(`[A-Za-z]+(?: [A-Za-z]+){3,}`)

// codeSpan is text quoted as code in a help text ('kehu merge KEEP DROP',
// "grade=A", `DIR`): it stays as typed in both languages.
var codeSpan = regexp.MustCompile("'[^'\n]*'|\"[^\"\n]*\"|`[^`\n]*`")

// exampleComment is the comment of a line of an example: what follows #.
var exampleComment = regexp.MustCompile(`(?m)(^|\s)#.*$`)

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// chineseProblem says what is wrong with zh as the Chinese of english, or "".
func chineseProblem(zh, english string) string {
	switch {
	case zh == english:
		return "is the English"
	case !hasHan(zh):
		return "has no Chinese"
	}
	if m := englishRun.FindString(codeSpan.ReplaceAllString(zh, "")); m != "" {
		return fmt.Sprintf("has English in it: %q", m)
	}
	return ""
}

// Every command kehu has, cobra's included and any added later, has its
// Chinese help in i18n/help_zh_*.go, for every flag it defines, made from
// the English it has today; and nothing there is left over from a command
// or flag that is gone. Each failure says which key to add or change where.
func TestChineseHelpCoversEveryCommandAndFlag(t *testing.T) {
	root := helpTree(t, i18n.EN)
	paths := map[string]bool{}
	eachCommand(root, func(c *cobra.Command) {
		path := c.CommandPath()
		paths[path] = true
		print := englishFingerprint(c)
		zh, ok := i18n.HelpZh(path)
		if !ok {
			t.Errorf("command %q has no Chinese help: add\n\t%q: {Short: \"…\", Long: `…`, Flags: map[string]string{…}, English: %q},\n"+
				"to the map of its kind of command in i18n/help_zh_*.go (or to a new file there, its map listed in helpZhParts in i18n/help_zh.go); English Short: %q",
				path, path, print, c.Short)
			return
		}
		where := helpSource(t, path)
		if zh.Short == "" {
			t.Errorf("%q: add the Chinese of Short %q to its entry in %s", path, c.Short, where)
		}
		if c.Long != "" && zh.Long == "" {
			t.Errorf("%q: add the Chinese of its Long text to its entry in %s", path, where)
		}
		if exampleComment.FindString(c.Example) != "" && englishRun.MatchString(strings.Join(exampleComment.FindAllString(c.Example, -1), "\n")) && zh.Example == "" {
			t.Errorf("%q: its examples have comments in English: add Example (the same commands, comments in Chinese) to its entry in %s", path, where)
		}
		if zh.Example != "" && exampleComment.ReplaceAllString(zh.Example, "") != exampleComment.ReplaceAllString(c.Example, "") {
			t.Errorf("%q: its Chinese Example must keep the English commands exactly and change only the # comments\nEnglish:\n%s\nChinese:\n%s", path, c.Example, zh.Example)
		}
		flags := ownFlags(c)
		for name, f := range flags {
			if zh.Flags[name] == "" {
				t.Errorf("%q: flag --%s has no Chinese: add %q: \"…\" to the Flags of %q in %s (English: %q)", path, name, name, path, where, f.Usage)
			}
		}
		for name := range zh.Flags {
			if flags[name] == nil {
				t.Errorf("%q has no flag --%s any more: remove %q from its Flags in %s", path, name, name, where)
			}
		}
		if zh.English != print {
			t.Errorf("%q: its English help changed since it was translated (fingerprint %s, the Chinese was made from %q): bring its Chinese in %s up to date with the English, then set English: %q",
				path, print, zh.English, where, print)
		}
	})
	for _, p := range i18n.HelpZhPaths() {
		if !paths[p] {
			t.Errorf("%s has Chinese help for %q, which is not a command: remove it (or rename it to the command's new path)", helpSource(t, p), p)
		}
	}
}

// helpSource names the file of package i18n that holds the Chinese help of
// the command at path, so a failure says where to edit.
func helpSource(t *testing.T, path string) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "i18n", "help_zh*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(strconv.Quote(path)+": {")) {
			return "i18n/" + filepath.Base(f)
		}
	}
	return "i18n/help_zh_*.go"
}

// In Chinese, every description, long text, example comment and flag
// usage kehu's --help shows is Chinese: not the English, with Chinese in
// it, and no English sentence.
func TestChineseHelpTextIsChinese(t *testing.T) {
	english := map[string]*cobra.Command{}
	eachCommand(helpTree(t, i18n.EN), func(c *cobra.Command) { english[c.CommandPath()] = c })
	eachCommand(helpTree(t, i18n.ZH), func(c *cobra.Command) {
		path := c.CommandPath()
		en := english[path]
		if en == nil {
			t.Fatalf("%q is in the Chinese tree but not the English one", path)
		}
		check := func(what, zh, english string) {
			if p := chineseProblem(zh, english); p != "" {
				t.Errorf("%s of %q %s: %q", what, path, p, zh)
			}
		}
		check("Short", c.Short, en.Short)
		if en.Long != "" {
			check("Long", c.Long, en.Long)
		}
		if m := englishRun.FindString(strings.Join(exampleComment.FindAllString(c.Example, -1), "\n")); m != "" {
			t.Errorf("an example comment of %q has English in it: %q", path, m)
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			check("flag --"+f.Name, f.Usage, en.LocalFlags().Lookup(f.Name).Usage)
		})
	})
}

// The Chinese usage text: Chinese headings, the value of each flag named
// in Chinese, defaults in Chinese, descriptions aligned by display width.
func TestChineseUsageText(t *testing.T) {
	root := helpTree(t, i18n.ZH)
	var out bytes.Buffer
	root.SetOut(&out)
	demo, _, err := root.Find([]string{"demo"})
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Help(); err != nil {
		t.Fatal(err)
	}
	usage := out.String()[strings.Index(out.String(), "用法："):]
	want := `用法：
  kehu demo [选项]

示例：
  kehu demo
  kehu demo --customers 20000 --seed 7
  kehu --db /tmp/big.db demo --customers 1000000

选项：
      --customers 数字   生成多少位客户（默认 300）
      --force            账本里已有客户时也写入示例数据
  -h, --help             显示 kehu demo 的帮助
      --seed 种子        随机种子，种子相同则生成的店铺也相同（默认 1）

全局选项：
      --db 文件     账本文件（默认 $KEHU_DB，否则 $XDG_DATA_HOME/kehu/ledger.db）
      --lang 语言   界面语言：zh 或 en（默认 $KEHU_LANG，否则按 LANG 判断）
`
	if usage != want {
		t.Errorf("kehu demo --help in Chinese:\n%s\nwant:\n%s", usage, want)
	}

	out.Reset()
	if err := root.Usage(); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"用法：\n  kehu [选项]\n  kehu [命令]\n\n可用命令：\n  account-rules ",
		"\n  help          查看任一命令的帮助\n",
		"\n  -v, --version     显示 kehu 的版本\n",
		"\n\n运行 \"kehu [命令] --help\" 查看命令的详细用法。\n"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("kehu's usage in Chinese lacks %q:\n%s", w, out.String())
		}
	}
}

// --lang is known before cobra prints help, which runs no hook: the last
// valid one wins, "--" ends the flags, and a bad value is left to the flag.
func TestLangInArgs(t *testing.T) {
	for _, c := range []struct {
		args []string
		want i18n.Lang
		ok   bool
	}{
		{[]string{"--lang", "zh", "buy", "--help"}, i18n.ZH, true},
		{[]string{"buy", "--lang=zh_CN.UTF-8", "--help"}, i18n.ZH, true},
		{[]string{"--lang", "zh", "--lang=en", "--help"}, i18n.EN, true},
		{[]string{"--lang", "fr", "--help"}, "", false},
		{[]string{"add", "--", "--lang", "zh"}, "", false},
		{[]string{"--help", "--lang"}, "", false},
		{[]string{"--language=zh", "--help"}, "", false},
	} {
		got, ok := langInArgs(c.args)
		if got != c.want || ok != c.ok {
			t.Errorf("langInArgs(%q) = %q, %v; want %q, %v", c.args, got, ok, c.want, c.ok)
		}
	}
}
