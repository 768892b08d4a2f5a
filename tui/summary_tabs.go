package tui

import (
	"slices"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/report"
	"github.com/kehu-app/kehu/store"
)

// overviewData is the overview tab: today's tier summary as `kehu tiers`
// prints it, with the latest grade changes.
type overviewData struct {
	sum store.Summary
	doc report.Document
}

// profileData is the profile tab: the groups side by side, grouped by by.
type profileData struct {
	by  string // a store.ProfileGroupings key; "" is by grade
	doc report.Document
}

// productsData is the products tab.
type productsData struct{ doc report.Document }

// productsShown is how many products the tab lists, most spent on first.
const productsShown = 200

// docTab lays out a report document as a tab, its title first: the rows
// that name their customers (Drill) are where the cursor goes.
func docTab(e env, d report.Document, cur int) tabView {
	b := renderDoc(e.sty, d, e.width-1, cur)
	v := tabView{lines: append([]string{e.sty.helpHead.Render(d.Title), ""}, b.lines...)}
	for i, f := range b.drills {
		v.targets = append(v.targets, drillTarget{line: b.dlines[i] + 2, filter: f})
	}
	return v
}

// readOverview reads the overview: the summary and the grade moves of its
// days.
func (s *summaryScreen) readOverview() tabRead {
	st, ctx, l := s.e.st, s.e.ctx, s.e.lang
	return func() (func(), error) {
		sum, err := st.TierSummary(ctx)
		if err != nil {
			return nil, err
		}
		events, err := st.GradeHistory(ctx, 0, sum.Movements.Since, 10)
		if err != nil {
			return nil, err
		}
		recent := make([]report.GradeChange, len(events))
		for i, h := range events {
			recent[i] = report.GradeChange{At: h.At, Name: h.Name, Old: h.Old, New: h.New, Reason: st.ReasonText(h.Reason, l)}
		}
		doc := report.Summary(sum, recent, l)
		return func() { s.ov.sum, s.ov.doc = sum, doc }, nil
	}
}

// readProfile reads the profile by the grouping chosen: its rows to open,
// then every figure side by side.
func (s *summaryScreen) readProfile() tabRead {
	st, ctx, l, by := s.e.st, s.e.ctx, s.e.lang, s.pr.by
	return func() (func(), error) {
		p, err := st.TierProfile(ctx, by)
		if err != nil {
			return nil, err
		}
		doc := report.ProfileRows(p, l)
		full := report.Profile(p, l).Sections[0]
		full.Title = []report.Cell{{Text: l.T("tiers.profile.full")}}
		doc.Sections = append(doc.Sections, full)
		return func() { s.pr.doc = doc }, nil
	}
}

// nextGrouping groups the profile by the next grouping and reads it again.
func (s *summaryScreen) nextGrouping() tea.Cmd {
	all := store.ProfileGroupings()
	i := slices.Index(all, s.pr.by)
	if s.pr.by == "" {
		i = 0
	}
	s.pr.by = all[(i+1)%len(all)]
	s.tabs[tabProfile].cur = 0
	return s.read(tabProfile)
}

// readProducts reads the products view.
func (s *summaryScreen) readProducts() tabRead {
	st, ctx, l := s.e.st, s.e.ctx, s.e.lang
	return func() (func(), error) {
		r, err := st.ProductStats(ctx, productsShown)
		if err != nil {
			return nil, err
		}
		doc := report.Products(r, l)
		return func() { s.pd.doc = doc }, nil
	}
}
