// Command keytable rewrites the key table of the README from the TUI's key
// bindings (go generate ./tui runs it), so the README lists the keys the
// program has.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tui"
)

func main() {
	readme := flag.String("readme", "README.md", "the README to rewrite")
	lang := flag.String("lang", "en", "the language of the table (en or zh)")
	flag.Parse()
	if err := run(*readme, *lang); err != nil {
		fmt.Fprintln(os.Stderr, "keytable:", err)
		os.Exit(1)
	}
}

func run(path, lang string) error {
	l, err := i18n.Parse(lang)
	if err != nil {
		return fmt.Errorf("language %q: %w", lang, err)
	}
	old, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read the README: %w", err)
	}
	updated, ok := tui.SpliceKeyTable(string(old), tui.KeyReference(l))
	if !ok {
		return fmt.Errorf("%s has no key table markers (%s … %s)", path, tui.KeyTableStart, tui.KeyTableEnd)
	}
	if updated == string(old) {
		return nil
	}
	if err := os.WriteFile(path, []byte(updated), 0o644); err != nil {
		return fmt.Errorf("write the README: %w", err)
	}
	return nil
}
