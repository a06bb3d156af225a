package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"unknot/internal/app"
	"unknot/internal/clinical"
	"unknot/internal/jobs"
	"unknot/internal/library"
	"unknot/internal/mail"
	"unknot/internal/metrics"
	"unknot/internal/sqlstore"
	"unknot/internal/web"
)

// Main is a running unknot server. Tests start it on 127.0.0.1:0 with a
// temporary data folder and stop it with Close.
type Main struct {
	Config Config
	Logger *slog.Logger
	// Now is the clock: the one Run was given. Required.
	Now func() time.Time
	// Passwords sets argon2id's costs; tests make them cheap.
	Passwords app.PasswordParams
	// Mailer, when set, sends mail instead of the configured SMTP server
	// (tests read the links from it).
	Mailer app.Mailer
	// NoPeriodicJobs leaves out the periodic jobs (reminder scheduling,
	// housekeeping): tests that count what arrives set it.
	NoPeriodicJobs bool
	// Out is where start-up tells people what they need (the demo's
	// accounts); nothing is written when nil.
	Out io.Writer

	db  *sqlstore.DB
	uc  *app.Services
	srv *http.Server
	ln  *drainListener
	// jobs is the background queue (River): mail, reminders and the
	// periodic housekeeping.
	jobs *jobs.Queue
	web  *web.Server
	// metricsSrv serves /metrics on --metrics-addr, apart from the app.
	metricsSrv *http.Server
	metricsLn  net.Listener
	cs         connTracker
	// done receives the result of Serve when it returns.
	done chan error
}

// URL is where the server listens, once Open has returned.
func (m *Main) URL() string {
	if m.tls() {
		return "https://" + m.ln.Addr().String()
	}
	return "http://" + m.ln.Addr().String()
}

func (m *Main) tls() bool { return m.Config.TLSCert != "" || m.Config.TLSKey != "" }

// Open opens and migrates the database, builds the handler and starts
// listening and serving in the background.
func (m *Main) Open(ctx context.Context) error {
	if m.Now == nil {
		return errors.New("unknot: Main needs its clock (Main.Now)")
	}
	if _, err := clinical.LoadLocation(m.Config.DefaultTZ); err != nil {
		return usagef("--tz %q is not a known time zone", m.Config.DefaultTZ)
	}
	proto, err := loadProtocol(m.Config.ProtocolFile)
	if err != nil {
		return err
	}
	instruments, err := loadInstruments(m.Config.InstrumentsDir)
	if err != nil {
		return err
	}
	clock := &demoClock{real: m.Now}
	db, err := openStore(ctx, m.Config, clock.Now)
	if err != nil {
		return err
	}
	m.db = db
	if n, err := db.Migrate(ctx); err != nil {
		return fmt.Errorf("refusing to start: %w", err)
	} else if n > 0 {
		m.Logger.Info("database migrated", "engine", db.Engine(), "applied", n, "version", db.KnownVersion())
	}
	if n, err := jobs.Migrate(ctx, db); err != nil {
		return fmt.Errorf("refusing to start: %w", err)
	} else if n > 0 {
		m.Logger.Info("job queue migrated", "engine", db.Engine(), "applied", n)
	}
	seed := false
	if m.Config.Demo {
		if seed, err = checkDemoDatabase(ctx, db.CountUsers, db.UserEmails); err != nil {
			return err
		}
	}
	if m.tls() && (m.Config.TLSCert == "" || m.Config.TLSKey == "") {
		return usagef("--tls-cert and --tls-key go together")
	}
	ln, err := net.Listen("tcp", m.Config.Addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", m.Config.Addr, err)
	}
	m.ln = &drainListener{TCPListener: ln.(*net.TCPListener)}
	if m.Config.BaseURL == "" {
		m.Config.BaseURL = m.URL()
	}
	met := metrics.New()
	met.WatchDB(db.WritePool(), "write")
	met.WatchCommits(db.CommitStats)
	if db.ReadPool() != db.WritePool() {
		met.WatchDB(db.ReadPool(), "read")
	}
	if err := m.Config.Mail.Validate(); err != nil {
		return usagef("mail settings: %v", err)
	}
	m.Logger.Info(m.Config.Mail.Describe())
	mailer := m.Mailer
	if mailer == nil {
		mailer = mail.New(m.Config.Mail, m.Logger)
	}
	handlers := &jobs.Handlers{Now: clock.Now, Housekeep: m.housekeep(db)}
	queue, err := jobs.New(db, handlers, jobs.Config{Logger: m.Logger, Workers: m.Config.JobWorkers,
		RescueAfter: m.Config.JobRescueAfter, NoPeriodic: m.NoPeriodicJobs})
	if err != nil {
		m.ln.Close()
		return err
	}
	queue.Observe(met.WatchJobs(queue.Depth))
	uc := app.New(db, app.Config{Protocol: proto, Now: clock.Now, DefaultTZ: m.Config.DefaultTZ, Logger: m.Logger,
		Mailer: mailer, BaseURL: m.Config.BaseURL, Passwords: m.Passwords,
		Instruments: instruments, OnAssessment: met.Assessed, Jobs: queue})
	m.uc = uc
	handlers.Accounts, handlers.Reminders, handlers.Joins = uc.Accounts, uc.Reminders, uc.Joins
	if err := m.startDemo(ctx, uc, clock, seed); err != nil {
		m.ln.Close()
		return err
	}
	s := &web.Server{
		Assessments:     uc.Assessments,
		Accounts:        uc.Accounts,
		Clinics:         uc.Clinics,
		Diary:           uc.Diary,
		Outcomes:        uc.Outcomes,
		Patients:        uc.Patients,
		Programs:        uc.Programs,
		Notes:           uc.Notes,
		Interop:         uc.Interop,
		Messages:        uc.Messages,
		Visits:          uc.Visits,
		Joins:           uc.Joins,
		Protocols:       uc.Protocols,
		Reminders:       uc.Reminders,
		Now:             m.Now,
		DefaultTZ:       m.Config.DefaultTZ,
		SecureCookies:   m.tls(),
		TrustProxy:      m.Config.TrustProxy,
		Library:         library.Default(),
		Health:          db,
		Metrics:         met,
		Logger:          m.Logger,
		EmergencyNumber: m.Config.EmergencyNumber,
		MaxBodyBytes:    m.Config.MaxBodyBytes,
		RetainUnclaimed: m.retainUnclaimed(),
	}
	if m.Config.RateLimits {
		s.Limits = web.DefaultLimits()
	}
	if m.Config.MetricsAddr != "" {
		if err := m.serveMetrics(met); err != nil {
			return err
		}
	}
	if m.Config.PprofAddr != "" {
		if err := m.servePprof(); err != nil {
			return err
		}
	}
	m.srv = &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ConnState:         m.cs.hook,
		ErrorLog:          slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn),
	}
	m.web = s
	// The queue's context outlives Open's: shutdown stops it (Close).
	if err := queue.Start(context.WithoutCancel(ctx)); err != nil {
		m.ln.Close()
		return err
	}
	m.jobs = queue
	m.done = make(chan error, 1)
	go func() {
		if m.tls() {
			m.done <- m.srv.ServeTLS(m.ln, m.Config.TLSCert, m.Config.TLSKey)
			return
		}
		m.done <- m.srv.Serve(m.ln)
	}()
	m.Logger.Info("unknot is serving", "url", m.URL(), "engine", db.Engine(), "protocol", proto.Ref().ID+"@"+proto.Ref().Version)
	return nil
}

// startDemo seeds the demo clinic when seed says the database is empty,
// or says the demo is already there.
func (m *Main) startDemo(ctx context.Context, uc *app.Services, clock *demoClock, seed bool) error {
	if !m.Config.Demo {
		return nil
	}
	out := m.Out
	if out == nil {
		out = io.Discard
	}
	if !seed {
		fmt.Fprintln(out, "Demo Clinic is already set up here; its accounts keep the passwords they were given.")
		return nil
	}
	password, printIt := m.Config.DemoPassword, false
	if password == "" {
		password, printIt = app.NewID()[:20], true
	}
	err := seedDemo(ctx, uc, clock, password, printIt, out)
	// Sixteen accounts' argon2id hashes (64 MiB each) are garbage now:
	// give the memory back at once rather than over the next minutes.
	debug.FreeOSMemory()
	return err
}

// Close stops accepting connections, lets in-flight requests finish (up to
// the shutdown timeout) and closes the database.
func (m *Main) Close() error {
	var err error
	if m.srv != nil {
		// Stop accepting first, answering what the kernel already queued:
		// clients still have their kept-alive connections, so none is
		// redialling into a queue about to be reset. Then every answer
		// says Connection: close, so a client busy on a kept-alive
		// connection closes it after its answer (its next dial is
		// refused, cleanly) instead of sending into a socket about to
		// close (finding 10). After a moment, close the idle ones and
		// wait for requests in flight.
		deadline := time.Now().Add(m.Config.ShutdownTimeout)
		m.ln.Drain(50 * time.Millisecond)
		serr := <-m.done
		m.web.BeginDrain()
		if grace := time.Now().Add(m.Config.DrainGrace); grace.Before(deadline) {
			m.cs.wait(grace)
		}
		m.srv.SetKeepAlivesEnabled(false)
		m.cs.wait(deadline)
		ctx, cancel := context.WithDeadline(context.Background(), deadline)
		defer cancel()
		err = m.srv.Shutdown(ctx)
		if serr != nil && !errors.Is(serr, http.ErrServerClosed) && !errors.Is(serr, net.ErrClosed) && err == nil {
			err = serr
		}
	}
	if m.metricsSrv != nil {
		_ = m.metricsSrv.Close()
	}
	if m.jobs != nil {
		// Running jobs finish within the shutdown timeout; those that do
		// not are handed back to the queue for another run.
		ctx, cancel := context.WithTimeout(context.Background(), m.Config.ShutdownTimeout)
		if jerr := m.jobs.Stop(ctx); jerr != nil {
			m.Logger.Warn("stopping the job queue", "err", jerr)
		}
		cancel()
		m.jobs = nil
	}
	if m.srv == nil && m.ln != nil {
		m.ln.Close()
	}
	if m.uc != nil {
		// Sign-ups and links queued after their answers finish first.
		m.uc.Close()
		m.uc = nil
	}
	if m.db != nil {
		if cerr := m.db.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// runServe is `unknot serve`: open, print the URL, serve until a signal.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string, now func() time.Time) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var cfg Config
	serveFlags(fs, &cfg, getenv)
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	logger, err := newLogger(cfg, stderr)
	if err != nil {
		return err
	}
	m := &Main{Config: cfg, Logger: logger, Now: now, Out: stdout}
	if err := m.Open(ctx); err != nil {
		m.Close()
		return err
	}
	fmt.Fprintf(stdout, "unknot %s is running at %s/\n", Version(), m.URL())
	select {
	case <-ctx.Done():
		logger.Info("shutting down: finishing requests in flight")
	case err := <-m.done:
		m.done <- err // let Close see it
		logger.Error("server stopped", "err", err)
	}
	if err := m.Close(); err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	logger.Info("stopped cleanly")
	return nil
}
