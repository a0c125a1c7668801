package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"
	"time"
)

// bench runs the phases against the replicas.
type bench struct {
	options
	replicas []*replica
	issuer   string
	op       *caller
	fx       *fixture
	changes  []change // every change made, in order
}

// change is one label change made through replica A.
type change struct {
	tx, kind string
	// sent is when the mutation was sent, answered when its response came
	// back: the change had committed by then.
	sent, answered time.Time
}

// results are the benchmark's measurements.
type results struct {
	// idle is each replica's snapshot before and after its idle
	// subscribers connected, and how many connected.
	idle        [][2]snapshot
	idleSubs    []int
	connectTime time.Duration

	// written is, for every delivery, the time from the event's writing
	// (its at, inside the change's transaction, before the commit) to its
	// reading by the subscriber: an upper bound of commit → client.
	// answered is from the mutation's response (after the commit) to the
	// same reading: a lower bound. By replica of the subscriber.
	written, answered [][]time.Duration
	// byChange is each change's delivery latencies (written → client).
	byChange   [][]time.Duration
	changes    int
	changeTime time.Duration
	// cpu is the CPU time spent from the first change to the last
	// delivery.
	cpu      cpuUse
	mutation []time.Duration // each mutation's response time
	// expected, got, missing, duplicates and outOfOrder count deliveries;
	// wrong ones are events other than the change they should be; lost
	// subscribers were disconnected or got an error.
	expected, got, missing, duplicates, outOfOrder, wrong, lost int
	lostReason                                                  error

	// goroutines of each replica before and after the cycles, and the
	// cycles that failed.
	cycleGoroutines [][2]int
	cycleMemory     [][2]snapshot
	cycleTime       time.Duration
	cycleErrors     int
	cycleError      error
}

func (bn *bench) run(ctx context.Context) (*results, error) {
	r := &results{}
	token, err := partnerToken(ctx, bn.issuer)
	if err != nil {
		return nil, err
	}
	// Two changes, so that subscribers can replay one event: the proof
	// that their subscription is live.
	for range 2 {
		if err := bn.change(ctx); err != nil {
			return nil, err
		}
	}
	prev, last, err := bn.lastEvents(ctx, token)
	if err != nil {
		return nil, err
	}
	// One-time work (provider discovery and keys, the partner's
	// registration, pools, caches) is done before anything is measured.
	fmt.Fprintln(os.Stderr, "warming up…")
	if failed, err := bn.cycle(ctx, token, prev, 40); failed > 0 {
		return nil, fmt.Errorf("warm-up: %d cycles of 40 failed: %w", failed, err)
	}

	fmt.Fprintf(os.Stderr, "connecting %d idle subscribers…\n", bn.subscribers)
	subs, err := bn.idle(ctx, r, token, prev)
	defer func() {
		for _, s := range subs {
			for _, sub := range s {
				sub.conn.CloseNow()
			}
		}
	}()
	if err != nil {
		return nil, err
	}
	if err := bn.saveProfiles(ctx, "idle", "heap", "goroutine"); err != nil {
		return nil, err
	}

	fmt.Fprintf(os.Stderr, "%g label changes a second for %s…\n", bn.rate, bn.duration)
	if err := bn.deliver(ctx, r, subs, last); err != nil {
		return nil, err
	}
	fmt.Fprintln(os.Stderr, "disconnecting…")
	var wg sync.WaitGroup
	for _, s := range subs {
		for _, sub := range s {
			wg.Go(func() { _ = sub.leave(ctx, completeAndClose) })
		}
	}
	wg.Wait()

	fmt.Fprintf(os.Stderr, "%d connect/disconnect cycles…\n", bn.cycles)
	// The access token lives 5 minutes: a fresh one for the cycles.
	if token, err = partnerToken(ctx, bn.issuer); err != nil {
		return nil, err
	}
	if prev, _, err = bn.lastEvents(ctx, token); err != nil {
		return nil, err
	}
	if err := bn.goroutineCycles(ctx, r, token, prev); err != nil {
		return nil, err
	}
	return r, nil
}

// change labels the next transaction, or unlabels the last one, through
// replica A as the operator.
func (bn *bench) change(ctx context.Context) error {
	i := len(bn.changes)
	c := change{tx: bn.fx.transactions[i/2], kind: "LABEL_ADDED"}
	field := "addLabels"
	if i%2 == 1 {
		c.kind, field = "LABEL_REMOVED", "removeLabels"
	}
	q := `mutation($t: [ID!]!, $l: [ID!]!) { ` + field + `(transactionIds: $t, labelIds: $l) { id } }`
	c.sent = time.Now()
	err := bn.op.query(ctx, q, map[string]any{"t": []string{c.tx}, "l": []string{gid(bn.fx.label)}}, nil)
	c.answered = time.Now()
	if err != nil {
		return fmt.Errorf("change %d: %w", i, err)
	}
	bn.changes = append(bn.changes, c)
	return nil
}

// lastEvents reads the cursor of the log's last but one event and the
// position of its last.
func (bn *bench) lastEvents(ctx context.Context, token string) (prev string, last int64, err error) {
	var got struct {
		LabelEvents struct {
			Edges []struct{ Node struct{ Cursor string } }
		}
	}
	err = partner(bn.replicas[0].url, token).query(ctx,
		`{ labelEvents(last: 2, orderBy: {field: SEQ, direction: ASC}) { edges { node { cursor } } } }`, nil, &got)
	if err != nil {
		return "", 0, err
	}
	if len(got.LabelEvents.Edges) != 2 {
		return "", 0, fmt.Errorf("labelEvents gave %d events, want the last 2", len(got.LabelEvents.Edges))
	}
	last, err = seqOf(got.LabelEvents.Edges[1].Node.Cursor)
	return got.LabelEvents.Edges[0].Node.Cursor, last, err
}

// connect subscribes n subscribers to the replica, a few at a time.
func (bn *bench) connect(ctx context.Context, r *replica, token, after string, n int) ([]*subscriber, error) {
	subs := make([]*subscriber, n)
	errs := make([]error, n)
	sem := make(chan struct{}, bn.concurrency)
	var wg sync.WaitGroup
	for i := range subs {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			subs[i], errs[i] = subscribe(ctx, r.url, token, after, 30*time.Second)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		for _, s := range subs {
			if s != nil {
				s.conn.CloseNow()
			}
		}
		return nil, fmt.Errorf("connect to replica %s: %w", r.name, err)
	}
	return subs, nil
}

// idle connects the subscribers, half on each replica, and measures each
// replica's memory before and after.
func (bn *bench) idle(ctx context.Context, r *results, token, after string) ([][]*subscriber, error) {
	n := len(bn.replicas)
	subs := make([][]*subscriber, n)
	r.idle = make([][2]snapshot, n)
	r.idleSubs = make([]int, n)
	for i, rep := range bn.replicas {
		s, err := settle(ctx, rep, -1)
		if err != nil {
			return subs, err
		}
		r.idle[i][0] = s
	}
	start := time.Now()
	for i, rep := range bn.replicas {
		k := bn.subscribers / n
		if i < bn.subscribers%n {
			k++
		}
		s, err := bn.connect(ctx, rep, token, after, k)
		if err != nil {
			return subs, err
		}
		subs[i], r.idleSubs[i] = s, k
	}
	r.connectTime = time.Since(start)
	for i, rep := range bn.replicas {
		s, err := settle(ctx, rep, -1)
		if err != nil {
			return subs, err
		}
		r.idle[i][1] = s
	}
	return subs, nil
}

// settle waits until the replica's goroutines stop changing (and, when at
// least 0, come down to want), at most a minute, and returns its snapshot
// then.
func settle(ctx context.Context, r *replica, want int) (snapshot, error) {
	deadline := time.Now().Add(time.Minute)
	prev := -1
	for {
		s, err := r.snapshot(ctx)
		if err != nil {
			return s, err
		}
		if (s.goroutines == prev && (want < 0 || s.goroutines <= want)) || time.Now().After(deadline) {
			return s, nil
		}
		prev = s.goroutines
		select {
		case <-ctx.Done():
			return s, ctx.Err()
		case <-time.After(time.Second):
		}
	}
}

// deliver makes label changes at the steady rate and collects every
// subscriber's deliveries of them; last is the log position before the
// first.
func (bn *bench) deliver(ctx context.Context, r *results, subs [][]*subscriber, last int64) error {
	n := int(bn.rate * bn.duration.Seconds())
	first := len(bn.changes)
	var cpu sync.WaitGroup
	cpuErr := make([]error, len(bn.replicas))
	if bn.profiles != "" {
		for i, rep := range bn.replicas {
			cpu.Go(func() {
				secs := max(1, int(bn.duration.Seconds())-1)
				cpuErr[i] = rep.save(ctx, fmt.Sprintf("profile?seconds=%d", secs), fmt.Sprintf("%s/cpu-%s-changes.pprof", bn.profiles, rep.name))
			})
		}
	}
	meter := startCPU(bn.replicas)
	tick := time.NewTicker(time.Duration(float64(time.Second) / bn.rate))
	start := time.Now()
	for i := range n {
		if i > 0 {
			select {
			case <-ctx.Done():
				tick.Stop()
				return ctx.Err()
			case <-tick.C:
			}
		}
		if err := bn.change(ctx); err != nil {
			tick.Stop()
			return err
		}
	}
	tick.Stop()
	r.changeTime = time.Since(start)
	r.changes = n
	final := last + int64(n)

	// Every subscriber should have every event within seconds; a minute
	// is the end of patience.
	deadline := time.Now().Add(time.Minute)
	for _, s := range subs {
		for _, sub := range s {
			for sub.lastSeq() < final && sub.error() == nil && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
		}
	}
	r.cpu = meter.stop()
	cpu.Wait()
	if err := errors.Join(cpuErr...); err != nil {
		return err
	}

	for _, c := range bn.changes[first:] {
		r.mutation = append(r.mutation, c.answered.Sub(c.sent))
	}
	slices.Sort(r.mutation)
	r.byChange = make([][]time.Duration, n)
	r.written = make([][]time.Duration, len(subs))
	r.answered = make([][]time.Duration, len(subs))
	for i, s := range subs {
		for _, sub := range s {
			r.expected += n
			if err := sub.error(); err != nil {
				r.lost++
				r.lostReason = err
			}
			want := last + 1
			seen := map[int64]bool{}
			for _, d := range sub.deliveries() {
				if d.seq <= last {
					continue // the replayed event
				}
				k := first + int(d.seq-last-1)
				switch {
				case seen[d.seq]:
					r.duplicates++
					continue
				case d.seq != want:
					r.outOfOrder++
				}
				seen[d.seq] = true
				want = d.seq + 1
				if k >= len(bn.changes) {
					r.wrong++
					continue
				}
				c := bn.changes[k]
				if d.tx != c.tx || d.kind != c.kind {
					r.wrong++
					continue
				}
				r.got++
				r.byChange[k-first] = append(r.byChange[k-first], d.recv.Sub(d.at))
				r.written[i] = append(r.written[i], d.recv.Sub(d.at))
				r.answered[i] = append(r.answered[i], d.recv.Sub(c.answered))
			}
		}
		slices.Sort(r.written[i])
		slices.Sort(r.answered[i])
	}
	r.missing = r.expected - r.got - r.wrong
	return nil
}

// cycle connects and disconnects n subscribers, a few at a time, on the
// replicas in turn, leaving each of the ways clients leave. It returns how
// many failed and why the last of them did.
func (bn *bench) cycle(ctx context.Context, token, after string, n int) (int, error) {
	sem := make(chan struct{}, bn.concurrency)
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		failed int
		last   error
	)
	for i := range n {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			rep := bn.replicas[i%len(bn.replicas)]
			s, err := subscribe(ctx, rep.url, token, after, 30*time.Second)
			if err == nil {
				err = s.leave(ctx, leaving(i/len(bn.replicas)%int(leavings)))
			}
			if err != nil {
				mu.Lock()
				failed++
				last = fmt.Errorf("replica %s: %w", rep.name, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return failed, last
}

// goroutineCycles counts each replica's goroutines, runs the connect/disconnect
// cycles, and counts them again once the replicas have settled.
func (bn *bench) goroutineCycles(ctx context.Context, r *results, token, after string) error {
	n := len(bn.replicas)
	r.cycleGoroutines = make([][2]int, n)
	r.cycleMemory = make([][2]snapshot, n)
	for i, rep := range bn.replicas {
		s, err := settle(ctx, rep, -1)
		if err != nil {
			return err
		}
		r.cycleGoroutines[i][0], r.cycleMemory[i][0] = s.goroutines, s
	}
	start := time.Now()
	failed, err := bn.cycle(ctx, token, after, bn.cycles)
	r.cycleTime = time.Since(start)
	r.cycleErrors, r.cycleError = failed, err
	for i, rep := range bn.replicas {
		s, err := settle(ctx, rep, r.cycleGoroutines[i][0])
		if err != nil {
			return err
		}
		r.cycleGoroutines[i][1], r.cycleMemory[i][1] = s.goroutines, s
	}
	return nil
}
