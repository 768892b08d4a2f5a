package store

import (
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/validate"
)

// Grade-history reasons: the key written to the history, followed for some
// by a space and a detail ("purchase 580.00", "edit potential",
// "import 客户.xlsx"). ReasonText says them in the reader's language.
const (
	ReasonPurchase = "purchase" // a purchase logged; detail: the amount
	ReasonRefund   = "refund"   // a refund logged; detail: the amount
	ReasonEdit     = "edit"     // a cell edited; detail: the column key
	ReasonAdded    = "added"    // a customer added
	ReasonUndo     = "undo"     // a change undone
	ReasonRedo     = "redo"     // a change redone
	ReasonImport   = "import"   // an import; detail: the file
	ReasonRules    = "rules"    // the owner changed the tiering rules
	ReasonTime     = "time"     // days passed: recency, stage and segment moved
	ReasonCuts     = "cuts"     // another customer's change moved the quintile cut points
	ReasonMerge    = "merge"    // two customers merged; detail: the other one, "#12"
)

// legacyReasons are reasons older ledgers wrote, with the key they mean.
var legacyReasons = map[string]string{
	"live":          ReasonCuts,
	"rules changed": ReasonRules,
	"loaded":        ReasonAdded,
}

// ReasonText is a grade-history reason in lang, e.g. "时间推移" or
// "购买 ¥1,280.00". A reason kehu does not know is shown as written.
func (s *Store) ReasonText(reason string, l i18n.Lang) string {
	if k, ok := legacyReasons[reason]; ok {
		reason = k
	}
	key, detail, _ := strings.Cut(reason, " ")
	switch key {
	case ReasonTime, ReasonCuts, ReasonRules, ReasonAdded, ReasonUndo, ReasonRedo:
		if detail == "" {
			return l.T("reason." + key)
		}
	case ReasonPurchase, ReasonRefund:
		// The amount is stored plain; it is read the way money is read everywhere.
		if fen, err := validate.Money(detail); err == nil {
			detail = validate.FormatYuan(fen)
		}
		return l.T("reason."+key, detail)
	case ReasonImport, ReasonMerge:
		return l.T("reason."+key, detail)
	case ReasonEdit:
		if c, ok := s.Column(detail); ok {
			detail = c.Label(l)
		}
		return l.T("reason.edit", detail)
	}
	return reason
}
