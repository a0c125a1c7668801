// Package reports makes Guichet's reports and delivers them on schedule:
// the monthly account-update status report of the Account Updater and the
// journal export, in CSV (RFC 4180, UTF-8, with a header) or as a printable
// HTML table, streamed row by row so that memory does not grow with the
// number of rows. Schedules deliver the report of each day or month that
// ends by e-mail (an attachment, through the outbox) and/or to the
// merchant's outbound folder. It knows nothing of GraphQL.
package reports

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"time"

	"github.com/guichet/guichet/ent/reportschedule"
	"github.com/guichet/guichet/internal/i18n"
)

// Format says how a report is written.
type Format struct {
	Kind      reportschedule.Format
	Separator reportschedule.Separator
	// Language of the headers and words: French, or English for any other.
	Language i18n.Language
}

// withDefaults is f with French for an unset language.
func (f Format) withDefaults() Format {
	if f.Language == "" {
		f.Language = i18n.FR
	}
	if f.Kind == "" {
		f.Kind = reportschedule.FormatCSV
	}
	if f.Separator == "" {
		f.Separator = reportschedule.SeparatorCOMMA
	}
	return f
}

// Ext is the file extension of the format.
func (f Format) Ext() string {
	if f.Kind == reportschedule.FormatHTML {
		return "html"
	}
	return "csv"
}

// ContentType is the media type of the format.
func (f Format) ContentType() string {
	if f.Kind == reportschedule.FormatHTML {
		return "text/html; charset=utf-8"
	}
	return "text/csv; charset=utf-8; header=present"
}

// french reports whether the words are French.
func (f Format) french() bool { return f.Language == i18n.FR || f.Language == "" }

// tr picks the French or the English text.
func (f Format) tr(fr, en string) string {
	if f.french() {
		return fr
	}
	return en
}

// decimalMark is what amounts' decimals follow: the comma French
// spreadsheets expect with the semicolon separator, a point otherwise.
func (f Format) decimalMark() string {
	if f.Kind == reportschedule.FormatCSV && f.Separator == reportschedule.SeparatorSEMICOLON {
		return ","
	}
	return "."
}

// Meta is what an HTML report says above and below its table.
type Meta struct {
	Title       string
	Merchant    string
	Account     string
	Period      string
	TimeZone    string
	GeneratedAt time.Time
}

// sheet writes a report: the header row, then one row at a time.
type sheet interface {
	header(cols []string) error
	row(cells []string) error
	// close ends the report, which had rows rows.
	close(rows int) error
}

// flushEvery is how many rows go out before the writer is flushed, so that
// a download shows progress and nothing piles up.
const flushEvery = 500

func newSheet(w io.Writer, f Format, m Meta) sheet {
	if f.Kind == reportschedule.FormatHTML {
		return &htmlSheet{w: bufio.NewWriterSize(w, 32<<10), out: w, f: f, meta: m}
	}
	return newCSVSheet(w, f)
}

type csvSheet struct {
	w   *csv.Writer
	out io.Writer
	bom bool
	n   int
}

func newCSVSheet(w io.Writer, f Format) *csvSheet {
	c := csv.NewWriter(w)
	c.UseCRLF = true // RFC 4180
	switch f.Separator {
	case reportschedule.SeparatorSEMICOLON:
		c.Comma = ';'
	case reportschedule.SeparatorTAB:
		c.Comma = '\t'
	}
	// Excel reads a CSV file as UTF-8 only when it starts with a byte
	// order mark: the semicolon is for French spreadsheets, so it gets one.
	return &csvSheet{w: c, out: w, bom: f.Separator == reportschedule.SeparatorSEMICOLON}
}

func (s *csvSheet) header(cols []string) error {
	if s.bom {
		if _, err := io.WriteString(s.out, "\ufeff"); err != nil {
			return err
		}
	}
	return s.w.Write(cols)
}

func (s *csvSheet) row(cells []string) error {
	if err := s.w.Write(cells); err != nil {
		return err
	}
	if s.n++; s.n%flushEvery == 0 {
		return s.flush()
	}
	return nil
}

func (s *csvSheet) flush() error {
	s.w.Flush()
	if err := s.w.Error(); err != nil {
		return err
	}
	if f, ok := s.out.(http.Flusher); ok {
		f.Flush()
	}
	return nil
}

func (s *csvSheet) close(int) error { return s.flush() }

type htmlSheet struct {
	w    *bufio.Writer
	out  io.Writer
	f    Format
	meta Meta
	cols int
	n    int
}

// page is the HTML report: a readable table that prints on A4 landscape,
// its header row repeated on each printed page.
var page = template.Must(template.New("report").Parse(`{{define "head"}}<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<title>{{.Meta.Title}} — {{.Meta.Account}} — {{.Meta.Period}}</title>
<style>
  body { font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2937; margin: 24px; }
  h1 { font-size: 20px; margin: 0 0 4px; }
  .meta { color: #4b5563; margin: 0 0 16px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { border: 1px solid #d1d5db; padding: 4px 8px; text-align: left; vertical-align: top; }
  th { background: #f3f4f6; }
  tbody tr:nth-child(even) { background: #f9fafb; }
  tfoot td { font-weight: 600; }
  @page { size: A4 landscape; margin: 12mm; }
  @media print { body { margin: 0; font-size: 10px; } thead { display: table-header-group; } tr { break-inside: avoid; } }
</style>
</head>
<body>
<h1>{{.Meta.Title}}</h1>
<p class="meta">{{.Meta.Merchant}} · {{.AccountLabel}} {{.Meta.Account}} · {{.PeriodLabel}} {{.Meta.Period}} ({{.Meta.TimeZone}}) · {{.GeneratedLabel}} {{.Generated}}</p>
<table>
<thead><tr>{{range .Cols}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
<tbody>
{{end}}
{{define "row"}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}
{{define "foot"}}</tbody>
<tfoot><tr><td colspan="{{.Span}}">{{.Total}}</td></tr></tfoot>
</table>
</body>
</html>
{{end}}`))

func (s *htmlSheet) header(cols []string) error {
	s.cols = len(cols)
	return page.ExecuteTemplate(s.w, "head", map[string]any{
		"Lang": s.f.Language.Tag(), "Meta": s.meta, "Cols": cols,
		"AccountLabel":   s.f.tr("compte marchand", "merchant account"),
		"PeriodLabel":    s.f.tr("période", "period"),
		"GeneratedLabel": s.f.tr("établi le", "made on"),
		"Generated":      s.meta.GeneratedAt.Format("2006-01-02 15:04"),
	})
}

func (s *htmlSheet) row(cells []string) error {
	if err := page.ExecuteTemplate(s.w, "row", cells); err != nil {
		return err
	}
	if s.n++; s.n%flushEvery == 0 {
		return s.flush()
	}
	return nil
}

func (s *htmlSheet) flush() error {
	if err := s.w.Flush(); err != nil {
		return err
	}
	if f, ok := s.out.(http.Flusher); ok {
		f.Flush()
	}
	return nil
}

func (s *htmlSheet) close(rows int) error {
	total := fmt.Sprintf(s.f.tr("%d enregistrement(s)", "%d record(s)"), rows)
	if err := page.ExecuteTemplate(s.w, "foot", map[string]any{"Span": s.cols, "Total": total}); err != nil {
		return err
	}
	return s.flush()
}
