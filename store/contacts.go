package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
	"github.com/kehu-app/kehu/validate"
)

// Contact is one entry of a customer's contact log.
type Contact struct {
	ID           int64  `json:"id"`
	CustomerID   int64  `json:"customer_id"`
	At           string `json:"at"` // "YYYY-MM-DD HH:MM"
	Channel      string `json:"channel"`
	Kind         string `json:"kind"`
	Summary      string `json:"summary"`
	Outcome      string `json:"outcome"`
	NextFollowUp string `json:"next_follow_up"`
	CreatedAt    string `json:"created_at"`
	// Complaint is ComplaintOpen or ComplaintResolved for a complaint,
	// "" for any other kind of contact.
	Complaint  string `json:"complaint,omitempty"`
	Resolution string `json:"resolution,omitempty"`  // how it was resolved
	ResolvedOn string `json:"resolved_on,omitempty"` // ISO date
}

// Channels are the contact channels, in form order.
var channels = tiering.ContactChannels()

// Kinds are the contact kinds, in form order.
var kinds = []string{"contact", "feedback", "complaint", "service"}

// Channels lists the contact channel keys.
func Channels() []string { return append([]string(nil), channels...) }

// Kinds lists the contact kind keys.
func Kinds() []string { return append([]string(nil), kinds...) }

var channelAliases = map[string]string{
	"call": "phone", "tel": "phone", "电话": "phone", "打电话": "phone", "手机": "phone",
	"weixin": "wechat", "wx": "wechat", "微信": "wechat",
	"短信": "sms", "text": "sms", "message": "sms",
	"邮件": "email", "mail": "email", "e-mail": "email", "邮箱": "email",
	"拜访": "visit", "上门": "visit", "到店": "visit", "面谈": "visit", "meeting": "visit",
	"其他": "other", "其它": "other",
}

var kindAliases = map[string]string{
	"联系": "contact", "跟进": "contact", "沟通": "contact",
	"反馈": "feedback", "投诉": "complaint", "服务": "service", "售后": "service",
}

func pick(v string, keys []string, aliases map[string]string) (string, bool) {
	t := strings.ToLower(strings.TrimSpace(v))
	for _, k := range keys {
		if t == k {
			return k, true
		}
	}
	if k, ok := aliases[t]; ok {
		return k, true
	}
	return "", false
}

// ParseChannel accepts a channel key or its Chinese/English name.
func ParseChannel(v string) (string, error) {
	if k, ok := pick(v, channels, channelAliases); ok {
		return k, nil
	}
	return "", i18n.Errorf("contact.channel", v, strings.Join(channels, ", "))
}

// ParseKind accepts a contact kind key or its Chinese name; empty is "contact".
func ParseKind(v string) (string, error) {
	if strings.TrimSpace(v) == "" {
		return "contact", nil
	}
	if k, ok := pick(v, kinds, kindAliases); ok {
		return k, nil
	}
	return "", i18n.Errorf("contact.kind", v, strings.Join(kinds, ", "))
}

// ContactInput is a contact as typed; empty At means now, empty Kind
// "contact". Next is the customer's next follow-up: empty keeps the one
// planned, a date replaces it, NextNone (or 无, 清除, clear, -) clears it.
type ContactInput struct {
	At, Channel, Kind, Summary, Outcome, Next string
}

// NextNone, given as ContactInput.Next, clears the planned follow-up.
const NextNone = "none"

// clearsNext tells whether a typed follow-up means "no follow-up".
func clearsNext(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case NextNone, "clear", "-", "无", "清除", "不跟进":
		return true
	}
	return false
}

// ParseContact validates a contact as typed; every bad field is reported.
func (s *Store) ParseContact(in ContactInput) (Contact, error) {
	var c Contact
	var errs []error
	var err error
	if c.Channel, err = ParseChannel(in.Channel); err != nil {
		errs = append(errs, err)
	}
	if c.Kind, err = ParseKind(in.Kind); err != nil {
		errs = append(errs, err)
	}
	today := s.today()
	c.At = s.now().Format("2006-01-02 15:04")
	if strings.TrimSpace(in.At) != "" {
		if c.At, err = validate.DateTime(in.At); err != nil {
			errs = append(errs, err)
		} else if len(c.At) >= 10 && c.At[:10] > today {
			errs = append(errs, i18n.Errorf("contact.future", c.At[:10], today))
		}
	}
	if !clearsNext(in.Next) {
		if c.NextFollowUp, err = validate.Date(in.Next); err != nil {
			errs = append(errs, err)
		} else if c.NextFollowUp != "" && c.NextFollowUp < today {
			errs = append(errs, i18n.Errorf("contact.next.past", c.NextFollowUp, today))
		}
	}
	c.Summary = strings.TrimSpace(in.Summary)
	c.Outcome = strings.TrimSpace(in.Outcome)
	errs = append(errs, freeText("summary", "Summary", "摘要", c.Summary, validate.MultiLine),
		freeText("outcome", "Outcome", "结果", c.Outcome, validate.MultiLine))
	return c, joinErrs(errs)
}

func joinErrs(errs []error) error {
	errs = slices.DeleteFunc(errs, func(err error) bool { return err == nil })
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}

// freeText checks the free text v of a field outside the customer columns
// (validate.Text), naming it in English and Chinese.
func freeText(key, en, zh, v string, kind validate.TextKind) error {
	err := validate.Text(key, v, kind)
	var ve *validate.Error
	if errors.As(err, &ve) {
		ve.Field, ve.FieldZh = en, zh
	}
	return err
}

// AddContact validates and logs a contact for customer id. The customer's
// last contact and next follow-up follow its newest contact entry. A contact
// logged without a follow-up (in.Next empty) carries a planned one that is
// still ahead over, so it is never lost silently; one due today or overdue
// is what this contact did, and is done.
func (s *Store) AddContact(ctx context.Context, id int64, in ContactInput) (Contact, error) {
	c, err := s.ParseContact(in)
	if err != nil {
		return Contact{}, err
	}
	c.CustomerID = id
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkLive(ctx, tx, id); err != nil {
			return err
		}
		batch, err := s.newBatch(ctx, tx)
		if err != nil {
			return err
		}
		if strings.TrimSpace(in.Next) == "" {
			var planned string
			if err := tx.QueryRowContext(ctx, "SELECT next_follow_up FROM customers WHERE id = ?", id).Scan(&planned); err != nil {
				return fmt.Errorf("read follow-up of %d: %w", id, err)
			}
			if planned > s.today() {
				c.NextFollowUp = planned
			}
		}
		c.CreatedAt = s.timestamp()
		if c.Kind == "complaint" {
			c.Complaint = ComplaintOpen // followed until someone resolves it
		}
		if err := s.insertContact(ctx, tx, &c); err != nil {
			return err
		}
		if err := s.journal(ctx, tx, batch, "add", "contacts", c.ID, "", nil, c); err != nil {
			return err
		}
		if err := s.refreshContacts(ctx, tx, id); err != nil {
			return err
		}
		if c.Complaint == ComplaintOpen {
			_, err = s.regradeTx(ctx, tx, id, ReasonEdit+" open_complaints") // loyalty counts open complaints
		}
		return err
	})
	if err != nil {
		return Contact{}, fmt.Errorf("log contact: %w", err)
	}
	return c, nil
}

func (s *Store) insertContact(ctx context.Context, tx *sql.Tx, c *Contact) error {
	var id any
	if c.ID != 0 {
		id = c.ID
	}
	res, err := tx.ExecContext(ctx, "INSERT INTO contacts(id, customer_id, at, channel, kind, summary, outcome, next_follow_up, created_at, complaint, resolution, resolved_on) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)",
		id, c.CustomerID, c.At, c.Channel, c.Kind, c.Summary, c.Outcome, c.NextFollowUp, c.CreatedAt, c.Complaint, c.Resolution, c.ResolvedOn)
	if err != nil {
		return fmt.Errorf("insert contact: %w", err)
	}
	c.ID, err = res.LastInsertId()
	return err
}

// refreshContacts sets last_contact and next_follow_up from the newest contact.
func (s *Store) refreshContacts(ctx context.Context, tx *sql.Tx, id int64) error {
	var at, next string
	err := tx.QueryRowContext(ctx, "SELECT at, next_follow_up FROM contacts WHERE customer_id = ? ORDER BY at DESC, id DESC LIMIT 1", id).Scan(&at, &next)
	if errors.Is(err, sql.ErrNoRows) {
		at, next = "", ""
	} else if err != nil {
		return fmt.Errorf("read contacts: %w", err)
	}
	if len(at) > 10 {
		at = at[:10]
	}
	_, err = tx.ExecContext(ctx, "UPDATE customers SET last_contact = ?, next_follow_up = ?, updated_at = ? WHERE id = ?", at, next, s.timestamp(), id)
	return err
}

// Contacts lists a customer's contact log, newest first.
func (s *Store) Contacts(ctx context.Context, id int64, limit int) ([]Contact, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, customer_id, at, channel, kind, summary, outcome, next_follow_up, created_at, complaint, resolution, resolved_on FROM contacts WHERE customer_id = ? ORDER BY at DESC, id DESC LIMIT ?", id, limit)
	if err != nil {
		return nil, fmt.Errorf("read contacts: %w", err)
	}
	defer rows.Close()
	var out []Contact
	for rows.Next() {
		var c Contact
		if err := rows.Scan(&c.ID, &c.CustomerID, &c.At, &c.Channel, &c.Kind, &c.Summary, &c.Outcome, &c.NextFollowUp, &c.CreatedAt, &c.Complaint, &c.Resolution, &c.ResolvedOn); err != nil {
			return nil, fmt.Errorf("read contacts: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
