package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/rs/cors"

	"github.com/guichet/guichet/frontend"
	"github.com/guichet/guichet/graph"
	"github.com/guichet/guichet/internal/auth"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/labelevents"
	"github.com/guichet/guichet/internal/mail"
	"github.com/guichet/guichet/internal/payments"
	"github.com/guichet/guichet/internal/paypage"
	"github.com/guichet/guichet/internal/processor"
	"github.com/guichet/guichet/internal/requestid"
)

// serve runs the HTTP server until ctx ends, then shuts it down gracefully.
func serve(ctx context.Context, log *slog.Logger, cfg *config, store *db.DB) error {
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	public, err := publicURL(cfg.PublicURL, ln.Addr())
	if err != nil {
		ln.Close()
		return err
	}
	authn, err := newAuthentication(log, cfg, store, public, ln.Addr())
	if err != nil {
		ln.Close()
		return err
	}
	if store.Dialect == dialect.Postgres {
		// Label changes made through other replicas reach this one's
		// subscribers through PostgreSQL's notifications.
		if err := labelevents.Listen(ctx, cfg.DatabaseURL, log); err != nil {
			ln.Close()
			return err
		}
	}
	if cfg.DebugAddr != "" {
		if err := serveDebug(ctx, log, cfg.DebugAddr); err != nil {
			ln.Close()
			return err
		}
	}
	pay := payments.Config{PublicURL: public, Processor: processor.Sandbox{}}
	if err := startMail(ctx, log, cfg, store); err != nil {
		ln.Close()
		return err
	}
	go sweepLinks(ctx, log, store)
	srv := &http.Server{
		Handler:           routes(log, cfg, store, authn, pay),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	log.Info("Guichet is ready", "url", public.String(), "database", store.Dialect)
	fmt.Fprintf(stdout, "\n  Guichet is running: open %s\n\n", public)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// startMail starts the e-mail sender: over SMTP when configured,
// otherwise into the local outbox the back office shows.
func startMail(ctx context.Context, log *slog.Logger, cfg *config, store *db.DB) error {
	var transport mail.Transport = mail.LocalOutbox{}
	if cfg.SMTPURL != "" {
		smtp, err := mail.NewSMTP(cfg.SMTPURL, cfg.MailFrom)
		if err != nil {
			return err
		}
		transport = smtp
	} else {
		log.Warn("no SMTP server configured (-smtp-url): e-mails are kept in the local outbox, shown to admins in the back office, and sent nowhere")
	}
	sender := &mail.Sender{Client: store.Client, Dialect: store.Dialect, Transport: transport, Log: log}
	go sender.Run(ctx)
	return nil
}

// sweepLinks records EXPIRED on links whose expiry passed, every minute,
// so that status filters find them; pages and the API already show them
// expired.
func sweepLinks(ctx context.Context, log *slog.Logger, store *db.DB) {
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	for {
		if n, err := payments.SweepExpired(ctx, store.Client, time.Now()); err != nil && ctx.Err() == nil {
			log.Warn("sweep expired payment links", "error", err)
		} else if n > 0 {
			log.Info("payment links expired", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// routes wires every endpoint.
func routes(log *slog.Logger, cfg *config, store *db.DB, authn *authentication, pay payments.Config) http.Handler {
	opts := []graph.Option{graph.Websocket(authn.bff.Websocket, cfg.CORSOrigins), graph.Payments(pay)}
	if cfg.Production {
		opts = append(opts, graph.Production())
	}
	api := http.Handler(graph.NewHandler(store.Client, pay.Processor, log, opts...))
	api = cors.New(cors.Options{
		AllowedOrigins:   cfg.CORSOrigins,
		AllowedMethods:   []string{http.MethodGet, http.MethodPost},
		AllowedHeaders:   []string{"Content-Type", "Authorization", auth.CSRFHeader},
		AllowCredentials: true,
		MaxAge:           600,
	}).Handler(authn.bff.Authenticate(api))

	mux := http.NewServeMux()
	mux.Handle("/graphql", api)
	mux.Handle("GET /graphiql", playground.Handler("Guichet GraphQL", "/graphql"))
	authn.bff.Routes(mux)
	if authn.devIdP != nil {
		mux.Handle("/dev-idp/", authn.devIdP.Handler())
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := store.SQL.PingContext(ctx); err != nil {
			log.WarnContext(ctx, "database unreachable", "error", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("database unreachable\n"))
			return
		}
		_, _ = w.Write([]byte("ok\n"))
	})
	(&paypage.Handler{Client: store.Client, Payments: pay, Log: log, Secure: pay.PublicURL.Scheme == "https"}).Register(mux)
	mux.Handle("/", spaHandler(frontend.Dist()))
	return logRequests(log, mux)
}

// publicURL is the configured public URL, or http://localhost:<port>.
func publicURL(configured string, listen net.Addr) (*url.URL, error) {
	if configured == "" {
		configured = "http://" + displayAddr(listen)
	}
	u, err := url.Parse(configured)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("public-url: %q is not an http(s) URL", configured)
	}
	return u, nil
}

// logRequests gives each request an ID (or keeps the caller's
// X-Request-ID) and logs it once done.
func logRequests(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-ID")
		if id == "" || len(id) > 64 {
			id = requestid.New()
		}
		w.Header().Set("X-Request-ID", id)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		start := time.Now()
		next.ServeHTTP(rec, r.WithContext(requestid.NewContext(r.Context(), id)))
		log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("request_id", id),
			slog.String("method", r.Method),
			slog.String("path", loggedPath(r.URL.Path)),
			slog.Int("status", rec.status),
			slog.Duration("took", time.Since(start)))
	})
}

// loggedPath keeps payment page tokens out of the log: anyone holding one
// can pay, or see the order.
func loggedPath(p string) string {
	if strings.HasPrefix(p, "/pay/") {
		return "/pay/…"
	}
	return p
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsLoopback() || ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
