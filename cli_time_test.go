package main

import (
	"strings"
)

// on is the same ledger seen on another day: KEHU_NOW set to day 10:00.
func (l *ledger) on(day string) *ledger {
	c := *l
	c.env = nil
	for _, e := range l.env {
		if !strings.HasPrefix(e, "KEHU_NOW=") {
			c.env = append(c.env, e)
		}
	}
	c.env = append(c.env, "KEHU_NOW="+day+" 10:00:00")
	return &c
}
