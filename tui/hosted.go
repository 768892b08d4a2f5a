package tui

import (
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

// hosted is what a screen that opens others (the agenda, the detail) keeps
// of what they reported on closing: the last status and grade move, and
// whether the ledger changed, all handed on to the table in turn.
type hosted struct {
	status    string
	statusErr bool
	changed   bool
	grade     *store.GradeChange
}

// absorb records what a closed screen reported; it says whether the ledger
// changed, so the host reads its data again.
func (h *hosted) absorb(res popMsg) bool {
	if res.changed {
		h.changed = true
	}
	status := res.status
	if res.grade != nil {
		h.grade = res.grade
		status = joinStatus(status, res.grade.String())
	}
	h.setStatus(status, res.err != nil)
	return res.changed
}

func (h *hosted) setStatus(s string, isErr bool) { h.status, h.statusErr = s, isErr }

// result is what the host reports when it closes on customer id.
func (h *hosted) result(id int64) popMsg {
	return popMsg{status: h.status, changed: h.changed, customerID: id, grade: h.grade}
}

// statusView is the status line under the host's body ("" when none).
func (h *hosted) statusView(sty styles) string {
	if h.status == "" {
		return ""
	}
	if h.statusErr {
		return " " + sty.errMsg.Render(validate.Visible(h.status))
	}
	return " " + sty.statusOK.Render(validate.Visible(h.status))
}
