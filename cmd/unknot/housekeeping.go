package main

// What the server does beside answering requests: the hourly clean-up and
// the metrics listener.

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

// purge deletes expired sessions and links, and anonymous results past
// their retention, now and then hourly, until Close. Several instances may all do it: the deletes are idempotent.
func (m *Main) purge(db *sqlstore.DB) {
	defer close(m.purgeDone)
	stop := m.purgeStop
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		if n, err := db.PurgeExpired(ctx); err != nil {
			m.Logger.Warn("purging expired sessions", "err", err)
		} else if n > 0 {
			m.Logger.Info("purged expired sessions and links", "rows", n)
		}
		// The privacy text's promise: an anonymous result nobody kept is
		// deleted after the retention period. Issue 15 moves this, and
		// the purge above, to a River periodic job.
		if n, err := db.PurgeUnclaimed(ctx, m.Now().Add(-m.retainUnclaimed())); err != nil {
			m.Logger.Warn("deleting unclaimed anonymous results", "err", err)
		} else if n > 0 {
			m.Logger.Info("deleted unclaimed anonymous results past retention", "results", n)
		}
		cancel()
		select {
		case <-stop:
			return
		case <-tick.C:
		}
	}
}
