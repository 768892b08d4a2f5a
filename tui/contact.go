package tui

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

// contactForm logs a contact (`c`). The summary has the focus and the
// channel defaults to phone, so a call is `c`, the text, ctrl+s.
type contactForm struct {
	embed
	e       env
	sty     styles
	id      int64
	name    string
	grade   string
	f       *form
	err     error  // the customer could not be read
	planned string // the follow-up planned when the form opened, if still ahead
}

// newContactForm opens the contact form for customer id.
func newContactForm(e env, id int64) screen { return openContactForm(e, id) }

func openContactForm(e env, id int64) *contactForm {
	c := &contactForm{e: e, sty: scStyles(e), id: id}
	rec, err := e.st.Get(scCtx(), id)
	if err != nil {
		c.err = err
	}
	c.name, c.grade = validate.Visible(rec.Str("name")), rec.Str("grade")
	rules, _ := e.st.Rules(scCtx())
	l := e.lang
	f := newForm(e, c.sty)
	var chans []formChoice
	for _, k := range store.Channels() {
		chans = append(chans, formChoice{value: l.T("cchan." + k)})
	}
	ch := f.addChoice("channel", l.T("cform.channel"), chans, 0)
	ch.check = func(v string) error { _, err := store.ParseChannel(v); return err }
	var kinds []formChoice
	for _, k := range store.Kinds() {
		kinds = append(kinds, formChoice{value: l.T("ckind." + k)})
	}
	kd := f.addChoice("kind", l.T("cform.kind"), kinds, 0)
	kd.check = func(v string) error { _, err := store.ParseKind(v); return err }
	f.add("summary", l.T("cform.summary"), "")
	f.add("outcome", l.T("cform.outcome"), "")
	today := scToday(e)
	day := func(t time.Time) string { return t.Format("2006-01-02") }
	// A follow-up still ahead is shown first and chosen: keeping it, or
	// clearing it, is a visible choice. One due today or overdue is what
	// this contact does, so none is chosen.
	var next []formChoice
	if planned := rec.Str("next_follow_up"); planned > day(today) {
		c.planned = planned
		next = append(next, formChoice{value: planned, hint: l.T("next.current")}, formChoice{value: "", hint: l.T("next.clear")})
	} else {
		next = append(next, formChoice{value: "", hint: l.T("next.none")})
	}
	next = append(next,
		formChoice{value: day(today.AddDate(0, 0, 1)), hint: l.T("next.day")},
		formChoice{value: day(today.AddDate(0, 0, 7)), hint: l.T("next.week")},
		formChoice{value: day(today.AddDate(0, 1, 0)), hint: l.T("next.month")},
	)
	if cd := rules.CadenceDays(c.grade); cd > 0 {
		next = append(next, formChoice{value: day(today.AddDate(0, 0, cd)), hint: l.T("next.cadence", c.grade, cd)})
	}
	nx := f.addChoice("next", l.T("cform.next"), next, 0)
	nx.check = func(v string) error {
		d, err := resolveDate(v, today)
		if err == nil && d != "" && d < day(today) {
			err = i18n.Errorf("contact.next.past", d, day(today))
		}
		return err
	}
	nx.hint = func(v string) string {
		d, err := resolveDate(v, today)
		if err != nil || d == "" || d == strings.TrimSpace(v) {
			return l.T("next.free")
		}
		return "= " + d
	}
	f.focusKey("summary")
	c.f = f
	return c
}

// scToday is the env clock's date at midnight.
func scToday(e env) time.Time {
	now := time.Now()
	if e.now != nil {
		now = e.now()
	}
	y, m, d := now.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, now.Location())
}

var relDateRe = regexp.MustCompile(`^\+?\s*(\d{1,4})\s*(d|day|days|w|week|weeks|m|month|months|天|日|周|星期|个月|月)?$`)

// resolveDate turns what was typed in a date field into an ISO date:
// any shape validate.Date accepts, or a quick form relative to today:
// "+3" or "+3d" (days), "+2w", "+1m", "3天", "2周", "1个月"; also
// today/tomorrow, 今天/明天/后天. "" stays "".
func resolveDate(v string, today time.Time) (string, error) {
	t := strings.ToLower(strings.TrimSpace(v))
	switch t {
	case "":
		return "", nil
	case "today", "今天":
		return today.Format("2006-01-02"), nil
	case "tomorrow", "明天":
		return today.AddDate(0, 0, 1).Format("2006-01-02"), nil
	case "后天":
		return today.AddDate(0, 0, 2).Format("2006-01-02"), nil
	}
	if m := relDateRe.FindStringSubmatch(t); m != nil && (strings.HasPrefix(t, "+") || m[2] != "") {
		n, _ := strconv.Atoi(m[1])
		switch m[2] {
		case "w", "week", "weeks", "周", "星期":
			return today.AddDate(0, 0, 7*n).Format("2006-01-02"), nil
		case "m", "month", "months", "个月", "月":
			return today.AddDate(0, n, 0).Format("2006-01-02"), nil
		}
		return today.AddDate(0, 0, n).Format("2006-01-02"), nil
	}
	return validate.Date(v)
}

// Update handles keys: the form's, and saving.
func (c *contactForm) Update(msg tea.Msg) (screen, tea.Cmd) {
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		c.e.width, c.e.height = ws.Width, ws.Height
		return c, nil
	}
	cmd, _ := customerFormUpdate(&c.embed, c.e, c.f, c.err, c.id, msg, c.save)
	return c, cmd
}

func (c *contactForm) save() tea.Cmd {
	today := scToday(c.e)
	next, err := resolveDate(c.f.value("next"), today)
	if err != nil {
		c.f.setFieldError("next", err)
		return nil
	}
	// The form always says what the follow-up is to be: empty clears it.
	in := next
	if in == "" {
		in = store.NextNone
	}
	_, err = c.e.st.AddContact(scCtx(), c.id, store.ContactInput{
		Channel: c.f.value("channel"),
		Kind:    c.f.value("kind"),
		Summary: c.f.value("summary"),
		Outcome: c.f.value("outcome"),
		Next:    in,
	})
	if err != nil {
		c.f.msg = c.e.errorText(err)
		return nil
	}
	ch, _ := store.ParseChannel(c.f.value("channel"))
	status := c.e.lang.T("cform.saved", c.e.lang.T("cchan."+ch), c.name)
	if next != "" {
		status += " · " + c.e.lang.T("cform.saved.next", next)
	}
	return c.finish(closeScreenMsg{status: status, changed: true, customerID: c.id})
}

// View draws the form.
func (c *contactForm) View() string {
	l := c.e.lang
	title := c.sty.header.Render(" " + l.T("cform.title", c.name, c.grade) + " ")
	if c.err != nil {
		return scFrame(c.e.width, c.e.height, title, []string{c.sty.errMsg.Render(c.e.errorText(c.err))}, 0, scHints(c.sty, "Esc", l.T("hint.back")))
	}
	body := c.f.view(c.e.width-2, c.e.height-6)
	body = append(body, "")
	if c.f.msg != "" {
		body = append(body, c.sty.errMsg.Render(c.f.msg))
	}
	return scFrame(c.e.width, c.e.height, title, body, 0,
		scHints(c.sty, "Tab/↑↓", l.T("hint.move"), "←/→", l.T("hint.choose"), "Enter", l.T("hint.next"), "ctrl+s", l.T("hint.save"), "Esc", l.T("hint.cancel")))
}
