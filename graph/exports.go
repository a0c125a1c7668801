package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/reportschedule"
	"github.com/guichet/guichet/graph/scalar"
	"github.com/guichet/guichet/internal/apperr"
	"github.com/guichet/guichet/internal/reports"
	"github.com/guichet/guichet/internal/requestid"
	"github.com/guichet/guichet/internal/viewer"
)

// Exports reads the journal outside GraphQL requests exactly as the
// transactions query does (the same TransactionWhereInput, written as
// JSON, and the same search): for the journal's download, and for the
// journal reports of report schedules (it is a reports.JournalSource).
type Exports struct {
	r   *Resolver
	es  *executableSchema
	log *slog.Logger
}

// NewExports reads client's journal.
func NewExports(client *ent.Client, log *slog.Logger) *Exports {
	r := &Resolver{client: client}
	es := NewExecutableSchema(Config{Resolvers: r, Directives: DirectiveRoot{HasPermission: hasPermission}}).(*executableSchema)
	return &Exports{r: r, es: es, log: log}
}

var _ reports.JournalSource = (*Exports)(nil)

// Query is the viewer's merchant's transactions matching where (a
// TransactionWhereInput as JSON: global IDs, enum names, hasLabelsAnyOf...)
// and search.
//
// Errors: BAD_USER_INPUT (where) for a filter the API would refuse.
func (x *Exports) Query(ctx context.Context, where map[string]any, search string) (*ent.TransactionQuery, error) {
	q := x.r.journal(ctx, &search)
	if len(where) == 0 {
		return q, nil
	}
	w, err := x.decodeWhere(ctx, where)
	if err != nil {
		return nil, err
	}
	if q, err = w.Filter(q); err != nil {
		return nil, classify(err)
	}
	return q, nil
}

// decodeWhere decodes a filter with the API's own decoder, through the
// numbers of JSON (a filter kept in the database comes back with floats).
func (x *Exports) decodeWhere(ctx context.Context, where map[string]any) (*ent.TransactionWhereInput, error) {
	b, err := json.Marshal(where)
	if err != nil {
		return nil, apperr.InvalidField("where", "not JSON: %v", err)
	}
	var raw map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return nil, apperr.InvalidField("where", "not JSON: %v", err)
	}
	ec := newExecutionContext(&graphql.OperationContext{}, x.es, nil)
	w, err := ec.unmarshalInputTransactionWhereInput(ctx, raw)
	if err != nil {
		var gqlErr *gqlerror.Error
		if code := apperr.CodeOf(err); code != apperr.Internal && code != apperr.Invalid {
			return nil, err
		}
		msg := err.Error()
		if errors.As(err, &gqlErr) {
			msg = gqlErr.Message
			if p := gqlErr.Path.String(); p != "" {
				return nil, apperr.InvalidField("where."+p, "%s", msg)
			}
		}
		return nil, apperr.InvalidField("where", "%s", msg)
	}
	return &w, nil
}

// ID writes a transaction's ID as the API does.
func (x *Exports) ID(id int) string {
	var b bytes.Buffer
	scalar.MarshalID(id).MarshalGQL(&b)
	s, _ := strconv.Unquote(b.String())
	return s
}

// Journal serves the journal's download, streamed whatever its size:
//
//	GET /exports/journal.csv?where=<TransactionWhereInput as JSON>&search=<text>[&separator=SEMICOLON][&language=EN]
//	GET /exports/journal.html?...
//
// with the caller's session cookie or bearer token, under the same rules
// as the journal: the caller's merchant only, READ_JOURNAL, and the
// payer's e-mail and name only for callers who may read them.
func (x *Exports) Journal() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		v := viewer.FromContext(ctx)
		switch {
		case v == nil || v.IsSystem():
			apperr.WriteHTTP(w, apperr.Errorf(apperr.Unauthenticated, "authentication required"))
			return
		case !v.Can(viewer.ReadJournal):
			apperr.WriteHTTP(w, apperr.Errorf(apperr.Forbidden, "the %s role does not have the %s permission", v.Role, viewer.ReadJournal))
			return
		}
		kind := reportschedule.FormatCSV
		if strings.HasSuffix(r.URL.Path, ".html") {
			kind = reportschedule.FormatHTML
		}
		params := r.URL.Query()
		f, err := reports.FormatParams(kind, params)
		if err != nil {
			x.fail(w, r, err)
			return
		}
		var where map[string]any
		if s := params.Get("where"); s != "" {
			if err := json.Unmarshal([]byte(s), &where); err != nil {
				apperr.WriteHTTP(w, apperr.InvalidField("where", "a TransactionWhereInput written as a JSON object"))
				return
			}
		}
		q, err := x.Query(ctx, where, params.Get("search"))
		if err != nil {
			x.fail(w, r, err)
			return
		}
		m, err := x.r.client.Merchant.Get(ctx, v.MerchantID)
		if err != nil {
			x.fail(w, r, err)
			return
		}
		loc, err := time.LoadLocation(m.TimeZone)
		if err != nil {
			x.fail(w, r, err)
			return
		}
		now := time.Now().In(loc)
		reports.Attachment(w, f, fmt.Sprintf("journal_%s_%s.%s", m.AccountNumber, now.Format("2006-01-02_1504"), f.Ext()))
		merchant := reports.Merchant{ID: m.ID, Name: m.Name, Account: m.AccountNumber, Location: loc}
		o := reports.JournalOptions{Format: f, PayerData: v.Can(viewer.ReadPayerPII), ID: x.ID, At: now}
		if _, err := reports.WriteJournal(ctx, q, w, merchant, o); err != nil {
			reports.Abort(ctx, x.log, err)
		}
	})
}

// fail answers with err's code; an internal error's details go to the log.
func (x *Exports) fail(w http.ResponseWriter, r *http.Request, err error) {
	e := classify(err)
	if e.Code == apperr.Internal {
		id := requestid.FromContext(r.Context())
		x.log.ErrorContext(r.Context(), "journal export", "request_id", id, "error", err)
		e = apperr.Errorf(apperr.Internal, "internal error (request %s)", id)
	}
	apperr.WriteHTTP(w, e)
}
