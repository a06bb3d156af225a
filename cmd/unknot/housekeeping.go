package main

// What the server does beside answering requests: the hourly clean-up (a
// periodic job) and the metrics listener.

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"unknot/internal/metrics"
	"unknot/internal/sqlstore"
)

// serveMetrics listens on --metrics-addr for Prometheus alone: the
// request counts and pool figures are for the operator, not the internet,
// so they are never on the app's own address.
func (m *Main) serveMetrics(met *metrics.Metrics) error {
	ln, err := net.Listen("tcp", m.Config.MetricsAddr)
	if err != nil {
		return fmt.Errorf("listening on --metrics-addr %s: %w", m.Config.MetricsAddr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", met.Handler())
	m.metricsLn = ln
	m.metricsSrv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = m.metricsSrv.Serve(ln) }()
	m.Logger.Info("metrics are served", "url", "http://"+ln.Addr().String()+"/metrics")
	return nil
}

// MetricsURL is where /metrics is served, or "" without --metrics-addr.
func (m *Main) MetricsURL() string {
	if m.metricsLn == nil {
		return ""
	}
	return "http://" + m.metricsLn.Addr().String() + "/metrics"
}

// retainUnclaimed is the configured retention of unclaimed results.
func (m *Main) retainUnclaimed() time.Duration {
	if m.Config.RetainUnclaimed > 0 {
		return m.Config.RetainUnclaimed
	}
	return defaultRetainUnclaimed
}

// housekeep is the hourly clean-up, a River periodic job (internal/jobs):
// expired sessions, links and throttling rows, and anonymous results past
// their retention (the privacy text's promise). Whichever process leads
// the queue runs it; the deletes are idempotent besides.
func (m *Main) housekeep(db *sqlstore.DB) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		n, err := db.PurgeExpired(ctx)
		if err != nil {
			return fmt.Errorf("purging expired sessions: %w", err)
		}
		if n > 0 {
			m.Logger.Info("purged expired sessions and links", "rows", n)
		}
		if n, err = db.PurgeUnclaimed(ctx, m.Now().Add(-m.retainUnclaimed())); err != nil {
			return fmt.Errorf("deleting unclaimed anonymous results: %w", err)
		}
		if n > 0 {
			m.Logger.Info("deleted unclaimed anonymous results past retention", "results", n)
		}
		return nil
	}
}
