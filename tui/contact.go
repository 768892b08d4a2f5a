package tui

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

// contactForm logs a contact (`c`). The summary has the focus and the
// channel defaults to phone, so a call is `c`, the text, ctrl+s.
type contactForm struct {
	loadState
	e       env
	keys    formKeys
	id      int64
	name    string
	grade   string
	f       *form
	err     error  // the customer could not be read
	planned string // the follow-up planned when the form opened, if still ahead
}

// newContactForm opens the contact form for customer id; Init reads it.
func newContactForm(e env, id int64) *contactForm {
	return &contactForm{e: e, keys: newFormKeys(e.lang), id: id}
}

// Init reads the customer, then builds the form.
func (c *contactForm) Init() tea.Cmd {
	st, ctx, id := c.e.st, c.e.ctx, c.id
	return load(c, func() func() tea.Cmd {
		rec, err := st.Get(ctx, id)
		return func() tea.Cmd {
			c.ready, c.err = true, err
			c.build(rec)
			return nil
		}
	})
}

// build lays out the fields for customer rec.
func (c *contactForm) build(rec store.Record) {
	e := c.e
	c.name, c.grade = validate.Visible(rec.Str("name")), rec.Str("grade")
	l := e.lang
	f := newForm(e)
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
	today := e.today()
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
	if cd := e.rules.CadenceDays(c.grade); cd > 0 {
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
}

// SetSize records the terminal size.
func (c *contactForm) SetSize(w, h int) { c.e.SetSize(w, h) }

// Title is the form's header.
func (c *contactForm) Title() string { return c.e.lang.T("cform.title", c.name, c.grade) }

// ShortHelp is the footer: every key of the form.
func (c *contactForm) ShortHelp() []key.Binding {
	k := c.keys
	if c.err != nil {
		return []key.Binding{k.Close}
	}
	return k.hint(k.ChoosePrev, k.ChooseNext, k.Enter)
}

// FullHelp is the form's keys (help.KeyMap).
func (c *contactForm) FullHelp() [][]key.Binding { return fullHelp(c.helpGroups()) }

func (c *contactForm) helpGroups() []keyGroup {
	k := c.keys
	return []keyGroup{{c.e.lang.T("tui.help.forms"), append(k.moves(), k.ChoosePrev, k.ChooseNext, k.Enter, k.Save, k.Cancel)}}
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
	if c.f == nil {
		return c, nil
	}
	cmd, _ := customerFormUpdate(c.e, c.f, c.err, c.id, msg, c.save)
	return c, cmd
}

func (c *contactForm) save() tea.Cmd {
	today := c.e.today()
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
	_, err = c.e.st.AddContact(c.e.ctx, c.id, store.ContactInput{
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
	return pop(popMsg{status: status, changed: true, customerID: c.id})
}

// View draws the form.
func (c *contactForm) View() string {
	if c.loading() {
		return loadingView(c.e)
	}
	title := c.e.sty.header.Render(" " + c.Title() + " ")
	if c.err != nil {
		return errorFrame(c.e, title, c.err, c.ShortHelp()...)
	}
	body := c.f.view(c.e.width-2, c.e.height-6)
	body = append(body, "")
	if c.f.msg != "" {
		body = append(body, c.e.sty.errMsg.Render(c.f.msg))
	}
	return scFrame(c.e.width, c.e.height, title, body, 0, renderHint(c.e.sty, c.ShortHelp(), c.e.width))
}
