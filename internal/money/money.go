// Package money holds ISO 4217 currencies and amounts in integer minor units.
//
// Amounts are never floats: 12.50 CHF is 1250 minor units, 1000 JPY is 1000,
// 1.250 KWD is 1250. The exponent of each currency says where the decimal
// point goes when an amount is shown to a person.
package money

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Currency is an ISO 4217 alphabetic code.
type Currency string

// exponents lists the currencies Guichet accepts and their minor-unit
// exponent, as published in ISO 4217.
var exponents = map[Currency]int{
	"AED": 2, "AUD": 2, "BHD": 3, "BRL": 2, "CAD": 2, "CHF": 2, "CNY": 2,
	"CZK": 2, "DKK": 2, "EUR": 2, "GBP": 2, "HKD": 2, "HUF": 2, "ILS": 2,
	"INR": 2, "ISK": 0, "JOD": 3, "JPY": 0, "KRW": 0, "KWD": 3, "MAD": 2,
	"MXN": 2, "NOK": 2, "NZD": 2, "OMR": 3, "PLN": 2, "RON": 2, "SAR": 2,
	"SEK": 2, "SGD": 2, "THB": 2, "TND": 3, "TRY": 2, "USD": 2, "XOF": 0,
	"ZAR": 2,
}

// Currencies returns every accepted currency code, sorted.
func Currencies() []string {
	out := make([]string, 0, len(exponents))
	for c := range exponents {
		out = append(out, string(c))
	}
	slices.Sort(out)
	return out
}

// Valid reports whether c is an accepted ISO 4217 code.
func (c Currency) Valid() bool {
	_, ok := exponents[c]
	return ok
}

// Exponent is the number of digits after the decimal point for c.
func (c Currency) Exponent() int {
	return exponents[c]
}

// Format renders minor units as a plain decimal string in c's exponent,
// for example 1250 CHF as "12.50" and 1250 KWD as "1.250".
func Format(minor int64, c Currency) string {
	exp := c.Exponent()
	neg := minor < 0
	digits := strconv.FormatUint(absUint(minor), 10)
	if exp > 0 {
		if len(digits) <= exp {
			digits = strings.Repeat("0", exp-len(digits)+1) + digits
		}
		digits = digits[:len(digits)-exp] + "." + digits[len(digits)-exp:]
	}
	if neg {
		return "-" + digits
	}
	return digits
}

// Parse reads a decimal string such as "12.5" into minor units of c. It
// rejects more fractional digits than c allows rather than rounding money.
func Parse(s string, c Currency) (int64, error) {
	if !c.Valid() {
		return 0, fmt.Errorf("unknown currency %q", c)
	}
	s = strings.TrimSpace(s)
	whole, frac, hasDot := strings.Cut(s, ".")
	exp := c.Exponent()
	if hasDot && (frac == "" || len(frac) > exp) {
		return 0, fmt.Errorf("%q has more than %d decimals for %s", s, exp, c)
	}
	frac += strings.Repeat("0", exp-len(frac))
	v, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil || whole == "" || strings.ContainsAny(whole+frac, "+-") {
		return 0, fmt.Errorf("%q is not an amount", s)
	}
	return v, nil
}

func absUint(v int64) uint64 {
	if v < 0 {
		return uint64(-(v + 1)) + 1
	}
	return uint64(v)
}

// Values lists the accepted codes; ent uses it to type the currency columns.
func (Currency) Values() []string { return Currencies() }

// MarshalGQL writes c as a GraphQL enum value.
func (c Currency) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(string(c)))
}

// UnmarshalGQL reads a GraphQL enum value into c, refusing unknown codes.
func (c *Currency) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok || !Currency(s).Valid() {
		return fmt.Errorf("%v is not a supported ISO 4217 currency", v)
	}
	*c = Currency(s)
	return nil
}

// Money is an amount of one currency.
type Money struct {
	Amount   int64
	Currency Currency
}
