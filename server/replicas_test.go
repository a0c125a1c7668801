package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/graph/graphtest"
	"github.com/guichet/guichet/internal/auth"
	"github.com/guichet/guichet/internal/labelevents"
	"github.com/guichet/guichet/internal/testdb"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testdb.Cleanup()
	os.Exit(code)
}

// TestReplicas runs two server processes on one PostgreSQL database, as
// behind a load balancer: label changes made through replica A reach a
// subscriber of replica B, every one, in order, also when B's listening
// database connection is cut while changes go on.
//
// Replica A runs the development identity provider; B trusts it as its
// OpenID provider (-oidc-issuer), as replicas share one real provider in
// production, so that one partner token works on both. (B running its own
// development provider would sign with its own issuer, which A and B's
// tokens would not share.)
func TestReplicas(t *testing.T) {
	dbURL := testdb.PostgresDatabase(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "guichet")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	if out, err := exec.Command(bin, "seed", "--transactions", "20", "-database", dbURL).CombinedOutput(); err != nil {
		t.Fatalf("seed: %v\n%s", err, out)
	}
	a := startReplica(t, bin, dir, "-database", dbURL, "-addr", "127.0.0.1:0", "-seed-transactions", "0")
	b := startReplica(t, bin, dir, "-database", dbURL, "-addr", "127.0.0.1:0", "-seed-transactions", "0",
		"-oidc-issuer", a.URL+"/dev-idp")

	// Olivier Opérateur labels through A; partner-demo follows through B.
	operator := browserLogin(t, a.URL, "olivier.operateur@refundus.example")
	token := partnerToken(t, a.URL, "partner-demo", "partner-demo-secret")
	var ids struct {
		Labels struct {
			Edges []struct{ Node struct{ ID, Name string } }
		}
		Transactions struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	graphQL(t, b.URL, token, nil, `{ labels(first: 1) { edges { node { id name } } }
		transactions(first: 10) { edges { node { id } } } }`, nil, &ids)
	label := ids.Labels.Edges[0].Node.ID
	var txs []string
	for _, e := range ids.Transactions.Edges {
		txs = append(txs, e.Node.ID)
	}
	// Each change takes the label off or puts it on one transaction, so
	// that every change makes one event.
	on := map[string]bool{}
	change := func(t *testing.T, i int) error {
		tx := txs[i%len(txs)]
		mutation := map[bool]string{false: "addLabels", true: "removeLabels"}[on[tx]]
		var out map[string]any
		if err := graphQLErr(t, a.URL, "", operator, `mutation($t: [ID!]!, $l: [ID!]!) { `+mutation+`(transactionIds: $t, labelIds: $l) { id } }`,
			map[string]any{"t": []string{tx}, "l": []string{label}}, &out); err != nil {
			return err
		}
		on[tx] = !on[tx]
		return nil
	}
	// Whether the label is on a transaction: the seed decides first.
	var labelled struct {
		Transactions struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	graphQL(t, b.URL, token, nil, `query($l: ID!) { transactions(first: 100, where: {hasLabelsAnyOf: [$l]}) { edges { node { id } } } }`,
		map[string]any{"l": label}, &labelled)
	for _, e := range labelled.Transactions.Edges {
		on[e.Node.ID] = true
	}

	// The subscriber starts after the newest event, so that it receives
	// every later one however late B starts its subscription.
	if err := change(t, 0); err != nil {
		t.Fatal(err)
	}
	var head struct {
		LabelEvents struct{ Edges []struct{ Cursor string } }
	}
	graphQL(t, b.URL, token, nil, `{ labelEvents(last: 1, orderBy: {field: SEQ}) { edges { cursor } } }`, nil, &head)
	after := head.LabelEvents.Edges[0].Cursor
	sub := graphtest.MustDialWS(t, b.URL+"/graphql", nil)
	sub.Ack(t, map[string]any{"Authorization": "Bearer " + token})
	sub.Subscribe(t, "b", `subscription($after: Cursor) { labelChanged(after: $after) { id cursor kind transaction { id } } }`,
		map[string]any{"after": after})
	var received []graphtest.LabelEvent
	receive := func(t *testing.T, n int) {
		t.Helper()
		for range n {
			e := sub.NextEvent(t, "b")
			if len(e.Errors) > 0 {
				t.Fatalf("event with errors: %+v", e.Errors)
			}
			received = append(received, e.Data.LabelChanged)
		}
	}
	// checkLog compares what B's subscriber received with the log.
	checkLog := func(t *testing.T) {
		t.Helper()
		var log []string
		vars := map[string]any{"after": after}
		for {
			var page struct {
				LabelEvents struct {
					PageInfo struct {
						HasNextPage bool
						EndCursor   string
					}
					Edges []struct{ Node struct{ ID string } }
				}
			}
			graphQL(t, a.URL, token, nil, `query($after: Cursor) { labelEvents(first: 100, after: $after, orderBy: {field: SEQ}) {
				pageInfo { hasNextPage endCursor } edges { node { id } } } }`, vars, &page)
			for _, e := range page.LabelEvents.Edges {
				log = append(log, e.Node.ID)
			}
			if !page.LabelEvents.PageInfo.HasNextPage {
				break
			}
			vars["after"] = page.LabelEvents.PageInfo.EndCursor
		}
		var got []string
		for _, e := range received {
			got = append(got, e.ID)
		}
		if strings.Join(got, ",") != strings.Join(log, ",") {
			t.Fatalf("B's subscriber received %d events, the log has %d:\n got %v\nwant %v", len(got), len(log), got, log)
		}
	}

	t.Run("100 changes through A reach B", func(t *testing.T) {
		for i := range 100 {
			if err := change(t, 1+i); err != nil {
				t.Fatal(err)
			}
		}
		receive(t, 100)
		checkLog(t)
	})

	admin, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	// cutListener ends the database connection of B's listener and
	// returns once its server process is gone.
	cutListener := func(t *testing.T) {
		t.Helper()
		var pid int
		err := admin.QueryRow(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`,
			labelevents.ListenerName(b.cmd.Process.Pid)).Scan(&pid)
		if err != nil {
			t.Fatalf("B's listener: %v", err)
		}
		var ok bool
		if err := admin.QueryRow(`SELECT pg_terminate_backend($1)`, pid).Scan(&ok); err != nil || !ok {
			t.Fatalf("cut B's listener: %v %v", ok, err)
		}
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
			var n int
			if err := admin.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE pid = $1`, pid).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				return
			}
			if time.Now().After(deadline) {
				t.Fatal("B's listener connection does not end")
			}
		}
	}

	t.Run("B's listener cut mid-stream", func(t *testing.T) {
		done := make(chan error, 1)
		cut := make(chan struct{})
		go func() {
			for i := range 100 {
				if i == 30 {
					close(cut)
				}
				if err := change(t, 101+i); err != nil {
					done <- err
					return
				}
				if i >= 30 && i < 60 {
					time.Sleep(5 * time.Millisecond) // some changes while B reconnects
				}
			}
			done <- nil
		}()
		<-cut
		cutListener(t)
		receive(t, 100)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		checkLog(t)
	})

	t.Run("one change while B is cut off", func(t *testing.T) {
		// B's listener waits at least 100 ms before reconnecting: the
		// change's notification is lost, and only B's reading of the log
		// once reconnected brings the event.
		cutListener(t)
		if err := change(t, 201); err != nil {
			t.Fatal(err)
		}
		receive(t, 1)
		checkLog(t)
		if got := strings.Count(b.log.String(), "label event listener reconnected"); got != 2 {
			t.Errorf("B's listener reported %d reconnections, want 2:\n%s", got, b.log.String())
		}
	})
}

// replica is a server process.
type replica struct {
	URL string
	cmd *exec.Cmd
	log *lockedBuffer
}

// startReplica runs the server binary in dir with args until t ends, and
// waits until it serves.
func startReplica(t *testing.T, bin, dir string, args ...string) *replica {
	t.Helper()
	r := &replica{cmd: exec.Command(bin, args...), log: &lockedBuffer{}}
	r.cmd.Dir = dir
	r.cmd.Stderr = r.log
	stdout, err := r.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = r.cmd.Process.Signal(os.Interrupt)
		stopped := make(chan struct{})
		go func() { _ = r.cmd.Wait(); close(stopped) }()
		select {
		case <-stopped:
		case <-time.After(10 * time.Second):
			_ = r.cmd.Process.Kill()
			<-stopped
		}
	})
	found := make(chan string, 1)
	go func() {
		s := bufio.NewScanner(stdout)
		re := regexp.MustCompile(`http://\S+`)
		for s.Scan() {
			if u := re.FindString(s.Text()); u != "" {
				found <- u
				break
			}
		}
		for s.Scan() { // drain
		}
	}()
	select {
	case r.URL = <-found:
	case <-time.After(20 * time.Second):
		t.Fatalf("the replica did not start:\n%s", r.log.String())
	}
	return r
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// browserLogin logs user in through base's development provider, as a
// browser does, and returns the browser's client (its cookie jar).
func browserLogin(t *testing.T, base, user string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	resp, err := c.Get(base + "/auth/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	page := resp.Request.URL // the provider's login page
	resp, err = c.PostForm(base+"/dev-idp/login", url.Values{"id": {page.Query().Get("authRequestID")}, "user": {user}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.String() != base+"/" {
		t.Fatalf("login of %s ended at %s (status %d)", user, resp.Request.URL, resp.StatusCode)
	}
	return c
}

// partnerToken gets a client-credentials access token from base's
// development provider.
func partnerToken(t *testing.T, base, id, secret string) string {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, base+"/dev-idp/oauth/token",
		strings.NewReader(url.Values{"grant_type": {"client_credentials"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(id, secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("token of %s: status %d, %v", id, resp.StatusCode, err)
	}
	return tok.AccessToken
}

// graphQL posts a query to base as the bearer of token or as browser (with
// the SPA's CSRF header), fails t on any error, and decodes data into out.
func graphQL(t *testing.T, base, token string, browser *http.Client, query string, vars map[string]any, out any) {
	t.Helper()
	if err := graphQLErr(t, base, token, browser, query, vars, out); err != nil {
		t.Fatal(err)
	}
}

// graphQLErr is graphQL returning the failure, for other goroutines than
// the test's.
func graphQLErr(t *testing.T, base, token string, browser *http.Client, query string, vars map[string]any, out any) error {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequestWithContext(context.WithoutCancel(t.Context()), http.MethodPost, base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	client := http.DefaultClient
	if browser != nil {
		client = browser
		req.Header.Set(auth.CSRFHeader, "1")
		req.Header.Set("Origin", base)
	} else {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var r struct {
		Data   json.RawMessage
		Errors []any
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || len(r.Errors) > 0 {
		return fmt.Errorf("%s: status %d, errors %v (%v)", strings.Fields(query)[0], resp.StatusCode, r.Errors, err)
	}
	return json.Unmarshal(r.Data, out)
}
