package testdb_test

import (
	"context"
	"os"
	"testing"

	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

func TestMain(m *testing.M) { code := m.Run(); testdb.Cleanup(); os.Exit(code) }

func TestOpen(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		n, err := d.Client.Merchant.Query().Count(viewer.SystemContext(context.Background()))
		if err != nil || n != 0 {
			t.Fatalf("got %d, %v", n, err)
		}
	})
}
