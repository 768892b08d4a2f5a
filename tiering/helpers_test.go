package tiering

import (
	"math/rand/v2"
	"time"

	"github.com/kehu-app/kehu/i18n"
)

// testNow is the fixed clock of the tests: mid-afternoon, so that date-based
// day counting is exercised.
func testNow() time.Time { return time.Date(2026, 11, 22, 15, 30, 0, 0, time.UTC) }

// ago is the date n days before testNow, at midnight UTC (as a stored ISO
// date would be parsed).
func ago(n int) time.Time { return time.Date(2026, 11, 22-n, 0, 0, 0, 0, time.UTC) }

// buyer is a customer whose last purchase was days ago, with freq purchases
// and fen spent in the window, a first purchase 200 days before the last.
func buyer(days, freq int, fen int64) Input {
	return Input{
		FirstPurchase: ago(days + 200),
		LastPurchase:  ago(days),
		Purchases:     freq + 1,
		Frequency:     freq,
		Monetary:      fen,
		MedianGapDays: 10,
	}
}

// absRules are the default rules with every dimension absolute (R 180, 90,
// 30, 7 days; F 2, 3, 5, 10; M 100, 500, 2000, 10000 yuan).
func absRules() Rules {
	r := DefaultRules()
	r.R.Mode, r.F.Mode, r.M.Mode = ModeAbsolute, ModeAbsolute, ModeAbsolute
	return r
}

// randomLedger makes n customers: about 10% prospects, 15% lapsed (no
// purchase in the window), the rest in the window with skewed values and
// plenty of ties.
func randomLedger(rng *rand.Rand, n int) []Input {
	ins := make([]Input, n)
	for i := range ins {
		in := &ins[i]
		in.ID = int64(i + 1)
		in.Potential = rng.IntN(6)
		switch x := rng.IntN(100); {
		case x < 10:
			// prospect
		case x < 25:
			last := 365 + rng.IntN(1500)
			in.LastPurchase = ago(last)
			in.FirstPurchase = ago(last + rng.IntN(900))
			in.Purchases = 1 + rng.IntN(20)
			in.MedianGapDays = float64(rng.IntN(200))
		default:
			last := rng.IntN(365)
			in.LastPurchase = ago(last)
			in.FirstPurchase = ago(last + rng.IntN(2000))
			in.Frequency = 1 + int(rng.ExpFloat64()*3)
			in.Purchases = in.Frequency + rng.IntN(30)
			in.Monetary = int64(rng.ExpFloat64()*50000) / 100 * 100 // whole yuan: ties
			if rng.IntN(10) == 0 {
				in.Monetary = int64(rng.IntN(1_000_000)) - 10_000 // any fen, refunds too
			}
			in.MedianGapDays = rng.Float64() * 120
		}
		if rng.IntN(50) == 0 {
			in.Pinned = string(rune('A' + rng.IntN(4)))
		}
	}
	return ins
}

// en is a problem of the rules as an English reader is told it, through
// the message catalogue.
func en(err error) string { return i18n.Message(err, i18n.EN) }
