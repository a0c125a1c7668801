package reports

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/reportschedule"
	"github.com/guichet/guichet/internal/apperr"
	"github.com/guichet/guichet/internal/calendar"
	"github.com/guichet/guichet/internal/i18n"
	"github.com/guichet/guichet/internal/requestid"
	"github.com/guichet/guichet/internal/viewer"
)

// Download serves the account-update status report of a month to the
// caller's merchant's admins, streamed:
//
//	GET /reports/account-updates.csv?month=2026-11[&separator=SEMICOLON][&language=EN]
//	GET /reports/account-updates.html?month=2026-11[&language=EN]
//
// The caller comes from the request context (a session cookie or a bearer
// token, as for the API) and needs MANAGE_ACCOUNT_UPDATER.
func Download(client *ent.Client, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		v := viewer.FromContext(ctx)
		var f Format
		switch {
		case v == nil || v.IsSystem():
			apperr.WriteHTTP(w, apperr.Errorf(apperr.Unauthenticated, "authentication required"))
			return
		case !v.Can(viewer.ManageUpdater):
			apperr.WriteHTTP(w, apperr.Errorf(apperr.Forbidden, "the %s role does not have the %s permission", v.Role, viewer.ManageUpdater))
			return
		case strings.HasSuffix(r.URL.Path, ".html"):
			f.Kind = reportschedule.FormatHTML
		default:
			f.Kind = reportschedule.FormatCSV
		}
		q := r.URL.Query()
		month, err := calendar.ParseMonth(q.Get("month"))
		if err != nil {
			apperr.WriteHTTP(w, apperr.InvalidField("month", "%v", err))
			return
		}
		if f, err = formatParams(f, q); err != nil {
			apperr.WriteHTTP(w, err.(*apperr.Error))
			return
		}
		m, err := client.Merchant.Get(ctx, v.MerchantID)
		if err != nil {
			log.ErrorContext(ctx, "report download", "request_id", requestid.FromContext(ctx), "error", err)
			apperr.WriteHTTP(w, apperr.Errorf(apperr.Internal, "internal error (request %s)", requestid.FromContext(ctx)))
			return
		}
		loc, err := time.LoadLocation(m.TimeZone)
		if err != nil {
			apperr.WriteHTTP(w, apperr.Errorf(apperr.Internal, "the merchant's time zone %q is unknown", m.TimeZone))
			return
		}
		name := fmt.Sprintf("account-updates_%s_%s.%s", safeName(m.AccountNumber), month, f.Ext())
		Attachment(w, f, name)
		merchant := Merchant{ID: m.ID, Name: m.Name, Account: m.AccountNumber, Location: loc}
		// The report reads the merchant's results as Guichet: the caller's
		// permission was checked above.
		req := Request{Merchant: merchant, Period: MonthPeriod(month, loc), Format: f, At: time.Now()}
		if _, err := WriteAccountUpdates(viewer.SystemContext(ctx), client, w, req); err != nil {
			Abort(ctx, log, err)
		}
	})
}

// Attachment starts a download response of a report named name.
func Attachment(w http.ResponseWriter, f Format, name string) {
	h := w.Header()
	h.Set("Content-Type", f.ContentType())
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, safeName(name), url.PathEscape(name)))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
}

// Abort ends a report response that failed after it began: the status is
// sent already, so the connection is cut and the client sees an incomplete
// download rather than a short file that looks whole.
func Abort(ctx context.Context, log *slog.Logger, err error) {
	if ctx.Err() == nil { // not the client going away
		log.ErrorContext(ctx, "report stream failed", "request_id", requestid.FromContext(ctx), "error", err)
	}
	panic(http.ErrAbortHandler)
}

// formatParams reads the separator and language a download asks for.
func formatParams(f Format, q url.Values) (Format, error) {
	if s := strings.ToUpper(q.Get("separator")); s != "" {
		sep := reportschedule.Separator(s)
		if reportschedule.SeparatorValidator(sep) != nil {
			return f, apperr.InvalidField("separator", "COMMA, SEMICOLON or TAB")
		}
		f.Separator = sep
	}
	if l := strings.ToUpper(q.Get("language")); l != "" {
		if !i18n.Language(l).Valid() {
			return f, apperr.InvalidField("language", "one of %v", i18n.All)
		}
		f.Language = i18n.Language(l)
	}
	return f.withDefaults(), nil
}

// FormatParams is formatParams for the journal export of the API.
func FormatParams(kind reportschedule.Format, q url.Values) (Format, error) {
	return formatParams(Format{Kind: kind}, q)
}
