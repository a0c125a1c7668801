// Package payments takes payments at a distance: payment links e-mailed
// from the back office, the hosted payment page they lead to, the
// E-Terminal's MOTO entry and the partner payment API. It knows nothing of
// GraphQL or HTTP.
//
// Card data only passes through: it goes to the processor and is never
// stored, logged or put in an error message; transactions keep the brand
// and the last four digits.
package payments

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/url"
	"strings"
	"time"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/payer"
	"github.com/guichet/guichet/internal/processor"
)

// Config is what the workflows need besides the database.
type Config struct {
	// PublicURL is where buyers reach Guichet: payment pages are
	// PublicURL/pay/<token>.
	PublicURL *url.URL
	Processor processor.Processor
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// CurrentTime is the workflows' clock, in UTC to the microsecond.
func (c Config) CurrentTime() time.Time { return c.now() }

func (c Config) now() time.Time {
	if c.Now != nil {
		return c.Now().UTC().Truncate(time.Microsecond)
	}
	return time.Now().UTC().Truncate(time.Microsecond)
}

func (c Config) processor() processor.Processor {
	if c.Processor == nil {
		return processor.Sandbox{}
	}
	return c.Processor
}

// PageURL is the payment page of a link's token.
func (c Config) PageURL(token string) string {
	base := "http://localhost:8080"
	if c.PublicURL != nil {
		base = strings.TrimRight(c.PublicURL.String(), "/")
	}
	return base + "/pay/" + token
}

// newToken is a link's key: 144 random bits in URL-safe base64, 24
// characters.
func newToken() string {
	var b [18]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// ensurePayer returns the ID of the merchant's payer with reference,
// creating it on first use; 0 when reference is empty. email and name go
// only into a new payer.
func ensurePayer(ctx context.Context, client *ent.Client, merchantID int, reference, email, name string) (int, error) {
	if reference == "" {
		return 0, nil
	}
	c := client.Payer.Create().SetMerchantID(merchantID).SetReference(reference)
	if email != "" {
		c.SetEmail(email)
	}
	if name = strings.TrimSpace(name); name != "" {
		c.SetName(name)
	}
	// A concurrent first use makes the insert do nothing; either way the
	// row is there to read.
	_ = c.OnConflictColumns(payer.FieldMerchantID, payer.FieldReference).DoNothing().Exec(ctx)
	p, err := client.Payer.Query().Where(payer.MerchantID(merchantID), payer.Reference(reference)).Only(ctx)
	if err != nil {
		return 0, err
	}
	return p.ID, nil
}
