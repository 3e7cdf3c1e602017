package oracle

import (
	"math/big"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// Figures are exact rationals (*big.Rat), nil for no data: a typed cell is a
// finite decimal, a growth or a ratio an exact quotient. Nothing here goes
// through float64, so a tie such as 2.675 or 50.5 is a tie, and the only
// rounding is the one a page does when it shows a figure.

// rule is how a figure is rounded for display: half-up (四舍五入, half away
// from zero) or half-even (GB/T 8170 修约).
type rule string

const (
	halfUp   rule = "half-up"
	halfEven rule = "half-even"
)

func (r rule) other() rule {
	if r == halfEven {
		return halfUp
	}
	return halfEven
}

var ten = big.NewInt(10)

func pow10(n int) *big.Int { return new(big.Int).Exp(ten, big.NewInt(int64(n)), nil) }

// roundRat is x rounded to places decimals by r, as a rational.
func roundRat(x *big.Rat, places int, r rule) *big.Rat {
	scale := pow10(places)
	y := new(big.Rat).Mul(x, new(big.Rat).SetInt(scale))
	neg := y.Sign() < 0
	y.Abs(y)
	q, rem := new(big.Int).QuoRem(y.Num(), y.Denom(), new(big.Int))
	// rem/denom against one half: compare 2*rem with denom.
	switch new(big.Int).Lsh(rem, 1).Cmp(y.Denom()) {
	case 1:
		q.Add(q, big.NewInt(1))
	case 0:
		if r == halfUp || q.Bit(0) == 1 {
			q.Add(q, big.NewInt(1))
		}
	}
	if neg {
		q.Neg(q)
	}
	return new(big.Rat).SetFrac(q, scale)
}

// fixed is x rounded to places by r, written with exactly places decimals,
// no separators, and no sign on a zero: "6.3", "-0.2", "0.0", "51".
func fixed(x *big.Rat, places int, r rule) string {
	return ratText(roundRat(x, places, r), places)
}

// ratText writes a rational that has at most places decimals.
func ratText(x *big.Rat, places int) string {
	s := x.FloatString(places)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	return s
}

// floatFixed is how a program that holds x as a binary float64 writes it
// to places decimals: what a page shows when it rounds the float's
// expansion instead of the decimal (2.675 → 2.67, 1.005 → 1.00, 0.15 → 0.1).
func floatFixed(x *big.Rat, places int) string {
	f, _ := x.Float64()
	s := strconv.FormatFloat(f, 'f', places, 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	return s
}

// exactText is x's full decimal form if it has one (typed figures and
// their sums do), else its first 20 decimals with "…".
func exactText(x *big.Rat) string {
	if x == nil {
		return "—"
	}
	for places := 0; places <= 20; places++ {
		if new(big.Rat).Mul(x, new(big.Rat).SetInt(pow10(places))).IsInt() {
			return ratText(x, places)
		}
	}
	return x.FloatString(20) + "…"
}

// placesOf is how many decimals x needs to be written exactly, or -1 when
// it has no finite decimal form.
func placesOf(x *big.Rat) int {
	for places := 0; places <= 30; places++ {
		if new(big.Rat).Mul(x, new(big.Rat).SetInt(pow10(places))).IsInt() {
			return places
		}
	}
	return -1
}

// number is a number read from an output: its value and how many
// decimals it was written with.
type number struct {
	v      *big.Rat
	places int
	text   string // as written, for messages
}

// parseNumber reads the first number in an output's text, as readers see
// it: thousands separators, a leading + or a minus sign (- or −), a unit
// or % after it. ok is false when the text holds no number.
func parseNumber(s string) (number, bool) {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '−' || r == '–':
			return '-'
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '．':
			return '.'
		}
		return r
	}, s)
	start := -1
	for i, r := range s {
		if unicode.IsDigit(r) {
			start = i
			break
		}
	}
	if start < 0 {
		return number{}, false
	}
	neg := false
	for j := start - 1; j >= 0; j-- {
		c := s[j]
		if c == ' ' || c == '+' {
			continue
		}
		neg = c == '-'
		break
	}
	var digits strings.Builder
	places, seenPoint := 0, false
	end := start
	for i := start; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits.WriteByte(c)
			if seenPoint {
				places++
			}
		case c == ',' && !seenPoint && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			// a thousands separator
		case c == '.' && !seenPoint && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			seenPoint = true
			digits.WriteByte('.')
		case (c == 'e' || c == 'E') && i+1 < len(s):
			// Exponent notation in a data file (1e-05): read it whole.
			j := i + 1
			if s[j] == '-' || s[j] == '+' {
				j++
			}
			k := j
			for k < len(s) && s[k] >= '0' && s[k] <= '9' {
				k++
			}
			if k == j {
				goto done
			}
			digits.WriteString(s[i:k])
			exp, _ := strconv.Atoi(s[i+1 : k])
			places -= exp
			i = k - 1
		default:
			goto done
		}
		end = i + 1
	}
done:
	v, ok := new(big.Rat).SetString(digits.String())
	if !ok {
		return number{}, false
	}
	if neg {
		v.Neg(v)
	}
	return number{v: v, places: max(places, 0), text: strings.TrimSpace(s[max(0, start-1):end])}, true
}

// missingText reports whether an output's text says "no data".
func missingText(s string) bool {
	switch strings.TrimSpace(s) {
	case "", "—", "-", "–", "——", "/", "…", "null", "NaN", "n/a", "N/A":
		return true
	}
	return false
}

// TestOracleRounding checks the oracle's own rounding on issue 10's edge
// values: the oracle is only as good as this.
func TestOracleRounding(t *testing.T) {
	for _, c := range []struct {
		x                string
		places           int
		halfUp, halfEven string
	}{
		{"0.05", 1, "0.1", "0.0"}, {"0.15", 1, "0.2", "0.2"}, {"0.25", 1, "0.3", "0.2"},
		{"2.65", 1, "2.7", "2.6"}, {"2.675", 2, "2.68", "2.68"}, {"1.005", 2, "1.01", "1.00"},
		{"4.125", 2, "4.13", "4.12"}, {"6.25", 1, "6.3", "6.2"}, {"-6.25", 1, "-6.3", "-6.2"},
		{"50.5", 0, "51", "50"}, {"6660.5", 0, "6661", "6660"}, {"55980.5", 0, "55981", "55980"},
		{"12.345", 2, "12.35", "12.34"}, {"12.345", 1, "12.3", "12.3"}, {"-0.04", 1, "0.0", "0.0"},
		{"15.01", 1, "15.0", "15.0"}, {"19.9", 0, "20", "20"},
	} {
		x, _ := new(big.Rat).SetString(c.x)
		if got := fixed(x, c.places, halfUp); got != c.halfUp {
			t.Errorf("fixed(%s, %d, half-up) = %s, want %s", c.x, c.places, got, c.halfUp)
		}
		if got := fixed(x, c.places, halfEven); got != c.halfEven {
			t.Errorf("fixed(%s, %d, half-even) = %s, want %s", c.x, c.places, got, c.halfEven)
		}
	}
	// 19.9 / 15.01 is the seed's +32.6%.
	g, _ := growth(big.NewRat(199, 10), big.NewRat(1501, 100))
	if got := fixed(g, 1, halfUp); got != "32.6" {
		t.Errorf("growth 15.01 → 19.9 = %s%%, want 32.6%%", got)
	}
	for _, c := range []struct {
		text   string
		v      string
		places int
	}{
		{"+1,234.50个百分点", "1234.5", 2}, {"−6.3%", "-6.3", 1}, {"-0.04", "-0.04", 2}, {"13/13个镇报送", "13", 0}, {"1e-05", "0.00001", 5},
	} {
		n, ok := parseNumber(c.text)
		want, _ := new(big.Rat).SetString(c.v)
		if !ok || n.v.Cmp(want) != 0 || n.places != c.places {
			t.Errorf("parseNumber(%q) = %v %d %v, want %s with %d places", c.text, n.v, n.places, ok, c.v, c.places)
		}
	}
	for code, want := range map[string]string{"0.0": "4.7", "#,##0": "5", "0.00": "4.65", "General": "4.65", `0.0"%"`: "4.7%", "#,##0.0;-#,##0.0": "4.7"} {
		if got, _ := excelShown("4.65", code); got != want {
			t.Errorf("excelShown(4.65, %q) = %q, want %q", code, got, want)
		}
	}
	if got, _ := excelShown("-1234.5", "#,##0;-#,##0"); got != "-1,235" {
		t.Errorf("excelShown(-1234.5) = %q, want -1,235 (Excel rounds half away from zero)", got)
	}
}
