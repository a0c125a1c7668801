package scalar_test

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/guichet/guichet/graph/scalar"
	"github.com/guichet/guichet/internal/apperr"
)

// wire returns what m writes, decoded from JSON.
func wire(t *testing.T, m graphql.Marshaler) any {
	t.Helper()
	var b bytes.Buffer
	m.MarshalGQL(&b)
	d := json.NewDecoder(&b)
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("%q is not JSON: %v", b.String(), err)
	}
	return v
}

func TestIDRoundTrip(t *testing.T) {
	for _, id := range []int{1, 2, 255, 1 << 32, 6<<32 + 12345, 1<<62 - 1, 1 << 62} {
		t.Run(strconv.Itoa(id), func(t *testing.T) {
			s, ok := wire(t, scalar.MarshalID(id)).(string)
			if !ok {
				t.Fatalf("ID %d is not written as a string", id)
			}
			got, err := scalar.UnmarshalID(s)
			if err != nil {
				t.Fatalf("UnmarshalID(%q): %v", s, err)
			}
			if got != id {
				t.Errorf("got %d, want %d", got, id)
			}
		})
	}
	if a, b := wire(t, scalar.MarshalID(6<<32+1)), wire(t, scalar.MarshalID(6<<32+2)); a == b {
		t.Errorf("two IDs are both written %v", a)
	}
}

func TestMalformedIDs(t *testing.T) {
	raw := func(n uint64) string {
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], n)
		return base64.RawURLEncoding.EncodeToString(b[:])
	}
	canonical := wire(t, scalar.MarshalID(6<<32+1)).(string)
	last := canonical[len(canonical)-1]
	for _, c := range []struct {
		name string
		v    any
	}{
		{"number", 12},
		{"JSON number", json.Number("12")},
		{"null", nil},
		{"empty", ""},
		{"not base64", "!!!!"},
		{"seven bytes", base64.RawURLEncoding.EncodeToString([]byte{0, 0, 0, 6, 0, 0, 1})},
		{"nine bytes", base64.RawURLEncoding.EncodeToString([]byte{0, 0, 0, 0, 6, 0, 0, 0, 1})},
		{"padded", base64.URLEncoding.EncodeToString([]byte{0, 0, 0, 6, 0, 0, 0, 1})},
		{"standard alphabet", base64.RawStdEncoding.EncodeToString([]byte{0xff, 0xfb, 0, 6, 0, 0, 0, 1})},
		{"zero", raw(0)},
		{"over 2^62", raw(1<<62 + 1)},
		{"negative", raw(math.MaxUint64)},
		{"the decimal ID", strconv.Itoa(6<<32 + 1)},
		{"a canonical ID with other trailing bits", canonical[:len(canonical)-1] + string(last+1)},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := scalar.UnmarshalID(c.v)
			if err == nil {
				t.Fatalf("UnmarshalID(%v): got %d, want an error", c.v, got)
			}
			if code := apperr.CodeOf(err); code != apperr.Invalid {
				t.Errorf("got code %s, want %s", code, apperr.Invalid)
			}
		})
	}
}

func TestMinorUnits(t *testing.T) {
	for _, n := range []int64{0, 1, 1250, 1 << 31, 1 << 53, 1<<53 + 1, math.MaxInt64, -5} {
		t.Run(strconv.FormatInt(n, 10), func(t *testing.T) {
			v := wire(t, scalar.MarshalMinorUnits(n))
			s, ok := v.(string)
			if !ok {
				t.Fatalf("got %v (%T), want a string", v, v)
			}
			if want := strconv.FormatInt(n, 10); s != want {
				t.Errorf("got %q, want %q", s, want)
			}
			for _, in := range []any{s, json.Number(s), n} {
				got, err := scalar.UnmarshalMinorUnits(in)
				if err != nil || got != n {
					t.Errorf("UnmarshalMinorUnits(%#v): got %d, %v, want %d", in, got, err, n)
				}
			}
		})
	}
	t.Run("an int", func(t *testing.T) {
		if got, err := scalar.UnmarshalMinorUnits(1250); err != nil || got != 1250 {
			t.Errorf("got %d, %v", got, err)
		}
	})
	for _, bad := range []any{"12.50", "", "1e3", " 12", "9223372036854775808", json.Number("12.5"), json.Number("1e3"), 12.5, float64(1 << 53), true, nil} {
		got, err := scalar.UnmarshalMinorUnits(bad)
		if err == nil {
			t.Errorf("UnmarshalMinorUnits(%#v): got %d, want an error", bad, got)
		} else if code := apperr.CodeOf(err); code != apperr.Invalid {
			t.Errorf("UnmarshalMinorUnits(%#v): got code %s, want %s", bad, code, apperr.Invalid)
		}
	}
}

func TestDate(t *testing.T) {
	for _, ok := range []string{"2025-03-30", "2024-02-29"} {
		if got, err := scalar.UnmarshalDate(ok); err != nil || got != ok {
			t.Errorf("UnmarshalDate(%q): got %q, %v", ok, got, err)
		}
	}
	for _, bad := range []any{"2025-02-29", "2025-13-01", "30.03.2025", "2025-3-30", "", 20250330, nil} {
		if got, err := scalar.UnmarshalDate(bad); err == nil {
			t.Errorf("UnmarshalDate(%#v): got %q, want an error", bad, got)
		}
	}
}

func TestTime(t *testing.T) {
	want := time.Date(2025, 3, 30, 0, 30, 0, 123456000, time.UTC)
	for _, in := range []string{"2025-03-30T00:30:00.123456Z", "2025-03-30T02:30:00.123456+02:00", "2025-03-29T19:30:00.123456-05:00"} {
		got, err := scalar.UnmarshalTime(in)
		if err != nil || !got.Equal(want) {
			t.Errorf("UnmarshalTime(%q): got %v, %v, want %v", in, got, err, want)
		}
	}
	if got, err := scalar.UnmarshalTime(wire(t, scalar.MarshalTime(want))); err != nil || !got.Equal(want) {
		t.Errorf("round trip: got %v, %v, want %v", got, err, want)
	}
	for _, bad := range []any{"2025-03-30", "2025-03-30 00:30:00", "yesterday", "", 1743294600, nil} {
		if got, err := scalar.UnmarshalTime(bad); err == nil {
			t.Errorf("UnmarshalTime(%#v): got %v, want an error", bad, got)
		}
	}
}
