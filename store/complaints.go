package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/validate"
)

// Complaint states, as stored on a contact of kind complaint.
const (
	ComplaintOpen     = "open"     // logged, not resolved yet
	ComplaintResolved = "resolved" // resolved, with a note and a date
)

// Complaint is a complaint with the customer it is about.
type Complaint struct {
	ID         int64  `json:"id"` // the contact's id
	CustomerID int64  `json:"customer_id"`
	Name       string `json:"name"`
	Phone      string `json:"phone"`
	Grade      string `json:"grade"`
	Owner      string `json:"owner"`
	At         string `json:"at"`
	Channel    string `json:"channel"`
	Summary    string `json:"summary"`
	Status     string `json:"status"` // ComplaintOpen or ComplaintResolved
	Resolution string `json:"resolution"`
	ResolvedOn string `json:"resolved_on"`
}

// Complaints lists the complaints of live customers, open ones first, each
// group oldest first; with openOnly only the open ones.
func (s *Store) Complaints(ctx context.Context, openOnly bool) ([]Complaint, error) {
	q := `SELECT k.id, k.customer_id, c.name, c.phone, c.grade, c.owner, k.at, k.channel, k.summary, k.complaint, k.resolution, k.resolved_on
		FROM contacts k JOIN customers c ON c.id = k.customer_id
		WHERE c.deleted_at IS NULL AND k.complaint IN ('open', 'resolved')`
	if openOnly {
		q += " AND k.complaint = 'open'"
	}
	q += " ORDER BY k.complaint = 'open' DESC, k.at, k.id"
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("list complaints: %w", err)
	}
	defer rows.Close()
	out := []Complaint{}
	for rows.Next() {
		var c Complaint
		if err := rows.Scan(&c.ID, &c.CustomerID, &c.Name, &c.Phone, &c.Grade, &c.Owner, &c.At, &c.Channel, &c.Summary, &c.Status, &c.Resolution, &c.ResolvedOn); err != nil {
			return nil, fmt.Errorf("list complaints: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// complaintState is what resolving changes on a complaint, as journaled.
type complaintState struct {
	Status     string `json:"status"`
	Resolution string `json:"resolution"`
	ResolvedOn string `json:"resolved_on"`
}

// ResolveComplaint marks complaint id (a contact's id) resolved today with
// note saying how. It is one journal entry: undo opens it again.
func (s *Store) ResolveComplaint(ctx context.Context, id int64, note string) (Complaint, error) {
	note = strings.TrimSpace(note)
	if note == "" {
		return Complaint{}, i18n.Errorf("complaint.nonote")
	}
	if err := freeText("resolution", "Resolution", "处理结果", note, validate.MultiLine); err != nil {
		return Complaint{}, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var status string
		var customer int64
		var deleted bool
		err := tx.QueryRowContext(ctx, `SELECT k.complaint, k.customer_id, c.deleted_at IS NOT NULL FROM contacts k JOIN customers c ON c.id = k.customer_id WHERE k.id = ?`, id).
			Scan(&status, &customer, &deleted)
		switch {
		case errors.Is(err, sql.ErrNoRows) || err == nil && (status == "" || deleted):
			return i18n.Errorf("complaint.unknown", id)
		case err != nil:
			return err
		case status == ComplaintResolved:
			return i18n.Errorf("complaint.resolved", id)
		}
		batch, err := s.newBatch(ctx, tx)
		if err != nil {
			return err
		}
		now := complaintState{Status: ComplaintResolved, Resolution: note, ResolvedOn: s.today()}
		if err := setComplaint(ctx, tx, id, now); err != nil {
			return err
		}
		if err := s.journal(ctx, tx, batch, "resolve", "contacts", id, "complaint", complaintState{Status: ComplaintOpen}, now); err != nil {
			return err
		}
		_, err = s.regradeTx(ctx, tx, customer, ReasonEdit+" open_complaints") // loyalty counts open complaints
		return err
	})
	if err != nil {
		return Complaint{}, fmt.Errorf("resolve complaint %d: %w", id, err)
	}
	return s.complaint(ctx, id)
}

// complaint reads one complaint.
func (s *Store) complaint(ctx context.Context, id int64) (Complaint, error) {
	all, err := s.Complaints(ctx, false)
	if err != nil {
		return Complaint{}, err
	}
	for _, c := range all {
		if c.ID == id {
			return c, nil
		}
	}
	return Complaint{}, i18n.Errorf("complaint.unknown", id)
}

func setComplaint(ctx context.Context, tx *sql.Tx, id int64, st complaintState) error {
	_, err := tx.ExecContext(ctx, "UPDATE contacts SET complaint = ?, resolution = ?, resolved_on = ? WHERE id = ?", st.Status, st.Resolution, st.ResolvedOn, id)
	if err != nil {
		return fmt.Errorf("write complaint %d: %w", id, err)
	}
	return nil
}

// applyResolve undoes (or redoes) resolving a complaint and returns its
// customer.
func applyResolve(ctx context.Context, tx *sql.Tx, e Entry, undo bool) (int64, error) {
	text := e.New
	if undo {
		text = e.Old
	}
	var st complaintState
	if err := json.Unmarshal([]byte(text), &st); err != nil {
		return 0, fmt.Errorf("journal complaint: %w", err)
	}
	if err := setComplaint(ctx, tx, e.EntityID, st); err != nil {
		return 0, err
	}
	var customer int64
	if err := tx.QueryRowContext(ctx, "SELECT customer_id FROM contacts WHERE id = ?", e.EntityID).Scan(&customer); err != nil {
		return 0, fmt.Errorf("journal complaint: %w", err)
	}
	return customer, nil
}
