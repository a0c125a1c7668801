package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"slices"
	"time"
)

// result holds the timings of one scenario.
type result struct {
	scenario
	api, sql []time.Duration
}

// measure checks that the API and the plain SQL give the same answer, warms
// both up, then times them in turns, so that a slower moment of the
// machine weighs on both alike.
func measure(ctx context.Context, sc scenario, apiURL string, conn *sql.DB, warmup, iterations int) (result, error) {
	body, err := json.Marshal(map[string]any{"query": sc.query, "variables": sc.variables})
	if err != nil {
		return result{}, err
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	ask := func() ([]byte, error) {
		res, err := client.Post(apiURL, "application/json", bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			return nil, err
		}
		if res.StatusCode != http.StatusOK || bytes.Contains(b, []byte(`"errors"`)) {
			return nil, fmt.Errorf("API answered %s: %s", res.Status, b)
		}
		return b, nil
	}

	b, err := ask()
	if err != nil {
		return result{}, err
	}
	var resp struct{ Data json.RawMessage }
	if err := json.Unmarshal(b, &resp); err != nil {
		return result{}, err
	}
	got, err := sc.decode(resp.Data)
	if err != nil {
		return result{}, err
	}
	want, err := sc.sql(ctx, conn)
	if err != nil {
		return result{}, fmt.Errorf("plain SQL: %w", err)
	}
	if !reflect.DeepEqual(got, want) {
		return result{}, fmt.Errorf("the API and the plain SQL disagree:\nAPI: %+v\nSQL: %+v", got, want)
	}

	r := result{scenario: sc}
	for i := range warmup + iterations {
		if err := ctx.Err(); err != nil {
			return result{}, err
		}
		start := time.Now()
		if _, err := ask(); err != nil {
			return result{}, err
		}
		api := time.Since(start)
		start = time.Now()
		if _, err := sc.sql(ctx, conn); err != nil {
			return result{}, fmt.Errorf("plain SQL: %w", err)
		}
		plain := time.Since(start)
		if i >= warmup {
			r.api = append(r.api, api)
			r.sql = append(r.sql, plain)
		}
	}
	slices.Sort(r.api)
	slices.Sort(r.sql)
	return r, nil
}
