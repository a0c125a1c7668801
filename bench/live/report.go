package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/guichet/guichet/bench/internal/benchkit"
)

// report prints the figures as Markdown and tells whether every target is
// met.
func report(w io.Writer, e *env, o options, r *results) bool {
	fmt.Fprintf(w, "Date: %s · %d cores · PostgreSQL %s · %d transactions · load average %s before the runs, %s after\n\n",
		e.date, e.cores, e.server, e.transactions, e.loadAvg[0], e.loadAvg[1])
	var names []string
	for i, n := range r.idleSubs {
		names = append(names, fmt.Sprintf("%d on %s", n, replicaName(i)))
	}
	fmt.Fprintf(w, "Two replicas (the guichet binary) on one database; %d partner subscribers (%s) connected in %s; %d label changes through A in %s (%.1f a second, each answered in %s at p50, %s at p99); %d connect/disconnect cycles in %s, %d at a time.\n\n",
		sum(r.idleSubs), strings.Join(names, ", "), r.connectTime.Round(100*time.Millisecond),
		r.changes, r.changeTime.Round(100*time.Millisecond), float64(r.changes)/r.changeTime.Seconds(),
		benchkit.MS(benchkit.Percentile(r.mutation, 50)), benchkit.MS(benchkit.Percentile(r.mutation, 99)),
		o.cycles, r.cycleTime.Round(100*time.Millisecond), o.concurrency)
	fmt.Fprintf(w, "CPU from the first change to the last delivery: %s.\n\n", r.cpu)

	allOK := true
	row := func(measure, value, target string, ok *bool) {
		verdict := "(information)"
		if ok != nil {
			verdict = "pass"
			if !*ok {
				verdict = "**FAIL**"
				allOK = false
			}
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", measure, value, target, verdict)
	}
	check := func(ok bool) *bool { return &ok }

	fmt.Fprintln(w, "| Measure | Value | Target | Result |")
	fmt.Fprintln(w, "|---|--:|--:|:-:|")
	all := slices.Concat(r.written...)
	slices.Sort(all)
	if len(all) == 0 {
		row("Delivery latency, event written → client", "no delivery", "", check(false))
	} else {
		row("Delivery latency p50, event written → client", benchkit.MS(benchkit.Percentile(all, 50)), "—", nil)
		row("Delivery latency p95, event written → client", benchkit.MS(benchkit.Percentile(all, 95)), "—", nil)
		p99 := benchkit.Percentile(all, 99)
		row(fmt.Sprintf("Delivery latency p99, event written → client (%d deliveries)", len(all)), benchkit.MS(p99), "< "+benchkit.MS(targetP99), check(p99 < targetP99))
	}
	how := []string{"same replica", "through NOTIFY"}
	for i, d := range r.written {
		if len(d) > 0 {
			row(fmt.Sprintf("… on %s's subscribers (%s): p50 · p95 · p99", replicaName(i), how[min(i, 1)]), percentiles(d), "—", nil)
		}
	}
	answered := slices.Concat(r.answered...)
	slices.Sort(answered)
	if len(answered) > 0 {
		row("Mutation answered → client: p50 · p95 · p99", percentiles(answered), "—", nil)
	}
	deliveries := fmt.Sprintf("%d of %d", r.got, r.expected)
	var faults []string
	for _, f := range []struct {
		n    int
		what string
	}{{r.missing, "missing"}, {r.duplicates, "repeated"}, {r.outOfOrder, "out of order"}, {r.wrong, "not the change made"}, {r.lost, "subscribers lost"}} {
		if f.n > 0 {
			faults = append(faults, fmt.Sprintf("%d %s", f.n, f.what))
		}
	}
	if len(faults) > 0 {
		deliveries += " (" + strings.Join(faults, ", ") + ")"
	}
	if r.lostReason != nil {
		deliveries += fmt.Sprintf("; a lost subscriber's end: %v", r.lostReason)
	}
	row("Deliveries", deliveries, "all, once, in order", check(len(faults) == 0 && r.expected > 0))

	for i, s := range r.idle {
		n := uint64(r.idleSubs[i])
		goMem := perSubscriber(s[0].goMemory(), s[1].goMemory(), n)
		rss := perSubscriber(s[0].rss, s[1].rss, n)
		row(fmt.Sprintf("Memory per idle subscriber, replica %s: Go heap + stacks (%s → %s)", replicaName(i), kib(s[0].goMemory()), kib(s[1].goMemory())),
			fmt.Sprintf("%s (%s + %s)", kib(goMem), kib(perSubscriber(s[0].heap, s[1].heap, n)), kib(perSubscriber(s[0].stacks, s[1].stacks, n))),
			"< "+kib(targetIdleMemory), check(goMem < targetIdleMemory))
		row(fmt.Sprintf("… replica %s: RSS (%s → %s)", replicaName(i), kib(s[0].rss), kib(s[1].rss)),
			kib(rss), "< "+kib(targetIdleMemory), check(rss < targetIdleMemory))
		row(fmt.Sprintf("… replica %s: goroutines (%d → %d)", replicaName(i), s[0].goroutines, s[1].goroutines),
			fmt.Sprintf("%.1f", float64(s[1].goroutines-s[0].goroutines)/float64(n)), "—", nil)
	}
	for i, g := range r.cycleGoroutines {
		m := r.cycleMemory[i]
		row(fmt.Sprintf("Goroutines of replica %s before → after %d cycles (Go heap + stacks %s → %s)", replicaName(i), o.cycles, kib(m[0].goMemory()), kib(m[1].goMemory())),
			fmt.Sprintf("%d → %d", g[0], g[1]), "no growth", check(g[1] <= g[0]))
	}
	cycles := fmt.Sprintf("%d of %d", o.cycles-r.cycleErrors, o.cycles)
	if r.cycleError != nil {
		cycles += fmt.Sprintf(" (last failure: %v)", r.cycleError)
	}
	row("Cycles that connected, received their replayed event and left", cycles, "all", check(r.cycleErrors == 0))
	fmt.Fprintf(w, "\nLatency is measured from the event's `at`, which replica A stamps as it writes the event in the change's database transaction (before the commit), to the subscriber's reading of the message off its socket, on the same clock; it includes the commit, NOTIFY, the replica's read of the log, GraphQL and the socket. \"Mutation answered → client\" starts after the commit instead (the mutation's response), so the commit → client latency lies between the two. Memory is measured after garbage collection, once the replica's goroutines are steady.\n")
	return allOK
}

func replicaName(i int) string { return string(rune('A' + i)) }

func percentiles(d []time.Duration) string {
	return benchkit.MS(benchkit.Percentile(d, 50)) + " · " + benchkit.MS(benchkit.Percentile(d, 95)) + " · " + benchkit.MS(benchkit.Percentile(d, 99))
}

// perSubscriber is the growth from before to after, shared among n; no
// growth is zero.
func perSubscriber(before, after, n uint64) uint64 {
	if after <= before || n == 0 {
		return 0
	}
	return (after - before) / n
}

func kib(b uint64) string {
	return fmt.Sprintf("%.1f KiB", float64(b)/1024)
}

func sum(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

// writeTrace writes a line a change: when it was sent (seconds since the
// first), its response time and its deliveries' latencies, to see when
// the slow ones happen.
func writeTrace(path string, changes []change, latencies [][]time.Duration) error {
	var b strings.Builder
	b.WriteString("seconds,response_ms,deliveries,p50_ms,max_ms\n")
	for i, c := range changes {
		d := slices.Clone(latencies[i])
		slices.Sort(d)
		p50, top := time.Duration(0), time.Duration(0)
		if len(d) > 0 {
			p50, top = benchkit.Percentile(d, 50), d[len(d)-1]
		}
		fmt.Fprintf(&b, "%.3f,%.2f,%d,%.2f,%.2f\n", c.sent.Sub(changes[0].sent).Seconds(),
			ms(c.answered.Sub(c.sent)), len(d), ms(p50), ms(top))
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
