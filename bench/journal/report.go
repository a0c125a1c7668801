package main

import (
	"fmt"
	"io"
	"time"

	"github.com/guichet/guichet/bench/internal/benchkit"
)

// report prints the figures as Markdown and tells whether every target is
// met: the API's p95 under the scenario's target, and each of its p50, p95
// and p99 within maxRatio of the plain SQL's.
func report(w io.Writer, e *env, iterations, warmup int, results []result) bool {
	fmt.Fprintf(w, "Date: %s · %d cores · PostgreSQL %s · %d transactions, %d labels on them",
		e.date, e.cores, e.server, e.rows, e.labelRows)
	if e.loadTime > 0 {
		fmt.Fprintf(w, " · loaded in %s", e.loadTime.Round(100*time.Millisecond))
	}
	fmt.Fprintf(w, " · %.0f%% of their pages all-visible · load average %s before the runs, %s after", 100*e.allVisible, e.loadAvg[0], e.loadAvg[1])
	fmt.Fprintf(w, "\n\nSettings: shared_buffers %s, effective_cache_size %s, random_page_cost %s, work_mem %s, max_parallel_workers_per_gather %s · %d timed runs after %d warm-up runs.\n\n",
		e.settings["shared_buffers"], e.settings["effective_cache_size"], e.settings["random_page_cost"],
		e.settings["work_mem"], e.settings["max_parallel_workers_per_gather"], iterations, warmup)
	fmt.Fprintln(w, "| Query | API p50 | API p95 | API p99 | SQL p50 | SQL p95 | SQL p99 | API / SQL (p50 · p95 · p99) | Target (API p95) | Result |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|:-:|--:|:-:|")
	allOK := true
	for _, r := range results {
		ok := true
		var ratios [3]float64
		for i, p := range []float64{50, 95, 99} {
			ratios[i] = float64(benchkit.Percentile(r.api, p)) / float64(benchkit.Percentile(r.sql, p))
			ok = ok && ratios[i] <= maxRatio
		}
		target, verdict := "—", "(information)"
		if r.target > 0 {
			target = "< " + benchkit.MS(r.target)
			ok = ok && benchkit.Percentile(r.api, 95) < r.target
			verdict = "pass"
			if !ok {
				verdict = "**FAIL**"
				allOK = false
			}
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %.2f · %.2f · %.2f | %s | %s |\n", r.name,
			benchkit.MS(benchkit.Percentile(r.api, 50)), benchkit.MS(benchkit.Percentile(r.api, 95)), benchkit.MS(benchkit.Percentile(r.api, 99)),
			benchkit.MS(benchkit.Percentile(r.sql, 50)), benchkit.MS(benchkit.Percentile(r.sql, 95)), benchkit.MS(benchkit.Percentile(r.sql, 99)),
			ratios[0], ratios[1], ratios[2], target, verdict)
	}
	fmt.Fprintf(w, "\nA query with a target passes when its API p95 is under it and each of its API p50, p95 and p99 is within %gx of the plain SQL's.\n", maxRatio)
	return allOK
}
