// Command unknot-load drives a running unknot with a realistic mix of
// requests and prints, in the same run, the two ceilings the API is judged
// against: raw inserts with the same driver and pragmas, and a bare
// net/http handler decoding the same JSON. See docs/PERFORMANCE.md.
//
//	unknot-load --url http://127.0.0.1:8080 --mix assessment,checkin,mixed --duration 10s
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"unknot/internal/load"
	"unknot/internal/postgres"
	"unknot/internal/sqlite"
	"unknot/internal/sqlstore"
	"unknot/internal/storetest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr, time.Now)) // the one clock
}

type options struct {
	cfg       load.Config
	mixes     string
	patients  int
	ceilings  bool
	database  string
	pid       int
	seed      int
	seedInto  string
	ceilingsD time.Duration
	now       func() time.Time
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer, now func() time.Time) int {
	o := options{now: now}
	fs := flag.NewFlagSet("unknot-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.cfg.URL, "url", "http://127.0.0.1:8080", "the running unknot")
	fs.StringVar(&o.mixes, "mix", "assessment,checkin,mixed", "mixes to run one after the other: mixed, assessment, checkin, plan+result, caseload, signedin")
	fs.IntVar(&o.cfg.Clients, "clients", 16, "concurrent clients (connections)")
	fs.IntVar(&o.cfg.Rate, "rate", 0, "requests per second; 0: flat out")
	fs.DurationVar(&o.cfg.Duration, "duration", 10*time.Second, "how long each mix runs")
	fs.DurationVar(&o.ceilingsD, "ceiling-duration", 5*time.Second, "how long each ceiling runs")
	fs.StringVar(&o.cfg.Password, "password", os.Getenv("UNKNOT_DEMO_PASSWORD"), "the accounts' password (UNKNOT_DEMO_PASSWORD): the --demo accounts'")
	fs.IntVar(&o.patients, "patients", 14, "sign in as patient1..N@demo.example")
	fs.StringVar(&o.cfg.Therapist, "therapist", "therapist@demo.example", "the therapist whose caseload is read")
	fs.StringVar(&o.cfg.CaseloadClinic, "caseload-clinic", "", "the clinic whose caseload is read; the therapist's first when empty")
	fs.BoolVar(&o.ceilings, "ceilings", true, "measure the raw-insert and bare-HTTP ceilings in the same run")
	fs.StringVar(&o.database, "ceiling-database", "sqlite", "where raw inserts are measured: sqlite, or a postgres:// URL (a scratch schema is made and dropped)")
	fs.IntVar(&o.pid, "pid", 0, "the server's process id: its resident memory is sampled during the run (Linux)")
	fs.IntVar(&o.seed, "seed-caseload", 0, "before the run, add a clinic of N patients with 90 days of history to --seed-database and make --therapist its member; its caseload is then read")
	fs.StringVar(&o.seedInto, "seed-database", "", "the server's database for --seed-caseload: the path of unknot.db or a postgres:// URL")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	for i := 1; i <= o.patients; i++ {
		o.cfg.Patients = append(o.cfg.Patients, fmt.Sprintf("patient%d@demo.example", i))
	}
	o.cfg.Today = now().UTC().Format(time.DateOnly)
	if o.seed > 0 {
		if err := seed(ctx, o.seedInto, o.cfg.Therapist, o.seed, now); err != nil {
			fmt.Fprintln(stderr, "unknot-load: seeding the caseload:", err)
			return 1
		}
		o.cfg.CaseloadClinic = "bench-clinic"
		fmt.Fprintf(stdout, "seeded bench-clinic: %d patients × 90 days, %s a member\n", o.seed, o.cfg.Therapist)
	}
	fmt.Fprintf(stdout, "unknot-load: %s, %d clients, rate %s, %v per mix; load average %s\n",
		o.cfg.URL, o.cfg.Clients, rateName(o.cfg.Rate), o.cfg.Duration, loadAverage())
	rss := rssOf(o.pid)
	if o.pid > 0 {
		fmt.Fprintf(stdout, "server RSS at rest: %s\n", mb(rss))
	}
	w := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "mix\tkind\trequests\tper second\tp50\tp99\tp99.9\tmax\terrors\tserver RSS max\tserver CPU per request\t")
	// The ceilings are taken before the mixes and again after them: on a
	// shared machine the load others make moves between the two.
	if o.ceilings {
		if err := ceilings(ctx, w, o, "before"); err != nil {
			fmt.Fprintln(stderr, "unknot-load:", err)
			return 1
		}
	}
	var firstErrors []string
	for _, mix := range strings.Split(o.mixes, ",") {
		cfg := o.cfg
		cfg.Mix = strings.TrimSpace(mix)
		// Memory and CPU from the start of the attack, after sign-ins.
		var sampler func() int64
		var cpu0 time.Duration
		cfg.Started = func() { sampler, cpu0 = sampleRSS(o.pid), cpuOf(o.pid) }
		rep, err := load.Run(ctx, cfg)
		if err != nil {
			fmt.Fprintln(stderr, "unknot-load:", err)
			return 1
		}
		peak := sampler()
		cpu := cpuOf(o.pid) - cpu0
		if err != nil {
			fmt.Fprintln(stderr, "unknot-load:", err)
			return 1
		}
		for _, s := range append(rep.ByKind, rep.Total) {
			if len(rep.ByKind) == 1 && s.Kind == "all" {
				continue
			}
			peakCol, cpuCol := "", ""
			if s.Kind == "all" || len(rep.ByKind) == 1 {
				peakCol = mb(peak)
				if cpu > 0 && s.Requests > 0 {
					cpuCol = fmt.Sprintf("%.0f µs", float64(cpu.Microseconds())/float64(s.Requests))
				}
			}
			fmt.Fprintf(w, "%s\t%s\t%d\t%.0f\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t\n", cfg.Mix, s.Kind, s.Requests, s.Rate,
				ms(s.P50), ms(s.P99), ms(s.P999), ms(s.Max), s.Errors, peakCol, cpuCol)
			if s.FirstError != "" && s.Kind != "all" {
				firstErrors = append(firstErrors, cfg.Mix+"/"+s.Kind+": "+s.FirstError)
			}
		}
	}
	if o.ceilings {
		if err := ceilings(ctx, w, o, "after"); err != nil {
			fmt.Fprintln(stderr, "unknot-load:", err)
			return 1
		}
	}
	w.Flush()
	fmt.Fprintf(stdout, "load average after: %s\n", loadAverage())
	for _, e := range firstErrors {
		fmt.Fprintln(stdout, "first error:", e)
	}
	return 0
}

// ceilings measures the raw-insert and bare-HTTP ceilings and prints them.
func ceilings(ctx context.Context, w io.Writer, o options, when string) error {
	raw, err := load.RawInserts(ctx, o.database, o.cfg.Clients, o.ceilingsD, o.now)
	if err != nil {
		return fmt.Errorf("raw inserts: %w", err)
	}
	bare, err := load.BareHTTP(o.cfg.Clients, o.ceilingsD)
	if err != nil {
		return fmt.Errorf("bare HTTP: %w", err)
	}
	engine := "sqlite"
	if o.database != "sqlite" {
		engine = "postgres"
	}
	for _, c := range []load.Ceiling{bare, raw} {
		name := c.Name
		if c == raw {
			name += " on " + engine
		}
		fmt.Fprintf(w, "ceiling %s\t%s\t%d\t%.0f\t%s\t%s\t\t\t%d\t\t\t\n", when, name, c.Count, c.Rate, ms(c.P50), ms(c.P99), c.Errors)
	}
	return nil
}

// seed adds BenchCaseload's clinic to the server's database and makes the
// therapist its member.
func seed(ctx context.Context, database, therapist string, n int, now func() time.Time) error {
	var db *sqlstore.DB
	var err error
	switch {
	case database == "":
		return errors.New("--seed-caseload needs --seed-database")
	case strings.HasPrefix(database, "postgres"):
		db, err = postgres.Open(ctx, database, now)
	default:
		db, err = sqlite.Open(database, now)
	}
	if err != nil {
		return err
	}
	defer db.Close()
	var f fatal
	func() {
		defer func() {
			if p := recover(); p != nil {
				if e, ok := p.(fatal); ok {
					f = e
					return
				}
				panic(p)
			}
		}()
		storetest.SeedCaseload(&f, db, now(), n)
	}()
	if f.err != nil {
		return f.err
	}
	res, err := db.WritePool().ExecContext(ctx, `INSERT INTO memberships (clinic_id, user_id, role, created_at)
		SELECT 'bench-clinic', id, 'therapist', $1 FROM users WHERE email = $2`, now().UTC(), therapist)
	if err != nil {
		return err
	}
	if k, _ := res.RowsAffected(); k != 1 {
		return fmt.Errorf("no account %s to make a member", therapist)
	}
	return nil
}

type fatal struct{ err error }

func (f *fatal) Fatalf(format string, args ...any) {
	f.err = fmt.Errorf(format, args...)
	panic(*f)
}

func rateName(r int) string {
	if r <= 0 {
		return "flat out"
	}
	return strconv.Itoa(r) + "/s"
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/1e6) }

func mb(b int64) string {
	if b <= 0 {
		return ""
	}
	return fmt.Sprintf("%.1f MB", float64(b)/(1<<20))
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// cpuOf reads the CPU time (user and system) a process has used so far
// from /proc (0 if unknown): its change over a run, per request, is a
// figure the other loads on a shared machine barely move.
func cpuOf(pid int) time.Duration {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses.
	i := strings.LastIndexByte(string(b), ')')
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / 100 // USER_HZ
}

// rssOf reads a process's resident memory from /proc (0 if unknown).
func rssOf(pid int) int64 {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// sampleRSS samples pid's resident memory every 100 ms until the returned
// function is called, which gives the largest reading.
func sampleRSS(pid int) func() int64 {
	if pid <= 0 {
		return func() int64 { return 0 }
	}
	var mu sync.Mutex
	var peak int64
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			if r := rssOf(pid); r > 0 {
				mu.Lock()
				peak = max(peak, r)
				mu.Unlock()
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() int64 {
		close(done)
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}
