package testdb

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
)

// startCluster initialises and starts a PostgreSQL cluster in a temporary
// folder, listening on 127.0.0.1 only on a free port, and returns a
// superuser URL. initdb refuses to run as root, so as root the cluster
// belongs to the postgres system user.
func startCluster() (string, error) {
	bin, err := postgresBinDir()
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "guichet-pg-")
	if err != nil {
		return "", err
	}
	data := filepath.Join(dir, "data")
	asRoot := os.Geteuid() == 0
	var pgUser *user.User
	if asRoot {
		if pgUser, err = user.Lookup("postgres"); err != nil {
			return "", fmt.Errorf("running as root needs the postgres system user: %w", err)
		}
		uid, _ := strconv.Atoi(pgUser.Uid)
		gid, _ := strconv.Atoi(pgUser.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return "", err
		}
	}
	run := func(name string, args ...string) *exec.Cmd {
		path := filepath.Join(bin, name)
		if asRoot {
			return exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
		}
		return exec.Command(path, args...)
	}
	if out, err := run("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync").CombinedOutput(); err != nil {
		return "", fmt.Errorf("initdb: %v\n%s", err, out)
	}
	port, err := freePort()
	if err != nil {
		return "", err
	}
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", port, dir)
	if out, err := run("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "start").CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		return "", fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	stopOnExit(func() {
		_ = run("pg_ctl", "-D", data, "-m", "immediate", "stop").Run()
		_ = os.RemoveAll(dir)
	})
	u := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	conn, err := sql.Open("postgres", u)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	for i := 0; ; i++ {
		if err = conn.Ping(); err == nil || i == 50 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	return u, err
}

// postgresBinDir finds the server binaries: pg_ctl on PATH, or Debian's
// /usr/lib/postgresql/<version>/bin, newest first.
func postgresBinDir() (string, error) {
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
	return "", errors.New("no PostgreSQL server binaries (initdb, pg_ctl) found: install Debian's postgresql package (apt-get install postgresql), or set " + EnvPostgresURL)
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
