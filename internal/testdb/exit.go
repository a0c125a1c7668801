package testdb

import (
	"os"
	"os/signal"
	"sync"
	"syscall"
)

var (
	exitMu    sync.Mutex
	exitFuncs []func()
)

// stopOnExit runs f when the test binary ends: after TestMain's m.Run via
// Cleanup, or on an interrupt.
func stopOnExit(f func()) {
	exitMu.Lock()
	defer exitMu.Unlock()
	if exitFuncs == nil {
		c := make(chan os.Signal, 1)
		signal.Notify(c, os.Interrupt, syscall.SIGTERM)
		go func() {
			<-c
			Cleanup()
			os.Exit(1)
		}()
	}
	exitFuncs = append(exitFuncs, f)
}

// Cleanup stops what the package started (the throwaway PostgreSQL
// cluster). Call it from TestMain after m.Run:
//
//	func TestMain(m *testing.M) { code := m.Run(); testdb.Cleanup(); os.Exit(code) }
func Cleanup() {
	exitMu.Lock()
	defer exitMu.Unlock()
	for _, f := range exitFuncs {
		f()
	}
	exitFuncs = nil
}
