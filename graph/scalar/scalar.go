// Package scalar marshals Guichet's custom GraphQL scalars.
package scalar

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"io"
	"strconv"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"

	"github.com/guichet/guichet/internal/apperr"
)

// MarshalID encodes an ent ID as an opaque global ID. ent gives every type
// its own range of IDs, so the number alone finds the node; the encoding
// only keeps clients from building IDs by hand.
func MarshalID(id int) graphql.Marshaler {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(id))
	return graphql.MarshalString(base64.RawURLEncoding.EncodeToString(b[:]))
}

// UnmarshalID decodes a global ID made by MarshalID. Decoding is strict, so
// that every node has exactly one ID.
func UnmarshalID(v any) (int, error) {
	s, ok := v.(string)
	if !ok {
		return 0, apperr.Errorf(apperr.Invalid, "an ID is a string")
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil || len(b) != 8 {
		return 0, apperr.Errorf(apperr.Invalid, "malformed ID %q", s)
	}
	id := binary.BigEndian.Uint64(b)
	if id == 0 || id > 1<<62 {
		return 0, apperr.Errorf(apperr.Invalid, "malformed ID %q", s)
	}
	return int(id), nil
}

// MarshalMinorUnits writes an amount as a string of digits: GraphQL's Int
// is 32-bit, and amounts in minor units exceed it.
func MarshalMinorUnits(v int64) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(strconv.FormatInt(v, 10)))
	})
}

// UnmarshalMinorUnits reads an amount given as a string of digits or, for
// convenience, as a JSON integer.
func UnmarshalMinorUnits(v any) (int64, error) {
	switch v := v.(type) {
	case string:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, apperr.Errorf(apperr.Invalid, "%q is not an amount in minor units (an integer)", v)
		}
		return n, nil
	case json.Number:
		n, err := v.Int64()
		if err != nil {
			return 0, apperr.Errorf(apperr.Invalid, "%s is not an amount in minor units (an integer)", v)
		}
		return n, nil
	case int:
		return int64(v), nil
	case int64:
		return v, nil
	default:
		return 0, apperr.Errorf(apperr.Invalid, "%v is not an amount in minor units (an integer)", v)
	}
}

// MarshalDate writes a YYYY-MM-DD day.
func MarshalDate(day string) graphql.Marshaler {
	return graphql.MarshalString(day)
}

// UnmarshalDate reads a YYYY-MM-DD day.
func UnmarshalDate(v any) (string, error) {
	s, _ := v.(string)
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return "", apperr.Errorf(apperr.Invalid, "%v is not a date (YYYY-MM-DD)", v)
	}
	return s, nil
}

// MarshalTime writes a timestamp in RFC 3339 with its offset.
func MarshalTime(t time.Time) graphql.Marshaler {
	return graphql.MarshalTime(t)
}

// UnmarshalTime reads an RFC 3339 timestamp.
func UnmarshalTime(v any) (time.Time, error) {
	s, _ := v.(string)
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, apperr.Errorf(apperr.Invalid, "%v is not an RFC 3339 timestamp such as 2026-11-26T08:00:00+01:00", v)
	}
	return t, nil
}

// MarshalCursor writes a pagination cursor.
func MarshalCursor(c entgql.Cursor[int]) graphql.Marshaler { return c }

// UnmarshalCursor reads a pagination cursor made by MarshalCursor.
func UnmarshalCursor(v any) (entgql.Cursor[int], error) {
	var c entgql.Cursor[int]
	if err := c.UnmarshalGQL(v); err != nil {
		return c, apperr.Errorf(apperr.Invalid, "malformed cursor %v", v)
	}
	return c, nil
}
