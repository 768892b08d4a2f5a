package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/i18n"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// setHelpLanguage makes what cobra prints for --help, help and usage read
// in l: each command's description, examples and flags, cobra's own help
// and completion commands and -h/--help and -v/--version flags, and the
// headings around them. English is the commands' own text and cobra's
// layout, so for English nothing is touched. A command or flag missing
// from the Chinese help keeps its English rather than printing nothing.
//
// It runs on the finished tree, after the output streams are set: cobra's
// completion commands keep the output stream they see when created.
func setHelpLanguage(root *cobra.Command, l i18n.Lang) {
	if l != i18n.ZH {
		return
	}
	h := i18n.HelpHeadingsZh()
	completeTree(root)
	eachCommand(root, func(c *cobra.Command) {
		zh, ok := i18n.HelpZh(c.CommandPath())
		if ok {
			c.Short = orKeep(zh.Short, c.Short)
			c.Long = orKeep(zh.Long, c.Long)
			c.Example = orKeep(zh.Example, c.Example)
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			switch {
			case isCobraFlag(f, "help"):
				f.Usage = fmt.Sprintf(h.HelpFlag, c.CommandPath())
			case isCobraFlag(f, "version"):
				f.Usage = fmt.Sprintf(h.VersionFlag, c.CommandPath())
			case ok && zh.Flags[f.Name] != "":
				setFlagUsage(f, zh.Flags[f.Name])
			}
		})
	})
	root.SetUsageFunc(func(c *cobra.Command) error { return writeUsage(c.OutOrStderr(), c, h) })
}

// completeTree adds to root what cobra adds only as it executes: its help
// and completion commands and each command's -h/--help and -v/--version
// flags, so that their text can be replaced. Each call does nothing where
// they are already there.
func completeTree(root *cobra.Command) {
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	root.InitDefaultVersionFlag()
	eachCommand(root, func(c *cobra.Command) { c.InitDefaultHelpFlag() })
}

// eachCommand calls fn for root and every command below it.
func eachCommand(root *cobra.Command, fn func(*cobra.Command)) {
	fn(root)
	for _, c := range root.Commands() {
		eachCommand(c, fn)
	}
}

// isCobraFlag reports whether f is the flag cobra added by itself as name.
func isCobraFlag(f *pflag.Flag, name string) bool {
	_, byCobra := f.Annotations[cobra.FlagSetByCobraAnnotation]
	return f.Name == name && byCobra
}

func orKeep(text, english string) string {
	if text == "" {
		return english
	}
	return text
}

// writeUsage is cobra's usage text (its default usage function, section by
// section) with the headings h.
func writeUsage(w io.Writer, c *cobra.Command, h i18n.HelpHeadings) error {
	var b strings.Builder
	b.WriteString(h.Usage)
	if c.Runnable() {
		fmt.Fprintf(&b, "\n  %s", strings.NewReplacer("[flags]", h.FlagsArg, "[command]", h.CommandArg).Replace(c.UseLine()))
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(&b, "\n  %s %s", c.CommandPath(), h.CommandArg)
	}
	if len(c.Aliases) > 0 {
		fmt.Fprintf(&b, "\n\n%s\n  %s", h.Aliases, c.NameAndAliases())
	}
	if c.HasExample() {
		fmt.Fprintf(&b, "\n\n%s\n%s", h.Examples, c.Example)
	}
	if c.HasAvailableSubCommands() {
		writeSubcommands(&b, c, h)
	}
	if c.HasAvailableLocalFlags() {
		fmt.Fprintf(&b, "\n\n%s\n%s", h.Flags, trimRightSpace(flagUsages(c.LocalFlags(), h)))
	}
	if c.HasAvailableInheritedFlags() {
		fmt.Fprintf(&b, "\n\n%s\n%s", h.GlobalFlags, trimRightSpace(flagUsages(c.InheritedFlags(), h)))
	}
	if c.HasHelpSubCommands() {
		b.WriteString("\n\n" + h.HelpTopics)
		for _, sub := range c.Commands() {
			if sub.IsAdditionalHelpTopicCommand() {
				fmt.Fprintf(&b, "\n  %-*s %s", sub.CommandPathPadding(), sub.CommandPath(), sub.Short)
			}
		}
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n\n" + fmt.Sprintf(h.MoreHelp, c.CommandPath()))
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// writeSubcommands lists c's commands, by group when it has groups.
func writeSubcommands(b *strings.Builder, c *cobra.Command, h i18n.HelpHeadings) {
	shown := func(sub *cobra.Command) bool { return sub.IsAvailableCommand() || sub.Name() == "help" }
	line := func(sub *cobra.Command) {
		fmt.Fprintf(b, "\n  %-*s %s", sub.NamePadding(), sub.Name(), sub.Short)
	}
	if len(c.Groups()) == 0 {
		b.WriteString("\n\n" + h.Commands)
		for _, sub := range c.Commands() {
			if shown(sub) {
				line(sub)
			}
		}
		return
	}
	for _, g := range c.Groups() {
		b.WriteString("\n\n" + g.Title)
		for _, sub := range c.Commands() {
			if sub.GroupID == g.ID && shown(sub) {
				line(sub)
			}
		}
	}
	if !c.AllChildCommandsHaveGroup() {
		b.WriteString("\n\n" + h.MoreCommands)
		for _, sub := range c.Commands() {
			if sub.GroupID == "" && shown(sub) {
				line(sub)
			}
		}
	}
}

// flagUsages lists the visible flags of fs one a line, as pflag does, with
// the value named in the headings' language and the default in its words;
// the descriptions are aligned by display width (a value may be named in
// Chinese).
func flagUsages(fs *pflag.FlagSet, h i18n.HelpHeadings) string {
	type row struct{ left, usage string }
	var rows []row
	width := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		left := "      --" + f.Name
		if f.Shorthand != "" && f.ShorthandDeprecated == "" {
			left = fmt.Sprintf("  -%s, --%s", f.Shorthand, f.Name)
		}
		value, usage := flagValue(f, h)
		if value != "" {
			left += " " + value
		}
		left += noOptDefault(f)
		if !defaultIsZero(f) {
			def := f.DefValue
			if f.Value.Type() == "string" {
				def = strconv.Quote(def)
			}
			usage += fmt.Sprintf(h.Default, def)
		}
		width = max(width, ansi.StringWidth(left))
		rows = append(rows, row{left, usage})
	})
	var b strings.Builder
	for _, r := range rows {
		pad := strings.Repeat(" ", width-ansi.StringWidth(r.left))
		fmt.Fprintf(&b, "%s%s   %s\n", r.left, pad, r.usage)
	}
	return b.String()
}

// valueNameAnnotation holds the name of a flag's value that its
// translated usage gave in backquotes: the usage itself is kept without
// them, since shell completion shows it as it is.
const valueNameAnnotation = "kehu_help_value_name"

// setFlagUsage gives f the usage text, whose word in backquotes (if any)
// names the flag's value.
func setFlagUsage(f *pflag.Flag, text string) {
	name, usage := unquote(text)
	f.Usage = usage
	if name == "" {
		return
	}
	if f.Annotations == nil {
		f.Annotations = map[string][]string{}
	}
	f.Annotations[valueNameAnnotation] = []string{name}
}

// unquote splits the first word in backquotes out of usage, as pflag does.
func unquote(usage string) (name, plain string) {
	if i := strings.Index(usage, "`"); i >= 0 {
		if j := strings.Index(usage[i+1:], "`"); j >= 0 {
			name = usage[i+1 : i+1+j]
			return name, usage[:i] + name + usage[i+1+j+1:]
		}
	}
	return "", usage
}

// flagValue is the name of f's value and its usage without backquotes: the
// name its translated or English usage gives, else the kind of value it
// takes.
func flagValue(f *pflag.Flag, h i18n.HelpHeadings) (name, usage string) {
	if n := f.Annotations[valueNameAnnotation]; len(n) == 1 {
		return n[0], f.Usage
	}
	if name, usage := unquote(f.Usage); name != "" {
		return name, usage
	}
	switch t := f.Value.Type(); {
	case t == "bool" || t == "boolfunc":
		return "", f.Usage
	case strings.HasPrefix(t, "string"):
		return h.TextValue, f.Usage
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"), strings.HasPrefix(t, "float"), t == "count":
		return h.NumberValue, f.Usage
	case t == "duration":
		return h.DurationValue, f.Usage
	}
	return h.OtherValue, f.Usage
}

// noOptDefault is pflag's note of the value a flag takes when given bare.
func noOptDefault(f *pflag.Flag) string {
	switch {
	case f.NoOptDefVal == "":
		return ""
	case f.Value.Type() == "string":
		return fmt.Sprintf("[=\"%s\"]", f.NoOptDefVal)
	case (f.Value.Type() == "bool" || f.Value.Type() == "boolfunc") && f.NoOptDefVal == "true",
		f.Value.Type() == "count" && f.NoOptDefVal == "+1":
		return ""
	}
	return fmt.Sprintf("[=%s]", f.NoOptDefVal)
}

// defaultIsZero reports whether f's default is its type's zero value, which
// pflag leaves unsaid.
func defaultIsZero(f *pflag.Flag) bool {
	d := f.DefValue
	switch f.Value.Type() {
	case "bool", "boolfunc":
		return d == "false" || d == ""
	case "duration":
		return d == "0" || d == "0s"
	case "string":
		return d == ""
	}
	switch d {
	case "", "0", "false", "<nil>", "[]":
		return true
	}
	return false
}

func trimRightSpace(s string) string { return strings.TrimRightFunc(s, unicode.IsSpace) }

// langInArgs finds --lang among args before the command line is parsed,
// the last one winning as in pflag; ok is false when there is none or its
// value is not a language (the parsed flag then reports the mistake).
func langInArgs(args []string) (l i18n.Lang, ok bool) {
	for i := 0; i < len(args); i++ {
		var v string
		switch a := args[i]; {
		case a == "--":
			return l, ok
		case a == "--lang" && i+1 < len(args):
			i++
			v = args[i]
		case strings.HasPrefix(a, "--lang="):
			v = strings.TrimPrefix(a, "--lang=")
		default:
			continue
		}
		if p, err := i18n.Parse(v); err == nil {
			l, ok = p, true
		}
	}
	return l, ok
}
