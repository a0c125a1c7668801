// Package mail is Guichet's e-mail: the payment-link and confirmation
// messages in every language, the outbox they are written to in the
// database transaction of the change they tell about, and the background
// sender that delivers the outbox over SMTP.
package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/emailmessage"
	"github.com/guichet/guichet/internal/i18n"
)

// Outgoing is an e-mail to queue.
type Outgoing struct {
	MerchantID    int
	PaymentLinkID int // zero when it is about no link
	Kind          emailmessage.Kind
	FromName      string
	ReplyTo       string
	To            string
	Bcc           []string
	Language      i18n.Language
	Rendered
}

// bulkRows keeps a bulk insert under SQLite's 32,766 bound parameters.
const bulkRows = 500

// Queue writes messages to the outbox through client, which should be the
// client of the business change's database transaction: the messages then
// exist exactly when the change does. Senders are woken once it commits.
func Queue(ctx context.Context, client *ent.Client, msgs ...Outgoing) ([]*ent.EmailMessage, error) {
	out := make([]*ent.EmailMessage, 0, len(msgs))
	for start := 0; start < len(msgs); start += bulkRows {
		part := msgs[start:min(len(msgs), start+bulkRows)]
		creates := make([]*ent.EmailMessageCreate, len(part))
		for i, m := range part {
			c := client.EmailMessage.Create().
				SetMerchantID(m.MerchantID).
				SetKind(m.Kind).
				SetMessageID(newMessageID()).
				SetFromName(m.FromName).
				SetReplyTo(m.ReplyTo).
				SetTo(m.To).
				SetLanguage(m.Language).
				SetSubject(m.Subject).
				SetTextBody(m.Text).
				SetHTMLBody(m.HTML)
			if len(m.Bcc) > 0 {
				c.SetBcc(m.Bcc)
			}
			if m.PaymentLinkID != 0 {
				c.SetPaymentLinkID(m.PaymentLinkID)
			}
			creates[i] = c
		}
		made, err := client.EmailMessage.CreateBulk(creates...).Save(ctx)
		if err != nil {
			return nil, err
		}
		out = append(out, made...)
	}
	if tx := ent.TxFromContext(ctx); tx != nil {
		tx.OnCommit(func(next ent.Committer) ent.Committer {
			return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
				err := next.Commit(ctx, tx)
				if err == nil {
					Wake()
				}
				return err
			})
		})
	} else {
		Wake()
	}
	return out, nil
}

// wake tells this process's senders that messages are waiting; the other
// replicas find them at their next poll.
var wake = make(chan struct{}, 1)

// Wake nudges the senders of this process.
func Wake() {
	select {
	case wake <- struct{}{}:
	default:
	}
}

// newMessageID is a Message-ID that stays the same on every attempt, so
// that a receiver can drop a duplicate.
func newMessageID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:]) + "@guichet"
}
