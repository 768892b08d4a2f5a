// Package i18n holds kehu's user-facing strings in Chinese and English and
// renders errors in the user's language.
package i18n

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/kehu-app/kehu/validate"
)

// Lang is an interface language: "zh" or "en".
type Lang string

// The supported languages.
const (
	ZH Lang = "zh"
	EN Lang = "en"
)

// Parse accepts "zh", "en" and common spellings (zh_CN, zh-CN.UTF-8, English…).
func Parse(s string) (Lang, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	switch {
	case strings.HasPrefix(t, "zh"), t == "中文", t == "cn":
		return ZH, nil
	case strings.HasPrefix(t, "en"):
		return EN, nil
	}
	return "", Errorf("lang.bad", s)
}

// Detect picks the language from KEHU_LANG, else zh when LC_ALL, LC_MESSAGES
// or LANG starts with "zh", else en. getenv is os.Getenv in production.
func Detect(getenv func(string) string) Lang {
	if getenv == nil {
		getenv = os.Getenv
	}
	if v := getenv("KEHU_LANG"); v != "" {
		if l, err := Parse(v); err == nil {
			return l
		}
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "zh") {
				return ZH
			}
			return EN
		}
	}
	return EN
}

// T returns the message for key in this language, formatted with args.
// An unknown key is returned as is, so a missing string is visible, not fatal.
func (l Lang) T(key string, args ...any) string {
	m, ok := catalogue[key]
	if !ok {
		if len(args) == 0 {
			return key
		}
		return key + " " + fmt.Sprint(args...)
	}
	f := m[0]
	if l == ZH {
		f = m[1]
	}
	if len(args) == 0 {
		return f
	}
	return fmt.Sprintf(f, args...)
}

// Has reports whether the catalogue knows key.
func Has(key string) bool { _, ok := catalogue[key]; return ok }

// Keys lists every catalogue key (for tests that check both languages exist).
func Keys() []string {
	out := make([]string, 0, len(catalogue))
	for k := range catalogue {
		out = append(out, k)
	}
	return out
}

// Error is a user-facing error whose text lives in the catalogue.
type Error struct {
	Key  string
	Args []any
}

// Errorf returns an *Error for key with args.
func Errorf(key string, args ...any) error { return &Error{Key: key, Args: args} }

func (e *Error) Error() string { return e.In(EN) }

// In renders the error in lang; arguments that are errors themselves are
// rendered in lang too.
func (e *Error) In(l Lang) string {
	args := make([]any, len(e.Args))
	for i, a := range e.Args {
		if err, ok := a.(error); ok {
			args[i] = Message(err, l)
		} else {
			args[i] = a
		}
	}
	return l.T(e.Key, args...)
}

// Unwrap exposes arguments that are errors, so errors.As finds them.
func (e *Error) Unwrap() []error {
	var out []error
	for _, a := range e.Args {
		if err, ok := a.(error); ok {
			out = append(out, err)
		}
	}
	return out
}

// zher is implemented by errors that carry their own Chinese text (package validate).
type zher interface{ Zh() string }

// localizer is implemented by errors of packages that must stay free of the
// catalogue (tiering's rule problems): they name their catalogue keys and
// arguments and are rendered with the lookup they are given.
type localizer interface {
	Localize(t func(key string, args ...any) string) string
}

// Message renders err for the user in lang: the innermost catalogue or
// validation error is translated; wrapping context (English, for logs) is
// dropped in Chinese so the user reads one language. Control characters a
// message carries from data (a customer's name, a file's header) are made
// visible (validate.VisibleLines), so a message cannot drive the terminal.
func Message(err error, l Lang) string {
	return validate.VisibleLines(message(err, l))
}

func message(err error, l Lang) string {
	if err == nil {
		return ""
	}
	var ie *Error
	if errors.As(err, &ie) {
		if l == EN {
			return err.Error()
		}
		return ie.In(l)
	}
	var lz localizer
	if errors.As(err, &lz) {
		return lz.Localize(l.T)
	}
	var z zher
	if errors.As(err, &z) {
		if l == EN {
			return err.Error()
		}
		return z.Zh()
	}
	return err.Error()
}
