// Package pgcluster starts a throwaway PostgreSQL cluster with the
// machine's server binaries, for tests and benchmarks that need a server
// and are not given one.
package pgcluster

import (
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	_ "github.com/lib/pq" // PostgreSQL driver
)

// Cluster is a running throwaway cluster.
type Cluster struct {
	// URL is a superuser URL of its postgres database.
	URL  string
	stop func()
}

// Stop shuts the cluster down at once and deletes its files.
func (c *Cluster) Stop() { c.stop() }

// Start initialises and starts a cluster in a temporary folder, listening
// on 127.0.0.1 only on a free port. Durability is off (fsync, synchronous
// commit, full page writes): its data is disposable. settings are extra
// server settings, such as "shared_buffers=512MB". initdb refuses to run
// as root, so as root the cluster belongs to the postgres system user.
// hint ends the error given when no server binaries are found.
func Start(hint string, settings ...string) (*Cluster, error) {
	bin, err := binDir()
	if err != nil {
		return nil, fmt.Errorf("%w, or %s", err, hint)
	}
	dir, err := os.MkdirTemp("", "guichet-pg-")
	if err != nil {
		return nil, err
	}
	data := filepath.Join(dir, "data")
	asRoot := os.Geteuid() == 0
	if asRoot {
		pgUser, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root needs the postgres system user: %w", err)
		}
		uid, _ := strconv.Atoi(pgUser.Uid)
		gid, _ := strconv.Atoi(pgUser.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, err
		}
	}
	run := func(name string, args ...string) *exec.Cmd {
		path := filepath.Join(bin, name)
		if asRoot {
			return exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
		}
		return exec.Command(path, args...)
	}
	c := &Cluster{stop: func() {
		_ = run("pg_ctl", "-D", data, "-m", "immediate", "stop").Run()
		_ = os.RemoveAll(dir)
	}}
	if out, err := run("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync").CombinedOutput(); err != nil {
		c.Stop()
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	port, err := freePort()
	if err != nil {
		c.Stop()
		return nil, err
	}
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", port, dir)
	for _, s := range settings {
		opts += " -c " + s
	}
	if out, err := run("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "start").CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		c.Stop()
		return nil, fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	c.URL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	conn, err := sql.Open("postgres", c.URL)
	if err != nil {
		c.Stop()
		return nil, err
	}
	defer conn.Close()
	for i := 0; ; i++ {
		if err = conn.Ping(); err == nil || i == 50 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		c.Stop()
		return nil, err
	}
	return c, nil
}

// binDir finds the server binaries: pg_ctl on PATH, or Debian's
// /usr/lib/postgresql/<version>/bin, newest first.
func binDir() (string, error) {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		if _, err := os.Stat(filepath.Join(filepath.Dir(p), "initdb")); err == nil {
			return filepath.Dir(p), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", errors.New("no PostgreSQL server binaries (initdb, pg_ctl) found: install Debian's postgresql package (apt-get install postgresql)")
}

func version(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
