package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Jobs are the background queue's figures: how many jobs wait, how long
// they wait and run, and how many fail, by kind.
type Jobs struct {
	finished *prometheus.CounterVec
	wait     *prometheus.HistogramVec
	run      *prometheus.HistogramVec
}

// WatchJobs registers the queue's figures; depth is asked at each scrape
// for the jobs waiting or running by kind and state.
func (m *Metrics) WatchJobs(depth func(ctx context.Context) (map[[2]string]int, error)) *Jobs {
	j := &Jobs{
		finished: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "unknot_jobs_finished_total", Help: "Background job runs finished, by kind and outcome (completed or failed).",
		}, []string{"kind", "outcome"}),
		wait: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "unknot_job_wait_seconds", Help: "How long a job waited past its due time before it ran, by kind.",
			Buckets: []float64{.01, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 300},
		}, []string{"kind"}),
		run: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "unknot_job_run_seconds", Help: "How long a job ran, by kind.",
			Buckets: []float64{.005, .01, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
		}, []string{"kind"}),
	}
	m.reg.MustRegister(j.finished, j.wait, j.run, depthCollector{
		desc:  prometheus.NewDesc("unknot_jobs_queued", "Background jobs waiting or running, by kind and state.", []string{"kind", "state"}, nil),
		depth: depth,
	})
	return j
}

// JobFinished counts one finished run (jobs.Observer).
func (j *Jobs) JobFinished(kind string, wait, run time.Duration, failed bool) {
	outcome := "completed"
	if failed {
		outcome = "failed"
	}
	j.finished.WithLabelValues(kind, outcome).Inc()
	j.wait.WithLabelValues(kind).Observe(wait.Seconds())
	j.run.WithLabelValues(kind).Observe(run.Seconds())
}

type depthCollector struct {
	desc  *prometheus.Desc
	depth func(ctx context.Context) (map[[2]string]int, error)
}

func (c depthCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c depthCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	d, err := c.depth(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.desc, err)
		return
	}
	for k, n := range d {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(n), k[0], k[1])
	}
}
