package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// build compiles the server once, as `make build` does minus the SPA
// (the API does not need it), into dir.
func build(ctx context.Context, dir string) (string, error) {
	root, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	bin := filepath.Join(dir, "guichet")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./server")
	cmd.Dir = filepath.Dir(strings.TrimSpace(string(root)))
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./server: %v\n%s", err, out)
	}
	return bin, nil
}

// seedDatabase fills the empty database with demo data through the
// binary's seed command.
func seedDatabase(ctx context.Context, bin, dir, dbURL string, transactions int) error {
	cmd := exec.CommandContext(ctx, bin, "seed", "-database", dbURL, "--transactions", strconv.Itoa(transactions), "-log-level", "warn")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("guichet seed: %v\n%s", err, out)
	}
	return nil
}

// replica is one running server process.
type replica struct {
	name     string
	url      string // its API and SPA: http://127.0.0.1:port
	debugURL string // its -debug-addr
	cmd      *exec.Cmd
	logPath  string
	exited   chan struct{}
	probe    *http.Client
}

// startReplica runs the server binary in dir on free loopback ports, with
// its profiles on another (-debug-addr), and waits until it is ready.
func startReplica(ctx context.Context, bin, dir, name string, args ...string) (*replica, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	debugAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	r := &replica{
		name:     name,
		url:      "http://" + addr,
		debugURL: "http://" + debugAddr,
		logPath:  filepath.Join(dir, "replica-"+name+".log"),
		exited:   make(chan struct{}),
		probe:    &http.Client{Timeout: time.Minute},
	}
	logFile, err := os.Create(r.logPath)
	if err != nil {
		return nil, err
	}
	r.cmd = exec.Command(bin, append([]string{
		"-addr", addr, "-public-url", r.url, "-debug-addr", debugAddr, "-seed-transactions", "0",
	}, args...)...)
	r.cmd.Dir = dir
	r.cmd.Stdout, r.cmd.Stderr = logFile, logFile
	// The replicas die with the benchmark, however it ends.
	r.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := r.cmd.Start(); err != nil {
		logFile.Close()
		return nil, err
	}
	go func() {
		_ = r.cmd.Wait()
		logFile.Close()
		close(r.exited)
	}()
	deadline := time.Now().Add(time.Minute)
	for {
		resp, err := r.probe.Get(r.url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return r, nil
			}
		}
		select {
		case <-r.exited:
			return nil, fmt.Errorf("replica %s exited at start:\n%s", name, r.logTail())
		case <-ctx.Done():
			r.stop()
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			r.stop()
			return nil, fmt.Errorf("replica %s not ready after a minute:\n%s", name, r.logTail())
		}
	}
}

// stop asks the replica to shut down, and kills it if it has not within
// 20 seconds.
func (r *replica) stop() {
	_ = r.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-r.exited:
	case <-time.After(20 * time.Second):
		_ = r.cmd.Process.Kill()
		<-r.exited
	}
}

// running reports an error when the replica has exited.
func (r *replica) running() error {
	select {
	case <-r.exited:
		return fmt.Errorf("replica %s exited:\n%s", r.name, r.logTail())
	default:
		return nil
	}
}

func (r *replica) logTail() string {
	b, _ := os.ReadFile(r.logPath)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// snapshot is a replica's memory and goroutines at one moment, its Go
// memory measured right after a garbage collection.
type snapshot struct {
	goroutines int
	// heap is the Go heap's live bytes (HeapAlloc after a collection),
	// stacks the goroutine stacks' (StackInuse).
	heap, stacks uint64
	// rss is the process's resident memory as the kernel counts it (VmRSS).
	rss uint64
}

// goMemory is the memory the Go program holds: live heap and stacks.
func (s snapshot) goMemory() uint64 { return s.heap + s.stacks }

// snapshot collects the garbage (pprof's heap profile with gc=1), then
// reads the runtime's memory statistics, the goroutine count and the RSS.
func (r *replica) snapshot(ctx context.Context) (snapshot, error) {
	var s snapshot
	// A collection halves the stacks of goroutines that use less than a
	// quarter of theirs: a few let an idle connection's stacks come down
	// to what they use, as a running server's collections do.
	for range 3 {
		if _, err := r.get(ctx, "/debug/pprof/heap?gc=1"); err != nil {
			return s, err
		}
	}
	heap, err := r.get(ctx, "/debug/pprof/heap?gc=1&debug=1")
	if err != nil {
		return s, err
	}
	// debug=1 ends with runtime.MemStats as "# Name = value" lines;
	// Stack is "StackInuse / StackSys".
	for sc := bufio.NewScanner(bytes.NewReader(heap)); sc.Scan(); {
		name, value, ok := strings.Cut(strings.TrimPrefix(sc.Text(), "# "), " = ")
		if !ok {
			continue
		}
		n, _ := strconv.ParseUint(strings.Fields(value)[0], 10, 64)
		switch name {
		case "HeapAlloc":
			s.heap = n
		case "Stack":
			s.stacks = n
		}
	}
	if s.heap == 0 {
		return s, fmt.Errorf("replica %s: no HeapAlloc in its heap profile", r.name)
	}
	if s.goroutines, err = r.goroutines(ctx); err != nil {
		return s, err
	}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", r.cmd.Process.Pid))
	if err != nil {
		return s, err
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseUint(strings.Fields(v)[0], 10, 64)
			s.rss = kb << 10
		}
	}
	return s, nil
}

// goroutines counts the replica's goroutines (pprof's goroutine profile).
func (r *replica) goroutines(ctx context.Context) (int, error) {
	b, err := r.get(ctx, "/debug/pprof/goroutine?debug=1")
	if err != nil {
		return 0, err
	}
	first, _, _ := bytes.Cut(b, []byte("\n"))
	n, err := strconv.Atoi(strings.TrimPrefix(string(first), "goroutine profile: total "))
	if err != nil {
		return 0, fmt.Errorf("replica %s: goroutine profile begins with %q", r.name, first)
	}
	return n, nil
}

// save writes one of the replica's profiles to path.
func (r *replica) save(ctx context.Context, profile, path string) error {
	b, err := r.get(ctx, "/debug/pprof/"+profile)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

func (r *replica) get(ctx context.Context, path string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.debugURL+path, nil)
	if err != nil {
		return nil, err
	}
	resp, err := r.probe.Do(req)
	if err != nil {
		return nil, errors.Join(err, r.running())
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("replica %s: %s answered %s", r.name, path, resp.Status)
	}
	return b, err
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}
