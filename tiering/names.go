package tiering

import (
	"slices"
	"strings"

	"github.com/kehu-app/kehu/i18n"
)

// Segment keys: the 8-class Chinese RFM model, for customers with a
// purchase in the window. Each dimension is high or low against the ledger
// average (Cuts.AvgR, AvgF, AvgM): R is high when the days since the last
// purchase are fewer than the average (more recent), F and M are high when
// strictly above the average. A value equal to the average is low, so in a
// ledger where everyone is alike everyone is general_retain.
const (
	SegImportantValue   = "important_value"   // 重要价值: R high, F high, M high
	SegImportantDevelop = "important_develop" // 重要发展: R high, F low, M high
	SegImportantKeep    = "important_keep"    // 重要保持: R low, F high, M high
	SegImportantRetain  = "important_retain"  // 重要挽留: R low, F low, M high
	SegGeneralValue     = "general_value"     // 一般价值: R high, F high, M low
	SegGeneralDevelop   = "general_develop"   // 一般发展: R high, F low, M low
	SegGeneralKeep      = "general_keep"      // 一般保持: R low, F high, M low
	SegGeneralRetain    = "general_retain"    // 一般挽留: R low, F low, M low
)

// Stage keys: where a customer is in its life cycle.
const (
	StageProspect = "prospect" // 潜在: no purchase yet
	StageNew      = "new"      // 新客: first purchase fewer than NewDays days ago
	StageActive   = "active"   // 活跃: none of the others
	StageDormant  = "dormant"  // 沉睡: no purchase for longer than max(DormantDays, DormantGapFactor × median gap)
	StageChurned  = "churned"  // 流失: no purchase for ChurnDays days or more
)

// Stage boundaries, in days.
const (
	// NewDays: a customer whose first purchase is fewer than NewDays days
	// old (days 0..29) is new.
	NewDays = 30
	// DormantDays is the shortest silence, in days, that makes a customer
	// dormant: dormant when days since the last purchase is greater than
	// max(DormantDays, DormantGapFactor × MedianGapDays).
	DormantDays = 90
	// DormantGapFactor multiplies the customer's median gap between
	// purchases to get its own dormancy threshold.
	DormantGapFactor = 3
	// ChurnDays: a customer with no purchase for ChurnDays days or more is
	// churned.
	ChurnDays = 365
)

// segmentOf maps the three high/low flags to a segment key.
func segmentOf(rHigh, fHigh, mHigh bool) string {
	switch {
	case rHigh && fHigh && mHigh:
		return SegImportantValue
	case rHigh && !fHigh && mHigh:
		return SegImportantDevelop
	case !rHigh && fHigh && mHigh:
		return SegImportantKeep
	case !rHigh && !fHigh && mHigh:
		return SegImportantRetain
	case rHigh && fHigh:
		return SegGeneralValue
	case rHigh:
		return SegGeneralDevelop
	case fHigh:
		return SegGeneralKeep
	}
	return SegGeneralRetain
}

// Segments returns the 8 segment keys, from most to least valuable.
func Segments() []string {
	return []string{
		SegImportantValue, SegImportantDevelop, SegImportantKeep, SegImportantRetain,
		SegGeneralValue, SegGeneralDevelop, SegGeneralKeep, SegGeneralRetain,
	}
}

// langOf maps lang ("zh", "zh-CN", "zh_Hans"... or anything else for
// English) to the catalogue's language.
func langOf(lang string) i18n.Lang {
	if len(lang) >= 2 && strings.EqualFold(lang[:2], "zh") {
		return i18n.ZH
	}
	return i18n.EN
}

// SegmentName returns the display name of a segment key in lang ("zh" or
// "en"); an unknown key is returned as is, "" stays "".
func SegmentName(key, lang string) string {
	if !slices.Contains(Segments(), key) {
		return key
	}
	return langOf(lang).T("segment." + key)
}

// Stages returns the stage keys in life-cycle order.
func Stages() []string {
	return []string{StageProspect, StageNew, StageActive, StageDormant, StageChurned}
}

// StageName returns the display name of a stage key in lang ("zh" or "en");
// an unknown key is returned as is.
func StageName(key, lang string) string {
	if !slices.Contains(Stages(), key) {
		return key
	}
	return langOf(lang).T("stage." + key)
}
