package tui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kehu-app/kehu/tiering"
	"github.com/kehu-app/kehu/validate"
)

// previewMoves is how many moves the preview lists, each with its first
// names.
const previewMoves = 4

// previewLines renders the preview: how many would move, the customers per
// grade before and after, and the biggest moves with who moves.
func (r *rulesScreen) previewLines() []string {
	l := r.e.lang
	p := r.preview
	if p == nil {
		return []string{r.e.sty.dim.Render(l.T("rules.nopreview"))}
	}
	head := l.T("rules.preview", p.Changes, p.Customers)
	if r.previewFor != "" {
		if rules, ok := r.quietBuild(); !ok || rulesKey(rules) != r.previewFor {
			head += "  " + r.e.sty.errMsg.Render(l.T("rules.stale"))
		}
	}
	var counts []string
	for _, g := range tiering.Grades() {
		counts = append(counts, r.e.sty.gradeStyle(g).Render(g)+fmt.Sprintf(" %d→%d", p.Before[g], p.After[g]))
	}
	moves := make([]string, 0, len(p.Moves))
	for k := range p.Moves {
		moves = append(moves, k)
	}
	slices.SortFunc(moves, func(a, b string) int {
		if p.Moves[a] != p.Moves[b] {
			return p.Moves[b] - p.Moves[a]
		}
		return strings.Compare(a, b)
	})
	out := []string{r.e.sty.helpHead.Render(head), "  " + strings.Join(counts, "   ")}
	for _, k := range moves[:min(len(moves), previewMoves)] {
		names := strings.Join(p.Names[k], l.T("rules.preview.sep"))
		if n := p.Moves[k] - len(p.Names[k]); n > 0 {
			names += l.T("rules.preview.more", n)
		}
		out = append(out, "  "+k+" "+strconv.Itoa(p.Moves[k])+"  "+validate.Visible(names))
	}
	if n := len(moves) - previewMoves; n > 0 {
		out = append(out, "  "+r.e.sty.dim.Render(l.T("rules.preview.moremoves", n)))
	}
	return out
}

// quietBuild reads the rules without marking fields or checking them
// against the ledger: enough to tell whether the preview is stale.
func (r *rulesScreen) quietBuild() (tiering.Rules, bool) {
	errs := make([]string, len(r.f.fields))
	for i, ff := range r.f.fields {
		errs[i] = ff.err
	}
	msg, focus := r.f.msg, r.f.focus
	rules, ok := r.readForm()
	for i, ff := range r.f.fields {
		ff.err = errs[i]
	}
	r.f.msg = msg
	if r.f.focus != focus {
		r.f.setFocus(focus)
	}
	return rules, ok
}
