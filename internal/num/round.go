package num

import "math"

// Round is d rounded to places decimals by rule, exactly; a missing d stays
// missing. A cut-off quotient rounds as its true value would (see Dec), as
// long as it holds a digit beyond places; every quotient this package
// makes does for places up to 6 (see Quo).
func (d Dec) Round(places int, rule Rule) Dec {
	if !d.OK() {
		return d
	}
	drop := -places - int(d.exp) // digits to drop off the coefficient
	if drop <= 0 {
		if d.flags&more == 0 {
			return d
		}
		// The cut-off digits are all at or past places: the value is
		// only known to lie between these digits and the next. Cannot
		// happen for the figures this package makes; round the digits.
		return norm(d.coef, d.exp, d.flags&derived)
	}
	neg := d.coef < 0
	c := abs64(d.coef)
	var q, r, half uint64
	switch {
	case drop < len(pow10u):
		p := pow10u[drop]
		q, r, half = c/p, c%p, p/2
	default:
		// Dropping more digits than an int64 has: the kept part is 0 and
		// the dropped part is below half (c < 10^19 ≤ half of 10^drop).
		q, r, half = 0, 0, 1
	}
	up := false
	switch {
	case r > half:
		up = true
	case r == half && d.flags&more != 0:
		up = true // past the half-way point by what was cut off
	case r == half && half != 0:
		up = rule == HalfUp || q%2 == 1
	}
	if up {
		q++
	}
	v := int64(q)
	if neg {
		v = -v
	}
	exp := -places
	if exp < math.MinInt16 || exp > math.MaxInt16 {
		return Zero
	}
	return norm(v, int16(exp), d.flags&derived)
}

// Fixed is d rounded to places by rule and written with exactly places
// decimals and no separators: 6.3, 15.0, -0.5, 12. A figure that rounds
// to zero is written without a sign (0.0, not -0.0). Missing is "".
func (d Dec) Fixed(places int, rule Rule) string {
	if !d.OK() {
		return ""
	}
	var buf [48]byte
	return string(d.AppendFixed(buf[:0], places, rule, false))
}

// Grouped is Fixed with thousands separators: 1,250.0.
func (d Dec) Grouped(places int, rule Rule) string {
	if !d.OK() {
		return ""
	}
	var buf [64]byte
	return string(d.AppendFixed(buf[:0], places, rule, true))
}

// AppendFixed appends Fixed's form of d, with thousands separators if
// group is set.
func (d Dec) AppendFixed(b []byte, places int, rule Rule, group bool) []byte {
	if !d.OK() {
		return b
	}
	places = max(places, 0)
	r := d.Round(places, rule)
	if r.coef < 0 {
		b = append(b, '-')
	}
	// The rounded value is norm's coef×10^exp with exp ≥ -places; write its
	// digits, then pad the decimals to places.
	var tmp [48]byte
	digits := appendDigits(tmp[:0], abs64(r.coef), int(r.exp))
	intLen := len(digits)
	for i, c := range digits {
		if c == '.' {
			intLen = i
			break
		}
	}
	for i := 0; i < intLen; i++ {
		if group && i > 0 && (intLen-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, digits[i])
	}
	fracHave := 0
	if intLen < len(digits) {
		fracHave = len(digits) - intLen - 1
	}
	if places > 0 {
		b = append(b, '.')
		if fracHave > 0 {
			b = append(b, digits[intLen+1:]...)
		}
		for range places - fracHave {
			b = append(b, '0')
		}
	}
	return b
}

// Signed is Grouped with a + before a positive figure: +3.2, -1.0, 0.0.
func (d Dec) Signed(places int, rule Rule) string {
	s := d.Grouped(places, rule)
	if s != "" && d.Round(places, rule).Sign() > 0 {
		return "+" + s
	}
	return s
}
