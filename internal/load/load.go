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
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"slices"
	"strings"
	"sync"
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

// prepare signs the patients and the therapist in and finds each patient
// a plan to check in against: the plan it checked in on today, else its
// newest that takes a check-in today, else a new assessment it makes and
// claims.
func prepare(ctx context.Context, cfg Config, weights map[string]int) (*session, error) {
	s := &session{}
	needPatients := weights[CheckIn]+weights[Read]+weights[Program] > 0
	if !needPatients && weights[Caseload] == 0 {
		return s, nil
	}
	if cfg.Therapist == "" {
		return nil, fmt.Errorf("the %q mix needs a therapist to sign in as (--therapist)", cfg.Mix)
	}
	tc, cookie, _, err := signIn(ctx, cfg.URL, cfg.Therapist, cfg.Password)
	if err != nil {
		return nil, err
	}
	var me struct {
		Clinics []struct {
			ClinicID string `json:"clinic_id"`
		} `json:"clinics"`
	}
	if err := getJSON(ctx, tc, cfg.URL+"/api/v1/me", &me); err != nil {
		return nil, err
	}
	if len(me.Clinics) == 0 {
		return nil, fmt.Errorf("%s belongs to no clinic", cfg.Therapist)
	}
	home := me.Clinics[0].ClinicID
	s.therapist, s.clinic = cookie, cmp.Or(cfg.CaseloadClinic, home)
	if !needPatients {
		return s, nil
	}
	if len(cfg.Patients) == 0 {
		return nil, fmt.Errorf("the %q mix needs patients to sign in as (--patients)", cfg.Mix)
	}
	s.patients = make([]patient, len(cfg.Patients))
	var wg sync.WaitGroup
	errs := make([]error, len(cfg.Patients))
	for i, email := range cfg.Patients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, cookie, _, err := signIn(ctx, cfg.URL, email, cfg.Password)
			if err != nil {
				errs[i] = err
				return
			}
			p := patient{cookie: cookie}
			for _, a := range plansOf(ctx, c, cfg) {
				if checkIn(ctx, c, cfg, a) == nil {
					p.assessment = a
					break
				}
			}
			if p.assessment == "" {
				if p.assessment, err = claimedAssessment(ctx, c, cfg.URL); err == nil {
					err = checkIn(ctx, c, cfg, p.assessment)
				}
			}
			p.program = getJSON(ctx, c, cfg.URL+"/api/v1/me/program", &struct{}{}) == nil
			s.patients[i], errs[i] = p, err
		}()
	}
	wg.Wait()
	return s, errors.Join(errs...)
}

// plansOf lists a patient's plans from its export: the one checked in on
// today first, then the newest first.
func plansOf(ctx context.Context, c *http.Client, cfg Config) []string {
	var export struct {
		Assessments []struct {
			ID        string `json:"id"`
			CreatedAt string `json:"created_at"`
		} `json:"assessments"`
		Checkins []struct {
			AssessmentID string `json:"assessment_id"`
			Date         string `json:"date"`
		} `json:"checkins"`
	}
	if getJSON(ctx, c, cfg.URL+"/api/v1/me/export", &export) != nil {
		return nil
	}
	var out []string
	for _, ci := range export.Checkins {
		if ci.Date == cfg.Today {
			out = append(out, ci.AssessmentID)
		}
	}
	slices.SortFunc(export.Assessments, func(a, b struct {
		ID        string `json:"id"`
		CreatedAt string `json:"created_at"`
	}) int {
		return strings.Compare(b.CreatedAt, a.CreatedAt)
	})
	for _, a := range export.Assessments {
		out = append(out, a.ID)
	}
	return out
}

func checkIn(ctx context.Context, c *http.Client, cfg Config, assessment string) error {
	req, _ := http.NewRequestWithContext(ctx, "POST", cfg.URL+"/api/v1/checkins", bytes.NewReader(checkinBody(assessment, cfg.Today, 3)))
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("checking in: %d %.200s", resp.StatusCode, b)
	}
	return nil
}

func checkinBody(assessment, date string, pain int) []byte {
	return fmt.Appendf(nil, `{"assessment_id": %q, "date": %q, "pain_now": %d, "pain_worst": 6, "stiffness": 3, "activity": 2, "done": ["exercise"]}`,
		assessment, date, pain)
}

func signIn(ctx context.Context, base, email, password string) (*http.Client, string, string, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	req, _ := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/login", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return nil, "", "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return nil, "", "", fmt.Errorf("signing in as %s: %d %.200s", email, resp.StatusCode, b)
	}
	var me struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(b, &me)
	var parts []string
	for _, ck := range resp.Cookies() {
		parts = append(parts, ck.Name+"="+ck.Value)
	}
	return c, strings.Join(parts, "; "), me.ID, nil
}

func claimedAssessment(ctx context.Context, c *http.Client, base string) (string, error) {
	req, _ := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/assessments", strings.NewReader(AssessmentBody))
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	var a struct {
		ID string `json:"id"`
	}
	err = json.NewDecoder(resp.Body).Decode(&a)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 201 {
		return "", fmt.Errorf("making a plan to check in against: %d %v", resp.StatusCode, err)
	}
	req, _ = http.NewRequestWithContext(ctx, "POST", base+"/api/v1/assessments/"+a.ID+"/claim", nil)
	resp, err = c.Do(req)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		return "", fmt.Errorf("claiming the plan: %d", resp.StatusCode)
	}
	return a.ID, nil
}

func getJSON(ctx context.Context, c *http.Client, url string, v any) error {
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("GET %s: %d", url, resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}
