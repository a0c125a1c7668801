package schema

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"entgo.io/ent"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	gen "github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/hook"
	"github.com/guichet/guichet/ent/label"
	"github.com/guichet/guichet/internal/apperr"
)

// MaxLabelName is the longest label name, in characters (code points)
// after trimming.
const MaxLabelName = 50

var folder = cases.Fold()

// normalizeLabelName returns the name as stored (NFC, trimmed) and the key
// that makes names unique per merchant regardless of case.
func normalizeLabelName(name string) (display, key string, err error) {
	display = strings.TrimSpace(norm.NFC.String(name))
	switch n := utf8.RuneCountInString(display); {
	case n == 0:
		return "", "", apperr.InvalidField("name", "a label name cannot be empty")
	case n > MaxLabelName:
		return "", "", apperr.InvalidField("name", "a label name has at most %d characters, this one has %d", MaxLabelName, n)
	}
	if strings.IndexFunc(display, unicode.IsControl) >= 0 {
		return "", "", apperr.InvalidField("name", "a label name cannot contain control characters")
	}
	return display, folder.String(display), nil
}

// labelNameHook enforces the label name rules on every write: trimmed,
// 1 to 50 characters, unique per merchant without regard to case.
func labelNameHook(next ent.Mutator) ent.Mutator {
	return hook.LabelFunc(func(ctx context.Context, m *gen.LabelMutation) (ent.Value, error) {
		name, ok := m.Name()
		if !ok {
			return next.Mutate(ctx, m)
		}
		display, key, err := normalizeLabelName(name)
		if err != nil {
			return nil, err
		}
		m.SetName(display)
		m.SetNameKey(key)
		merchantID, set := m.MerchantID()
		if !set {
			if merchantID, err = m.OldMerchantID(ctx); err != nil {
				return nil, err
			}
		}
		taken := m.Client().Label.Query().Where(label.MerchantID(merchantID), label.NameKey(key))
		if id, exists := m.ID(); exists {
			taken = taken.Where(label.IDNEQ(id))
		}
		conflict := &apperr.Error{Code: apperr.Conflict, Field: "name", Message: "a label named \"" + display + "\" already exists"}
		if n, err := taken.Count(ctx); err != nil {
			return nil, err
		} else if n > 0 {
			return nil, conflict
		}
		v, err := next.Mutate(ctx, m)
		if gen.IsConstraintError(err) && strings.Contains(err.Error(), label.FieldNameKey) {
			// A concurrent transaction took the name after the check above.
			return nil, conflict
		}
		return v, err
	})
}
