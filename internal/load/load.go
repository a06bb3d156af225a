// Package load drives a running unknot with a realistic mix of requests
// (anonymous assessments, signed-in check-ins, plan and result reads, a
// therapist's caseload, program reads) through vegeta, at a fixed rate or
// flat out, and reports throughput and latency per kind of request. It
// also measures, in the same run, the two ceilings the API is judged
// against (ceiling.go): raw inserts with the same driver and pragmas, and a
// bare net/http handler decoding the same JSON. cmd/unknot-load is its
// command line; the scale-out test drives it through a proxy.
package load

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// AssessmentBody is the assessment every anonymous request posts: the one
// the first figures were taken with.
const AssessmentBody = `{"age": 30, "regions": ["lumbar_left"]}`

// Kinds of request in a mix.
const (
	Assess   = "assessment"
	CheckIn  = "checkin"
	Read     = "plan+result"
	Program  = "program"
	Caseload = "caseload"
)

// Mixes name the weights of each kind, per 20 requests.
var Mixes = map[string]map[string]int{
	"mixed":    {Assess: 8, CheckIn: 4, Read: 4, Program: 3, Caseload: 1},
	Assess:     {Assess: 1},
	CheckIn:    {CheckIn: 1},
	Read:       {Read: 1},
	Caseload:   {Caseload: 1},
	"signedin": {CheckIn: 4, Read: 4, Program: 3, Caseload: 1},
}

// Config is one run.
type Config struct {
	URL      string        // the server, e.g. http://127.0.0.1:8080
	Mix      string        // a key of Mixes
	Clients  int           // concurrent connections (vegeta workers)
	Rate     int           // requests per second; 0 is flat out
	Duration time.Duration // how long to attack
	// Patients sign in to check in and read their plan and program; the
	// therapist reads the caseload of CaseloadClinic (its first clinic
	// when empty).
	Patients       []string
	Therapist      string
	Password       string
	CaseloadClinic string
	// Today is the check-ins' date (YYYY-MM-DD).
	Today string
	// KeepBodies keeps the answers' ids of created assessments (Created).
	KeepBodies bool
	// Started, when set, is called once everyone is signed in, just
	// before the attack: the sign-ins' argon2id is not the load's cost.
	Started func()
}

// Stats are one kind's figures.
type Stats struct {
	Kind                string
	Requests            uint64
	Rate                float64 // answered per second
	P50, P99, P999, Max time.Duration
	Errors              uint64 // transport errors and answers outside 2xx
	FirstError          string
}

// Report is a run's figures, in total and by kind.
type Report struct {
	Total   Stats
	ByKind  []Stats
	Elapsed time.Duration
	// Created are the ids of the assessments the server acknowledged
	// (201), when Config.KeepBodies.
	Created []string
}

type patient struct {
	cookie     string
	assessment string
	program    bool // has a program to read
}

// afterSignIns is the pause between the last sign-in and the attack.
const afterSignIns = 1500 * time.Millisecond

// session is what the mix needs once signed in.
type session struct {
	patients  []patient
	therapist string // cookie header
	clinic    string
}

// Run signs in, attacks, and reports.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	weights, ok := Mixes[cfg.Mix]
	if !ok {
		return nil, fmt.Errorf("no mix %q", cfg.Mix)
	}
	if cfg.Clients <= 0 {
		cfg.Clients = 16
	}
	s, err := prepare(ctx, cfg, weights)
	if err != nil {
		return nil, err
	}
	if s.therapist != "" {
		// The sign-ins are setup, not the load: give the server the moment
		// it takes to hand their password hashes' memory back (half a
		// second after the last, app/hashmemory.go) before measuring.
		select {
		case <-time.After(afterSignIns):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	// The kinds interleaved, round-robin by weight, not run in blocks.
	var slots []string
	left := map[string]int{}
	for k, w := range weights {
		left[k] = w
	}
	for more := true; more; {
		more = false
		for _, k := range []string{Assess, CheckIn, Read, Program, Caseload} {
			if left[k] > 0 {
				slots = append(slots, k)
				left[k]--
				more = true
			}
		}
	}
	var n atomic.Uint64
	targeter := func(t *vegeta.Target) error {
		i := n.Add(1) - 1
		kind := slots[i%uint64(len(slots))]
		t.Header = http.Header{}
		t.Body = nil
		var p patient
		if len(s.patients) > 0 {
			p = s.patients[(i/uint64(len(slots)))%uint64(len(s.patients))]
		}
		switch kind {
		case Assess:
			t.Method, t.URL, t.Body = "POST", cfg.URL+"/api/v1/assessments", []byte(AssessmentBody)
			t.Header.Set("Content-Type", "application/json")
		case CheckIn:
			t.Method, t.URL = "POST", cfg.URL+"/api/v1/checkins"
			t.Body = checkinBody(p.assessment, cfg.Today, 2+int(i%4))
			t.Header.Set("Content-Type", "application/json")
			t.Header.Set("Cookie", p.cookie)
		case Read:
			t.Method, t.URL = "GET", cfg.URL+"/api/v1/assessments/"+p.assessment
			if i%2 == 0 {
				t.URL += "/plan"
			}
			t.Header.Set("Cookie", p.cookie)
		case Program:
			for k := range s.patients {
				if p.program {
					break
				}
				p = s.patients[(int(i)+k)%len(s.patients)]
			}
			t.Method, t.URL = "GET", cfg.URL+"/api/v1/me/program"
			t.Header.Set("Cookie", p.cookie)
		case Caseload:
			t.Method, t.URL = "GET", cfg.URL+"/api/v1/clinics/"+s.clinic+"/caseload"
			t.Header.Set("Cookie", s.therapist)
		}
		return nil
	}
	if cfg.Started != nil {
		cfg.Started()
	}
	res, elapsed := attack(targeter, cfg.Clients, cfg.Rate, cfg.Duration)
	return report(res, elapsed, cfg.KeepBodies), nil
}

// attack runs vegeta with clients workers, at rate per second (0: as fast
// as the workers go), for d, and returns every result.
func attack(tr vegeta.Targeter, clients, rate int, d time.Duration) ([]*vegeta.Result, time.Duration) {
	w := uint64(clients)
	atk := vegeta.NewAttacker(vegeta.Workers(w), vegeta.MaxWorkers(w), vegeta.Connections(clients),
		vegeta.MaxConnections(clients), vegeta.KeepAlive(true), vegeta.Timeout(30*time.Second), vegeta.Redirects(vegeta.NoFollow))
	pace := vegeta.Rate{Freq: rate, Per: time.Second}
	if rate <= 0 {
		pace = vegeta.Rate{Freq: 0}
	}
	start := time.Now()
	var out []*vegeta.Result
	for r := range atk.Attack(tr, pace, d, "unknot") {
		out = append(out, r)
	}
	return out, time.Since(start)
}

func kindOf(r *vegeta.Result) string {
	switch {
	case r.Method == "POST" && strings.HasSuffix(r.URL, "/api/v1/assessments"):
		return Assess
	case strings.HasSuffix(r.URL, "/checkins"):
		return CheckIn
	case strings.HasSuffix(r.URL, "/caseload"):
		return Caseload
	case strings.HasSuffix(r.URL, "/me/program"):
		return Program
	}
	return Read
}

func report(results []*vegeta.Result, elapsed time.Duration, keep bool) *Report {
	by := map[string]*vegeta.Metrics{}
	var total vegeta.Metrics
	rep := &Report{Elapsed: elapsed}
	errs := map[string]*Stats{}
	for _, r := range results {
		k := kindOf(r)
		m := by[k]
		if m == nil {
			m = &vegeta.Metrics{}
			by[k] = m
			errs[k] = &Stats{Kind: k}
		}
		m.Add(r)
		total.Add(r)
		if r.Error != "" || r.Code < 200 || r.Code > 299 {
			e := errs[k]
			e.Errors++
			if e.FirstError == "" {
				e.FirstError = fmt.Sprintf("%d %s %.200s", r.Code, r.Error, r.Body)
			}
		}
		if keep && k == Assess && r.Code == http.StatusCreated {
			var a struct {
				ID string `json:"id"`
			}
			if json.Unmarshal(r.Body, &a) == nil && a.ID != "" {
				rep.Created = append(rep.Created, a.ID)
			}
		}
		if !keep {
			r.Body = nil
		}
	}
	stats := func(kind string, m *vegeta.Metrics, e *Stats) Stats {
		m.Close()
		s := Stats{Kind: kind, Requests: m.Requests, Rate: float64(m.Requests) / elapsed.Seconds(),
			P50: m.Latencies.P50, P99: m.Latencies.P99, P999: m.Latencies.Quantile(0.999), Max: m.Latencies.Max}
		if e != nil {
			s.Errors, s.FirstError = e.Errors, e.FirstError
		}
		return s
	}
	var totalErr Stats
	for _, k := range []string{Assess, CheckIn, Read, Program, Caseload} {
		if m, ok := by[k]; ok {
			s := stats(k, m, errs[k])
			rep.ByKind = append(rep.ByKind, s)
			totalErr.Errors += s.Errors
			if totalErr.FirstError == "" {
				totalErr.FirstError = s.FirstError
			}
		}
	}
	rep.Total = stats("all", &total, &totalErr)
	return rep
}
