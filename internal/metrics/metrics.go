// Package metrics is unknot's Prometheus instrumentation: request counts and
// latencies by route, and database pool statistics.
package metrics

import (
	"database/sql"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics owns one registry; nothing is registered globally, so tests can
// build as many as they like.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	inflight prometheus.Gauge
	assessed *prometheus.CounterVec
}

// New returns metrics with the Go runtime and process collectors.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "unknot_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "unknot_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by route pattern.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route"}),
		inflight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "unknot_http_requests_in_flight",
			Help: "HTTP requests being answered now.",
		}),
		assessed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "unknot_assessments_total",
			Help: "Assessments made, by disposition: a sudden change in the share of emergencies is worth a look.",
		}, []string{"disposition"}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.inflight, m.assessed,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// WatchDB exports the pool statistics of db under the given name.
func (m *Metrics) WatchDB(db *sql.DB, name string) {
	m.reg.MustRegister(collectors.NewDBStatsCollector(db, name))
}

// WatchCommits exports the store's group commit figures: transactions
// committed and the units of work they held (their ratio is the mean
// group size, sqlstore/groupcommit.go).
func (m *Metrics) WatchCommits(stats func() (groups, units int64)) {
	m.reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "unknot_db_commits_total",
			Help: "Write transactions run by the store's committers."},
			func() float64 { g, _ := stats(); return float64(g) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "unknot_db_units_total",
			Help: "Units of work (a use case's writes, a batch of audit entries) run in those transactions."},
			func() float64 { _, u := stats(); return float64(u) }))
}

// Handler serves the metrics in Prometheus' text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Begin marks a request as in flight; call the returned func when it ends.
func (m *Metrics) Begin() func(route, method string, code int) {
	start := time.Now()
	m.inflight.Inc()
	return func(route, method string, code int) {
		m.inflight.Dec()
		m.requests.WithLabelValues(route, method, strconv.Itoa(code)).Inc()
		m.latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
	}
}

// Assessed counts one stored assessment by its disposition.
func (m *Metrics) Assessed(disposition string) {
	m.assessed.WithLabelValues(disposition).Inc()
}
