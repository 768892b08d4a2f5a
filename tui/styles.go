package tui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/kehu-app/kehu/tiering"
)

// styles holds every style of the table screen, built once per renderer and
// rules. With noColor no colour is ever set: bold and reverse still mark the
// header and the cursor, and the grade letter alone carries the grade.
type styles struct {
	noColor  bool
	header   lipgloss.Style
	sorted   lipgloss.Style
	cell     lipgloss.Style
	cursor   lipgloss.Style
	rowSel   lipgloss.Style
	frozen   lipgloss.Style
	status   lipgloss.Style
	statusOK lipgloss.Style
	errMsg   lipgloss.Style
	hintKey  lipgloss.Style
	hintDesc lipgloss.Style
	prompt   lipgloss.Style
	helpHead lipgloss.Style
	helpKey  lipgloss.Style
	dim      lipgloss.Style
	overdue  lipgloss.Style            // a follow-up date already past
	grade    map[string]lipgloss.Style // grade letter → cell style
	marker   map[string]lipgloss.Style // grade letter → row marker style

	// Pre-rendered forms of the styles the grid draws on every frame:
	// lipgloss.Style.Render is too slow for a cursor move under 2 ms.
	pCursor, pRowSel, pHintKey, pHintDesc paint
	pOverdue                              paint
	pGrade                                map[string]paint
	markerCell                            map[string]string // the rendered "▌"
}

// paint is a style reduced to the escape sequences around its text. It is
// only for simple one-line styles (colours and attributes, no padding).
type paint struct{ pre, post string }

func newPaint(st lipgloss.Style) paint {
	const mark = "\x00"
	r := st.Render(mark)
	i := strings.Index(r, mark)
	if i < 0 {
		return paint{}
	}
	return paint{pre: r[:i], post: r[i+len(mark):]}
}

// apply wraps s in the style.
func (p paint) apply(s string) string {
	if p.pre == "" && p.post == "" {
		return s
	}
	return p.pre + s + p.post
}

// prepare builds the pre-rendered styles.
func (s *styles) prepare() {
	s.pCursor, s.pRowSel = newPaint(s.cursor), newPaint(s.rowSel)
	s.pHintKey, s.pHintDesc = newPaint(s.hintKey), newPaint(s.hintDesc)
	s.pOverdue = newPaint(s.overdue)
	s.pGrade, s.markerCell = map[string]paint{}, map[string]string{}
	for g, st := range s.grade {
		s.pGrade[g] = newPaint(st)
	}
	for g, st := range s.marker {
		if s.noColor {
			s.markerCell[g] = g
		} else {
			s.markerCell[g] = st.Render("▌")
		}
	}
}

func newStyles(r *lipgloss.Renderer, rules tiering.Rules, noColor bool) styles {
	s := styles{noColor: noColor, grade: map[string]lipgloss.Style{}, marker: map[string]lipgloss.Style{}}
	ns := r.NewStyle
	s.header = ns().Bold(true)
	s.sorted = ns().Bold(true).Underline(true)
	s.cell = ns()
	s.cursor = ns().Reverse(true)
	s.rowSel = ns()
	s.frozen = ns()
	s.status = ns()
	s.statusOK = ns()
	s.errMsg = ns().Bold(true)
	s.hintKey = ns().Bold(true)
	s.hintDesc = ns()
	s.prompt = ns().Bold(true)
	s.helpHead = ns().Bold(true).Underline(true)
	s.helpKey = ns().Bold(true)
	s.dim = ns().Faint(true)
	s.overdue = ns().Bold(true)
	for _, g := range tiering.Grades() {
		s.grade[g] = ns().Bold(true)
		s.marker[g] = ns()
	}
	if noColor {
		s.prepare()
		return s
	}
	s.header = s.header.Foreground(lipgloss.AdaptiveColor{Light: "#1f2937", Dark: "#e5e7eb"}).
		Background(lipgloss.AdaptiveColor{Light: "#e5e7eb", Dark: "#374151"})
	s.sorted = s.sorted.Foreground(lipgloss.AdaptiveColor{Light: "#1d4ed8", Dark: "#93c5fd"}).
		Background(lipgloss.AdaptiveColor{Light: "#e5e7eb", Dark: "#374151"})
	s.cursor = ns().Foreground(lipgloss.Color("#ffffff")).Background(lipgloss.Color("#2563eb"))
	s.rowSel = ns().Background(lipgloss.AdaptiveColor{Light: "#eef2ff", Dark: "#1e293b"})
	s.status = ns().Foreground(lipgloss.AdaptiveColor{Light: "#111827", Dark: "#f3f4f6"}).
		Background(lipgloss.AdaptiveColor{Light: "#d1d5db", Dark: "#1f2937"})
	s.statusOK = ns().Foreground(lipgloss.AdaptiveColor{Light: "#065f46", Dark: "#6ee7b7"})
	s.errMsg = ns().Bold(true).Foreground(lipgloss.AdaptiveColor{Light: "#b91c1c", Dark: "#f87171"})
	s.hintKey = ns().Bold(true).Foreground(lipgloss.AdaptiveColor{Light: "#1d4ed8", Dark: "#93c5fd"})
	s.hintDesc = ns().Foreground(lipgloss.AdaptiveColor{Light: "#4b5563", Dark: "#9ca3af"})
	s.helpKey = s.hintKey
	s.overdue = ns().Bold(true).Foreground(lipgloss.AdaptiveColor{Light: "#b91c1c", Dark: "#f87171"})
	for _, g := range tiering.Grades() {
		c := lipgloss.Color(rules.Color(g))
		s.grade[g] = ns().Bold(true).Foreground(c)
		s.marker[g] = ns().Foreground(c)
	}
	s.prepare()
	return s
}

// gradeStyle is the cell style of grade letter g (plain for an unknown one).
func (s styles) gradeStyle(g string) lipgloss.Style {
	if st, ok := s.grade[g]; ok {
		return st
	}
	return s.cell
}
