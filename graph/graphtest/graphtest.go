// Package graphtest calls the GraphQL API in tests the way the server does:
// a viewer in the request context, a request ID, JSON over HTTP.
package graphtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/graph"
	"github.com/guichet/guichet/graph/scalar"
	"github.com/guichet/guichet/internal/processor"
	"github.com/guichet/guichet/internal/requestid"
	"github.com/guichet/guichet/internal/viewer"
)

// Server is the GraphQL handler over one database. Its log is kept so that
// tests can check what reached it.
type Server struct {
	Handler http.Handler
	log     *syncBuffer
}

// NewServer serves the API of client the way server/http.go wires it.
func NewServer(client *ent.Client) *Server {
	buf := &syncBuffer{}
	return &Server{Handler: graph.NewHandler(client, processor.Sandbox{}, slog.New(slog.NewTextHandler(buf, nil))), log: buf}
}

// Log returns what the handler has logged so far.
func (s *Server) Log() string { return s.log.String() }

// Response is a decoded GraphQL response.
type Response struct {
	Status int
	Data   json.RawMessage
	Errors []Error
	// RequestID is the ID the request carried.
	RequestID string
}

// Error is one GraphQL error.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code is extensions.code.
func (e Error) Code() string { s, _ := e.Extensions["code"].(string); return s }

// Field is extensions.field.
func (e Error) Field() string { s, _ := e.Extensions["field"].(string); return s }

// Vars are the variables of a query.
type Vars = map[string]any

var requests struct {
	sync.Mutex
	n int
}

// Do posts query with vars as v and decodes the answer. v may be nil for an
// anonymous caller.
func (s *Server) Do(t testing.TB, v *viewer.Viewer, query string, vars Vars) *Response {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatalf("encode request: %v", err)
	}
	return s.Post(t, v, bytes.NewReader(body))
}

// Post posts a raw request body as v.
func (s *Server) Post(t testing.TB, v *viewer.Viewer, body io.Reader) *Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/graphql", body)
	req.Header.Set("Content-Type", "application/json")
	return s.Serve(t, v, req)
}

// Serve serves req as v with a fresh request ID and decodes the answer.
func (s *Server) Serve(t testing.TB, v *viewer.Viewer, req *http.Request) *Response {
	t.Helper()
	requests.Lock()
	requests.n++
	id := fmt.Sprintf("test-%d", requests.n)
	requests.Unlock()
	ctx := requestid.NewContext(req.Context(), id)
	if v != nil {
		ctx = viewer.NewContext(ctx, v)
	}
	rec := httptest.NewRecorder()
	s.Handler.ServeHTTP(rec, req.WithContext(ctx))
	resp := &Response{Status: rec.Code, RequestID: id}
	var raw struct {
		Data   json.RawMessage `json:"data"`
		Errors []Error         `json:"errors"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &raw); err != nil {
		t.Fatalf("decode response (status %d): %v\n%s", rec.Code, err, rec.Body.String())
	}
	resp.Data, resp.Errors = raw.Data, raw.Errors
	return resp
}

// Query runs query as v, fails t on any error, and decodes data into out.
func (s *Server) Query(t testing.TB, v *viewer.Viewer, query string, vars Vars, out any) {
	t.Helper()
	resp := s.Do(t, v, query, vars)
	if len(resp.Errors) > 0 {
		t.Fatalf("query failed: %s", resp.ErrorText())
	}
	if err := json.Unmarshal(resp.Data, out); err != nil {
		t.Fatalf("decode data: %v\n%s", err, resp.Data)
	}
}

// Fail runs query as v and returns its one error, failing t when there is
// not exactly one.
func (s *Server) Fail(t testing.TB, v *viewer.Viewer, query string, vars Vars) Error {
	t.Helper()
	resp := s.Do(t, v, query, vars)
	if len(resp.Errors) != 1 {
		t.Fatalf("got %d errors, want 1: %s (data %s)", len(resp.Errors), resp.ErrorText(), resp.Data)
	}
	return resp.Errors[0]
}

// ErrorText lists the errors of r for failure messages.
func (r *Response) ErrorText() string {
	var b strings.Builder
	for _, e := range r.Errors {
		fmt.Fprintf(&b, "[%s field=%q path=%v] %s; ", e.Code(), e.Field(), e.Path, e.Message)
	}
	return b.String()
}

// ID is the global ID the API shows for an ent ID.
func ID(id int) string {
	var b bytes.Buffer
	scalar.MarshalID(id).MarshalGQL(&b)
	var s string
	if err := json.Unmarshal(b.Bytes(), &s); err != nil {
		panic(err)
	}
	return s
}

// IDs maps ID over ids.
func IDs(ids ...int) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = ID(id)
	}
	return out
}

// EntID is the ent ID of a global ID; it fails t on a malformed one.
func EntID(t testing.TB, id string) int {
	t.Helper()
	n, err := scalar.UnmarshalID(id)
	if err != nil {
		t.Fatalf("ID %q: %v", id, err)
	}
	return n
}

// Viewer returns a caller of merchant m with role.
func Viewer(m *ent.Merchant, role viewer.Role) *viewer.Viewer {
	return &viewer.Viewer{MerchantID: m.ID, Subject: fmt.Sprintf("%s-%d", role, m.ID), Name: fmt.Sprintf("%s of %s", role, m.Name), Role: role}
}

// System is the context Guichet's own jobs run in; fixtures use it.
func System() context.Context { return viewer.SystemContext(context.Background()) }

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
