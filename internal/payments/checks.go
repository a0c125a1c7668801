package payments

import (
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/guichet/guichet/internal/apperr"
)

// MaxReference is the longest order reference, suffix included.
const MaxReference = 64

var alphanumeric = regexp.MustCompile(`^[A-Za-z0-9]*$`)

// CheckReference checks an order reference: letters and digits, at most
// 64 characters, required when the shop says so. With several recipients
// (n > 1) each link's reference gets a suffix such as -001, and the
// suffixed reference must fit too.
func CheckReference(field, ref string, required bool, n int) error {
	switch {
	case ref == "" && required:
		return apperr.InvalidField(field, "this shop requires an order reference")
	case !alphanumeric.MatchString(ref):
		return apperr.InvalidField(field, "an order reference has only letters and digits (A-Z, a-z, 0-9)")
	case len(ref) > MaxReference:
		return apperr.InvalidField(field, "an order reference has at most %d characters, not %d", MaxReference, len(ref))
	case ref != "" && n > 1 && len(ref)+len(Suffix(n, n)) > MaxReference:
		return apperr.InvalidField(field, "with %d recipients each reference gets a suffix such as %s, so it must have at most %d characters, not %d",
			n, Suffix(1, n), MaxReference-len(Suffix(n, n)), len(ref))
	}
	return nil
}

// Suffix is the suffix of the i-th (from 1) of n links' references:
// "-001" up to 999 recipients, wider beyond.
func Suffix(i, n int) string {
	width := max(3, len(fmt.Sprint(n)))
	return fmt.Sprintf("-%0*d", width, i)
}

// ParseRecipients reads e-mail addresses given as a list whose items may
// each hold several addresses separated by ";". Spaces and empty parts are
// ignored. Every invalid or repeated address is reported, each naming its
// position among the addresses (field[i], from 0).
func ParseRecipients(field string, items []string) ([]string, error) {
	var out []string
	var errs apperr.List
	seen := map[string]int{}
	for _, item := range items {
		for _, part := range strings.Split(item, ";") {
			addr := strings.TrimSpace(part)
			if addr == "" {
				continue
			}
			i := len(out)
			out = append(out, addr)
			path := fmt.Sprintf("%s[%d]", field, i)
			if err := CheckAddress(path, addr); err != nil {
				errs = append(errs, err.(*apperr.Error))
				continue
			}
			key := strings.ToLower(addr)
			if first, dup := seen[key]; dup {
				errs = append(errs, apperr.InvalidField(path, "%s is already recipient %d", addr, first+1))
				continue
			}
			seen[key] = i
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(out) == 0 {
		return nil, apperr.InvalidField(field, "give at least one recipient's e-mail address")
	}
	return out, nil
}

var addressShape = regexp.MustCompile(`^[^\s@]+@[^\s@]+\.[^\s@]+$`)

// CheckAddress checks one bare e-mail address.
func CheckAddress(field, addr string) error {
	a, err := mail.ParseAddress(addr)
	if err != nil || a.Address != addr || len(addr) > 254 || !addressShape.MatchString(addr) {
		return apperr.InvalidField(field, "%q is not an e-mail address", addr)
	}
	return nil
}

// checkLen refuses a text longer than n characters.
func checkLen(field, s string, n int) error {
	if utf8.RuneCountInString(s) > n {
		return apperr.InvalidField(field, "at most %d characters", n)
	}
	return nil
}

// firstError returns the first error of errs that is not nil.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
