package money_test

import (
	"math"
	"testing"

	"github.com/guichet/guichet/internal/money"
)

func TestExponent(t *testing.T) {
	for _, c := range []struct {
		currency money.Currency
		want     int
	}{
		{"CHF", 2}, {"EUR", 2}, {"JPY", 0}, {"KRW", 0}, {"KWD", 3}, {"BHD", 3}, {"XXX", 0},
	} {
		t.Run(string(c.currency), func(t *testing.T) {
			if got := c.currency.Exponent(); got != c.want {
				t.Errorf("got %d, want %d", got, c.want)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	for _, c := range []struct {
		minor    int64
		currency money.Currency
		want     string
	}{
		{1250, "CHF", "12.50"},
		{5, "CHF", "0.05"},
		{50, "EUR", "0.50"},
		{0, "EUR", "0.00"},
		{100, "EUR", "1.00"},
		{-1250, "CHF", "-12.50"},
		{-5, "EUR", "-0.05"},
		{1000, "JPY", "1000"},
		{0, "JPY", "0"},
		{-7, "JPY", "-7"},
		{1250, "KWD", "1.250"},
		{1, "KWD", "0.001"},
		{-1, "KWD", "-0.001"},
		{-1000, "KWD", "-1.000"},
		{1<<53 + 1, "CHF", "90071992547409.93"},
		{math.MaxInt64, "JPY", "9223372036854775807"},
		{math.MaxInt64, "CHF", "92233720368547758.07"},
		{math.MinInt64, "CHF", "-92233720368547758.08"},
		{math.MinInt64, "KWD", "-9223372036854775.808"},
	} {
		t.Run(c.want+" "+string(c.currency), func(t *testing.T) {
			if got := money.Format(c.minor, c.currency); got != c.want {
				t.Errorf("Format(%d, %s): got %q, want %q", c.minor, c.currency, got, c.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	for _, c := range []struct {
		text     string
		currency money.Currency
		want     int64
	}{
		{"12.50", "CHF", 1250},
		{"12.5", "CHF", 1250},
		{"12", "CHF", 1200},
		{"0.05", "EUR", 5},
		{"0", "EUR", 0},
		{" 3.10 ", "EUR", 310},
		{"007.00", "EUR", 700},
		{"1000", "JPY", 1000},
		{"0", "JPY", 0},
		{"1.250", "KWD", 1250},
		{"1.25", "KWD", 1250},
		{"0.001", "KWD", 1},
		{"90071992547409.93", "CHF", 1<<53 + 1},
		{"92233720368547758.07", "CHF", math.MaxInt64},
		{"9223372036854775807", "JPY", math.MaxInt64},
	} {
		t.Run(c.text+" "+string(c.currency), func(t *testing.T) {
			got, err := money.Parse(c.text, c.currency)
			if err != nil {
				t.Fatalf("Parse(%q, %s): %v", c.text, c.currency, err)
			}
			if got != c.want {
				t.Errorf("Parse(%q, %s): got %d, want %d", c.text, c.currency, got, c.want)
			}
		})
	}
}

func TestParseRefuses(t *testing.T) {
	for _, c := range []struct {
		name, text string
		currency   money.Currency
	}{
		{"decimals for JPY", "12.5", "JPY"},
		{"a point alone for JPY", "12.", "JPY"},
		{"three decimals for CHF", "12.505", "CHF"},
		{"four decimals for KWD", "1.2505", "KWD"},
		{"a trailing point", "12.", "CHF"},
		{"no whole part", ".50", "CHF"},
		{"two points", "1.2.3", "KWD"},
		{"empty", "", "CHF"},
		{"blank", "   ", "CHF"},
		{"a minus sign", "-12.50", "CHF"},
		{"a negative yen amount", "-7", "JPY"},
		{"a plus sign", "+12.50", "CHF"},
		{"a sign in the decimals", "1.-5", "KWD"},
		{"a comma", "12,50", "EUR"},
		{"an exponent", "1e3", "JPY"},
		{"underscores", "1_000", "JPY"},
		{"letters", "douze", "CHF"},
		{"over int64", "92233720368547758.08", "CHF"},
		{"over int64 without decimals", "9223372036854775808", "JPY"},
		{"an unknown currency", "12.50", "XXX"},
		{"a lowercase currency", "12.50", "chf"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got, err := money.Parse(c.text, c.currency); err == nil {
				t.Errorf("Parse(%q, %s): got %d, want an error", c.text, c.currency, got)
			}
		})
	}
}

// TestRoundTrip checks that what Format writes Parse reads back, for every
// currency and the amounts people enter (never negative).
func TestRoundTrip(t *testing.T) {
	for _, code := range money.Currencies() {
		c := money.Currency(code)
		t.Run(code, func(t *testing.T) {
			for _, minor := range []int64{0, 1, 9, 10, 99, 100, 101, 1234567, 1<<53 + 1, math.MaxInt64} {
				text := money.Format(minor, c)
				got, err := money.Parse(text, c)
				if err != nil || got != minor {
					t.Errorf("Parse(Format(%d)) = Parse(%q): got %d, %v", minor, text, got, err)
				}
			}
		})
	}
}

func TestCurrencyGQL(t *testing.T) {
	var c money.Currency
	for _, bad := range []any{"XXX", "chf", "", 12, nil} {
		if err := c.UnmarshalGQL(bad); err == nil {
			t.Errorf("UnmarshalGQL(%v): got %q, want an error", bad, c)
		}
	}
	if err := c.UnmarshalGQL("KWD"); err != nil || c != "KWD" {
		t.Errorf("UnmarshalGQL(KWD): got %q, %v", c, err)
	}
}
