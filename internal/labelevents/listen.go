package labelevents

import (
	"context"
	"fmt"
	"log/slog"
	neturl "net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/lib/pq"
)

// Listen follows the label event announcements of every replica sharing
// the PostgreSQL database at url, over one connection, until ctx ends.
// After the connection drops and comes back, every feed reads its log
// again, so that no announcement lost meanwhile loses an event.
func Listen(ctx context.Context, url string, log *slog.Logger) error {
	l := pq.NewListener(withApplicationName(url, ListenerName(os.Getpid())), 100*time.Millisecond, 10*time.Second, func(ev pq.ListenerEventType, err error) {
		switch ev {
		case pq.ListenerEventConnectionAttemptFailed, pq.ListenerEventDisconnected:
			log.Warn("label event listener lost its connection", "error", err)
		case pq.ListenerEventReconnected:
			log.Info("label event listener reconnected: reading the logs again")
			local.resyncAll()
		}
	})
	if err := l.Listen(Channel); err != nil {
		l.Close()
		return err
	}
	go func() {
		defer l.Close()
		ping := time.NewTicker(30 * time.Second)
		defer ping.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case n := <-l.Notify:
				if n == nil { // the connection was re-established
					local.resyncAll()
					continue
				}
				if m, last, ok := parsePayload(n.Extra); ok {
					local.signal(m, last)
				}
			case <-ping.C:
				_ = l.Ping()
			}
		}
	}()
	return nil
}

// ListenerName is the application_name, in pg_stat_activity, of the
// listening connection of the server process pid: each replica's can be
// told apart.
func ListenerName(pid int) string { return fmt.Sprintf("guichet label events %d", pid) }

func withApplicationName(rawURL, name string) string {
	u, err := neturl.Parse(rawURL)
	if err != nil {
		return rawURL // pq reports the bad URL
	}
	q := u.Query()
	q.Set("application_name", name)
	u.RawQuery = q.Encode()
	return u.String()
}

func parsePayload(p string) (merchantID int, last int64, ok bool) {
	m, s, found := strings.Cut(p, ":")
	if !found {
		return 0, 0, false
	}
	id, err1 := strconv.Atoi(m)
	seq, err2 := strconv.ParseInt(s, 10, 64)
	return id, seq, err1 == nil && err2 == nil
}
