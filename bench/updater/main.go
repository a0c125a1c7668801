// Command updater benchmarks the Account Updater of issue #6: it loads a
// million billing profiles into PostgreSQL, runs the Account Updater of a
// month that selects 10,000 of them and of one that selects 100,000, timing
// the selection and the application of every answer, then streams each
// month's account-update status report in a process of its own and reports
// its peak memory, which must not grow with the number of rows. It prints
// the figures as Markdown. See bench/README.md.
//
//	go run ./bench/updater [-profiles 1000000] [-selected 100000] [-small 10000] [-db NAME]
//
// PostgreSQL is GUICHET_BENCH_POSTGRES_URL's server or a throwaway cluster
// (bench/internal/benchkit). It exits with status 1 when a target is missed.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/guichet/guichet/bench/internal/benchkit"
	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/merchant"
	_ "github.com/guichet/guichet/ent/runtime" // hooks and privacy policies
	"github.com/guichet/guichet/ent/updaterrun"
	"github.com/guichet/guichet/internal/calendar"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/reports"
	"github.com/guichet/guichet/internal/updater"
	"github.com/guichet/guichet/internal/viewer"
)

// The months benchmarked: November's run selects the small set, December's
// the large one. Runs start at 02:00 in Zurich on the 1st.
var (
	small = calendar.Month{Year: 2026, Month: time.November}
	large = calendar.Month{Year: 2026, Month: time.December}
)

var zurich = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Zurich")
	if err != nil {
		panic(err)
	}
	return loc
}()

// Targets.
const (
	maxRun = 60 * time.Second
	// A report's peak memory may grow by this much from the small month to
	// the large one: noise, not rows.
	rssSlack = 8 << 20
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "stream-report" {
		if err := streamReport(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "stream-report:", err)
			os.Exit(2)
		}
		return
	}
	benchkit.Main(run)
}

// run benchmarks and reports whether every target is met.
func run() (bool, error) {
	profiles := flag.Int("profiles", 1_000_000, "billing profiles to load")
	selected := flag.Int("selected", 100_000, "of them, those December's run selects")
	smallSet := flag.Int("small", 10_000, "of them, those November's run selects")
	dbName := flag.String("db", "", "database to use and keep (default: a new database, dropped at the end); a loaded one is reused, its runs deleted")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	store, dbURL, done, err := benchkit.Open(ctx, *dbName)
	if err != nil {
		return false, err
	}
	defer done()
	r := &results{date: time.Now().UTC().Format(time.DateOnly), cores: runtime.NumCPU(), profiles: *profiles,
		selected: *selected, small: *smallSet, loadAvg: [2]string{benchkit.LoadAverage(), ""}}
	if err := store.SQL.QueryRowContext(ctx, "SHOW server_version").Scan(&r.server); err != nil {
		return false, err
	}
	merchantID, took, err := load(ctx, store, *profiles, *selected, *smallSet)
	if err != nil {
		return false, err
	}
	r.loadTime = took
	for _, month := range []calendar.Month{small, large} {
		fmt.Fprintf(os.Stderr, "running the Account Updater of %s…\n", month)
		m, err := runMonth(ctx, store, month)
		if err != nil {
			return false, fmt.Errorf("run %s: %w", month, err)
		}
		r.runs = append(r.runs, m)
	}
	r.mainPeakRSS = peakRSS()
	for _, month := range []calendar.Month{small, large} {
		fmt.Fprintf(os.Stderr, "streaming the report of %s…\n", month)
		s, err := streamInChild(dbURL, merchantID, month)
		if err != nil {
			return false, fmt.Errorf("report %s: %w", month, err)
		}
		r.streams = append(r.streams, s)
	}
	r.loadAvg[1] = benchkit.LoadAverage()
	return r.print(os.Stdout), nil
}

// load fills an empty database with the merchant, 100,000 payers and the
// billing profiles, in plain SQL, then vacuums; a loaded one has its runs
// and their results deleted and its cards put back as loaded.
func load(ctx context.Context, store *db.DB, n, selected, smallSet int) (int, time.Duration, error) {
	sys := viewer.SystemContext(ctx)
	m, err := store.Client.Merchant.Query().Where(merchant.AccountNumber("BENCH-1")).Only(sys)
	if err == nil {
		fmt.Fprintln(os.Stderr, "the database is loaded; deleting its runs…")
		for _, q := range []string{"DELETE FROM audit_events", "DELETE FROM updater_results", "DELETE FROM updater_batches",
			"DELETE FROM updater_runs", "DELETE FROM billing_profiles", "DELETE FROM payers"} {
			if _, err := store.SQL.ExecContext(ctx, q); err != nil {
				return 0, 0, err
			}
		}
	} else if !ent.IsNotFound(err) {
		return 0, 0, err
	} else if m, err = store.Client.Merchant.Create().SetName("Hôtel Benchmark").SetAccountNumber("BENCH-1").
		SetTimeZone("Europe/Zurich").Save(sys); err != nil {
		return 0, 0, err
	}
	fmt.Fprintf(os.Stderr, "loading %d billing profiles…\n", n)
	start := time.Now()
	_, err = store.SQL.ExecContext(ctx, `INSERT INTO payers (created_at, updated_at, reference, merchant_id)
		SELECT now(), now(), 'CUST-' || g, $1 FROM generate_series(1, 100000) g`, m.ID)
	if err != nil {
		return 0, 0, err
	}
	var firstPayer int
	if err := store.SQL.QueryRowContext(ctx, "SELECT min(id) FROM payers WHERE merchant_id = $1", m.ID).Scan(&firstPayer); err != nil {
		return 0, 0, err
	}
	// Rows 1 to small expire in November, the next selected in December,
	// both unchanged since June 2025: the two runs' selections. Then 20,000
	// December cards updated in September and 10,000 disabled ones, which
	// December's run must pass over, and the rest spread over 2027 to 2030.
	// The last digits cycle through the sandbox's test cards: 30% new
	// expiry date, 20% new number, 15% closed, 10% contact the cardholder,
	// 15% no match, 10% non-participating.
	_, err = store.SQL.ExecContext(ctx, `
		INSERT INTO billing_profiles (created_at, updated_at, processor_token, card_brand, card_last4, expiry_month,
			expiry_year, payment_method_ref, billing_ref, status, card_updated_at, merchant_id, payer_id)
		SELECT t, t, 'sbxtok_' || l4 || '_b' || g, CASE WHEN g % 3 = 0 THEN 'MASTERCARD' ELSE 'VISA' END, l4,
			CASE WHEN g <= $2 THEN 11 WHEN g <= $2 + $3 + 30000 THEN 12 ELSE 1 + g % 12 END,
			CASE WHEN g <= $2 + $3 + 30000 THEN 2026 ELSE 2027 + g % 4 END,
			'PM-' || g, 'B-' || (g % 250000),
			CASE WHEN g > $2 + $3 + 20000 AND g <= $2 + $3 + 30000 THEN 'DISABLED' ELSE 'ACTIVE' END,
			CASE WHEN g > $2 + $3 AND g <= $2 + $3 + 20000 THEN timestamptz '2026-09-15 10:00+00' ELSE t END,
			$4::bigint, $5::bigint + g % 100000
		FROM (SELECT g, timestamptz '2025-06-01 10:00+00' AS t,
			(ARRAY['0202','0202','0202','0202','0202','0202','0101','0101','0101','0101','0303','0303','0303',
				'0404','0404','0505','0505','0505','0606','0606'])[1 + g % 20] AS l4
			FROM generate_series(1, $1) g) s`, n, smallSet, selected, m.ID, firstPayer)
	if err != nil {
		return 0, 0, err
	}
	took := time.Since(start)
	fmt.Fprintf(os.Stderr, "loaded in %s; VACUUM ANALYZE…\n", took.Round(time.Millisecond))
	if _, err := store.SQL.ExecContext(ctx, "VACUUM ANALYZE"); err != nil {
		return 0, 0, err
	}
	return m.ID, took, nil
}

// monthRun is one Account Updater run's figures.
type monthRun struct {
	month                  calendar.Month
	selected, answered     int
	selectTime, applyTime  time.Duration
	submitTime, collectTim time.Duration
	total                  time.Duration
}

// runMonth runs the month's Account Updater at 02:00 on its 1st, with the
// sandbox service (which answers these cards at once), and times its two
// halves: the selection, up to the first batch sent, and the rest (sending
// the batches, collecting and applying every answer).
func runMonth(ctx context.Context, store *db.DB, month calendar.Month) (*monthRun, error) {
	now := calendar.At(month.Start(zurich), 2)
	t := &timed{CardUpdater: &updater.Sandbox{Now: func() time.Time { return now }}}
	svc := &updater.Service{Client: store.Client, Dialect: store.Dialect, Updater: t, Hour: 2, Now: func() time.Time { return now }}
	start := time.Now()
	if err := svc.Tick(ctx); err != nil {
		return nil, err
	}
	r := &monthRun{month: month, total: time.Since(start), submitTime: t.submit, collectTim: t.collect}
	r.selectTime = t.first.Sub(start)
	r.applyTime = r.total - r.selectTime
	sys := viewer.SystemContext(ctx)
	run, err := store.Client.UpdaterRun.Query().Where(updaterrun.Month(month)).Only(sys)
	if err != nil {
		return nil, err
	}
	p, err := updater.RunProgress(sys, store.Client, run.ID)
	if err != nil {
		return nil, err
	}
	if run.State != updaterrun.StateCOMPLETED || p.Answered != p.Selected {
		return nil, fmt.Errorf("the run is %s with %d of %d answers", run.State, p.Answered, p.Selected)
	}
	r.selected, r.answered = p.Selected, p.Answered
	return r, nil
}

// timed is the card-updater service, timed.
type timed struct {
	updater.CardUpdater
	mu              sync.Mutex
	first           time.Time
	submit, collect time.Duration
}

func (t *timed) Submit(ctx context.Context, b updater.Batch) (string, error) {
	start := time.Now()
	t.mu.Lock()
	if t.first.IsZero() {
		t.first = start
	}
	t.mu.Unlock()
	ref, err := t.CardUpdater.Submit(ctx, b)
	t.mu.Lock()
	t.submit += time.Since(start)
	t.mu.Unlock()
	return ref, err
}

func (t *timed) Collect(ctx context.Context, b updater.Submitted) ([]updater.Response, error) {
	start := time.Now()
	r, err := t.CardUpdater.Collect(ctx, b)
	t.mu.Lock()
	t.collect += time.Since(start)
	t.mu.Unlock()
	return r, err
}

// stream is one report's figures, measured in a process of its own.
type stream struct {
	Month string        `json:"month"`
	Rows  int           `json:"rows"`
	Bytes int64         `json:"bytes"`
	Took  time.Duration `json:"took"`
	// PeakRSS is the process's own peak (VmHWM): its rusage would count
	// the parent's memory, which the child's address space started as.
	PeakRSS int64 `json:"peakRSS"`
}

// streamInChild streams the month's report in a new process of this
// program, and returns its figures with that process's peak resident
// memory.
func streamInChild(dbURL string, merchantID int, month calendar.Month) (*stream, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, "stream-report", dbURL, strconv.Itoa(merchantID), month.String())
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, err
	}
	var s stream
	if err := json.Unmarshal(out, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// streamReport is the child: it writes the month's CSV report to nowhere,
// counting, and prints its figures as JSON.
func streamReport(args []string) error {
	if len(args) != 3 {
		return errors.New("want: stream-report DATABASE_URL MERCHANT_ID MONTH")
	}
	ctx := context.Background()
	merchantID, err := strconv.Atoi(args[1])
	if err != nil {
		return err
	}
	month, err := calendar.ParseMonth(args[2])
	if err != nil {
		return err
	}
	store, err := db.Open(ctx, args[0])
	if err != nil {
		return err
	}
	defer store.Close()
	m, err := store.Client.Merchant.Get(viewer.SystemContext(ctx), merchantID)
	if err != nil {
		return err
	}
	var w counter
	start := time.Now()
	rows, err := reports.WriteAccountUpdates(viewer.SystemContext(ctx), store.Client, &w, reports.Request{
		Merchant: reports.Merchant{ID: m.ID, Name: m.Name, Account: m.AccountNumber, Location: zurich},
		Period:   reports.MonthPeriod(month, zurich), At: time.Now(),
	})
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(stream{Month: month.String(), Rows: rows, Bytes: w.n, Took: time.Since(start), PeakRSS: peakRSS()})
}

// counter is a writer that keeps nothing but the count.
type counter struct{ n int64 }

func (c *counter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*counter)(nil)

// peakRSS is this process's peak resident memory so far (VmHWM).
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

// results is what the benchmark found.
type results struct {
	date, server       string
	cores              int
	profiles, selected int
	small              int
	loadTime           time.Duration
	runs               []*monthRun
	streams            []*stream
	mainPeakRSS        int64
	loadAvg            [2]string
}

// print writes the figures as Markdown and reports whether the targets
// are met.
func (r *results) print(w io.Writer) bool {
	fmt.Fprintf(w, "Date: %s · %d cores · PostgreSQL %s · %d billing profiles loaded in %s · load average %s before the runs, %s after\n\n",
		r.date, r.cores, r.server, r.profiles, r.loadTime.Round(time.Millisecond), r.loadAvg[0], r.loadAvg[1])
	fmt.Fprintln(w, "| Run | Cards selected | Select | Send, collect, apply (sandbox: send / collect) | Whole run | Target | Result |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|:-:|")
	ok := true
	for _, m := range r.runs {
		verdict := "pass"
		if m.total > maxRun {
			verdict, ok = "**FAIL**", false
		}
		fmt.Fprintf(w, "| %s | %d | %s | %s (%s / %s) | %s | < %s | %s |\n", m.month, m.selected, secs(m.selectTime),
			secs(m.applyTime), secs(m.submitTime), secs(m.collectTim), secs(m.total), secs(maxRun), verdict)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| Report streamed | Rows | Bytes | Time | Peak RSS of its process |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|")
	for _, s := range r.streams {
		fmt.Fprintf(w, "| %s (CSV) | %d | %d | %s | %.1f MiB |\n", s.Month, s.Rows, s.Bytes, secs(s.Took), float64(s.PeakRSS)/(1<<20))
	}
	if len(r.streams) == 2 {
		growth := r.streams[1].PeakRSS - r.streams[0].PeakRSS
		verdict := "pass"
		if growth > rssSlack {
			verdict, ok = "**FAIL**", false
		}
		fmt.Fprintf(w, "\nPeak RSS from %d to %d rows: %+.1f MiB (target: within %d MiB) · %s\n", r.streams[0].Rows, r.streams[1].Rows,
			float64(growth)/(1<<20), rssSlack>>20, verdict)
	}
	fmt.Fprintf(w, "\nPeak RSS of the benchmark's own process (both runs): %.0f MiB\n", float64(r.mainPeakRSS)/(1<<20))
	return ok
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }
