package graph_test

import (
	"os"
	"testing"

	"github.com/guichet/guichet/internal/testdb"
)

func TestMain(m *testing.M) { code := m.Run(); testdb.Cleanup(); os.Exit(code) }
