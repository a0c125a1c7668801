package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/graph"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/seed"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

func TestMain(m *testing.M) { code := m.Run(); testdb.Cleanup(); os.Exit(code) }

// TestConnectionCounts checks that a connection is counted only when
// totalCount is asked for or no page is read, and that pageInfo is right
// either way.
func TestConnectionCounts(t *testing.T) {
	ql := &testdb.QueryLog{}
	counts := func() int {
		n := 0
		for _, q := range ql.Take() {
			if strings.Contains(q, "COUNT(") {
				n++
			}
		}
		return n
	}
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		res, err := seed.Run(context.Background(), d.Client, seed.Options{Transactions: 300, Now: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		v := &viewer.Viewer{MerchantID: res.Merchants[0].ID, Role: viewer.RoleAdmin}
		api := graph.NewHandler(d.Client, slog.New(slog.DiscardHandler))
		ask := func(t *testing.T, query string) map[string]any {
			t.Helper()
			body, _ := json.Marshal(map[string]string{"query": query})
			req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			api.ServeHTTP(rec, req.WithContext(viewer.NewContext(req.Context(), v)))
			var out struct {
				Data   map[string]any
				Errors []any
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || len(out.Errors) > 0 {
				t.Fatalf("%s: %v %v", rec.Body, err, out.Errors)
			}
			return out.Data["transactions"].(map[string]any)
		}
		// About 20 of the merchant's 200 transactions: one page of 100.
		recent := fmt.Sprintf("first: 100, where: {createdAtGTE: %q}", time.Now().Add(-10*24*time.Hour).UTC().Format(time.RFC3339))
		for _, c := range []struct {
			name, args, fields string
			wantCounts         int
			wantNext           bool
		}{
			{"a page with its total", "first: 10", "totalCount pageInfo { hasNextPage } edges { cursor }", 1, true},
			{"a page without its total", "first: 10", "pageInfo { hasNextPage } edges { cursor }", 0, true},
			{"the last page without its total", recent, "pageInfo { hasNextPage } edges { cursor }", 0, false},
			{"the last page with its total", recent, "totalCount pageInfo { hasNextPage } edges { cursor }", 1, false},
			{"pageInfo without a page", "first: 10", "pageInfo { hasNextPage }", 1, true},
			{"an empty page", "first: 0", "pageInfo { hasNextPage }", 1, true},
			{"the total alone", "first: 10", "totalCount", 1, false},
		} {
			t.Run(c.name, func(t *testing.T) {
				counts()
				got := ask(t, fmt.Sprintf("{ transactions(%s) { %s } }", c.args, c.fields))
				if n := counts(); n != c.wantCounts {
					t.Errorf("counts: got %d, want %d", n, c.wantCounts)
				}
				if pi, ok := got["pageInfo"].(map[string]any); ok && pi["hasNextPage"] != c.wantNext {
					t.Errorf("hasNextPage: got %v, want %v", pi["hasNextPage"], c.wantNext)
				}
			})
		}
	}, ql.Options()...)
}
