package model

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// expectedIfAliveQuad computes the same expectation as expectedIfAlive by
// integrating over the drop-out probability instead of through the
// hypergeometric function. It is the fallback where the hypergeometric route
// loses its accuracy (extreme parameters, horizons many times longer than
// α+T): slower, but every step is bounded and every term positive.
//
// Given alive, E = E_p[g(p)] with p ~ beta(a, β), β = b+x+s, and
// g(p) = (1 − (1+pc)^−k)/p, k = r+x, c = t/(α+T) (the rate already
// integrated out). On the logit scale y = ln(p/(1−p)) the integrand is
// smooth; the trapezoidal rule covers the range where g changes and the
// density has its mass, and the two tails, where g is constant to working
// precision, are added as g(0)·P(p < p_lo) and g(1)·P(p > p_hi) from the
// regularised incomplete beta function, with the Euler–Maclaurin end
// corrections of the cut.
func expectedIfAliveQuad(p Params, shift float64, s Stats, t float64) float64 {
	x := float64(s.X)
	k := p.R + x
	c := t / (p.Alpha + s.T)
	a, beta := p.A, p.B+x+shift
	g0 := k * c
	g := func(q float64) float64 {
		if q*c*k < 1e-13 {
			return g0
		}
		return -math.Expm1(-k*math.Log1p(q*c)) / q
	}
	lb := lgamma(a) + lgamma(beta) - lgamma(a+beta)
	// The density's peak sits at ln(a/β) with a width of about
	// sqrt(1/a + 1/β); g turns where p·c·k is near 1 and is flat to 1e-16
	// below p = 1e-16/(ck).
	mode := math.Log(a / beta)
	width := math.Sqrt(1/a + 1/beta)
	lo := math.Min(mode-40, -math.Log(g0+1)-37)
	hi := math.Max(mode+40, 40)
	if width < 1 {
		// A narrow density (large a and β: a drop-out probability nearly
		// the same for everyone) has no mass beyond some widths of its
		// peak, so the range shrinks with it and the node count stays
		// bounded instead of growing as 1/width; the tails below are then
		// negligible whatever g does there. Below a width of 0.1 (a and β
		// above about 200) the density on this scale is close to normal,
		// and 12 widths leave out less than 1e-30 of it.
		span := 40.0
		if width < 0.1 {
			span = 12
		}
		lo, hi = math.Max(lo, mode-span*width), math.Min(hi, mode+span*width)
	}
	h := math.Min(0.2, width/6)
	n := int(math.Ceil((hi - lo) / h))
	const maxNodes = 400000
	if n > maxNodes {
		n = maxNodes
	}
	h = (hi - lo) / float64(n)
	f := func(y float64) float64 {
		lp := -math.Log1p(math.Exp(-y)) // ln p
		l1p := -math.Log1p(math.Exp(y)) // ln(1−p)
		return math.Exp(a*lp+beta*l1p-lb) * g(math.Exp(lp))
	}
	sum := (f(lo) + f(hi)) / 2
	for i := 1; i < n; i++ {
		sum += f(lo + float64(i)*h)
	}
	fLo, fHi := f(lo), f(hi)
	// Beyond the cut the density goes as e^{a·y} on the left and e^{−β·y} on
	// the right, so f' ≈ a·f(lo) and −β·f(hi) at the ends.
	correction := -h * h / 12 * (-beta*fHi - a*fLo)
	pLo := 1 / (1 + math.Exp(-lo))
	qHi := 1 / (1 + math.Exp(hi)) // 1 − p_hi
	tails := g0*mathext.RegIncBeta(a, beta, pLo) + g(1-qHi)*mathext.RegIncBeta(beta, a, qHi)
	return h*sum + correction + tails
}
