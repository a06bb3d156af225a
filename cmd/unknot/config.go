package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"

	"unknot/internal/mail"
)

// Config is everything the server is told by flags and environment.
type Config struct {
	Addr         string
	DataDir      string
	DatabaseURL  string
	ProtocolFile string
	// InstrumentsDir holds the clinic's licensed wording files for outcome
	// instruments, <instrument-id>.json each.
	InstrumentsDir  string
	DefaultTZ       string
	EmergencyNumber string
	LogLevel        string
	LogFormat       string
	MaxBodyBytes    int64
	ShutdownTimeout time.Duration
	// DrainGrace is how long, at shutdown, answers say Connection: close
	// before idle connections are closed.
	DrainGrace time.Duration
	BaseURL    string
	TrustProxy bool
	// RateLimits turns on the per-address limits of web.DefaultLimits.
	RateLimits bool
	// RetainUnclaimed is how long an anonymous result nobody kept is
	// stored; 30 days when zero.
	RetainUnclaimed time.Duration
	// MetricsAddr is where /metrics listens, apart from the app; none: no
	// metrics are served.
	MetricsAddr string
	// PprofAddr, when set, serves Go's profiles there (pprof.go).
	PprofAddr string
	TLSCert   string
	TLSKey    string
	Mail      mail.Config
	// JobWorkers is how many background jobs run at once; JobRescueAfter
	// is how long a job may run before another process takes it over
	// (after a crash).
	JobWorkers     int
	JobRescueAfter time.Duration
	// Demo seeds "Demo Clinic" on an empty database (--demo).
	Demo bool
	// DemoPassword is every demo account's password (UNKNOT_DEMO_PASSWORD
	// only); a random one, printed at start, when empty.
	DemoPassword string
}

// dbFlags registers the flags that choose the database.
func dbFlags(fs *flag.FlagSet, c *Config, getenv func(string) string) {
	fs.StringVar(&c.DataDir, "data", envOr(getenv, "UNKNOT_DATA", "./unknot-data"), "folder for the embedded SQLite database (UNKNOT_DATA)")
	fs.StringVar(&c.DatabaseURL, "database", getenv("UNKNOT_DATABASE_URL"), "postgres://… URL to use PostgreSQL instead of SQLite (UNKNOT_DATABASE_URL)")
	fs.StringVar(&c.LogLevel, "log-level", envOr(getenv, "UNKNOT_LOG_LEVEL", "info"), "debug, info, warn or error (UNKNOT_LOG_LEVEL)")
	fs.StringVar(&c.LogFormat, "log-format", envOr(getenv, "UNKNOT_LOG_FORMAT", "text"), "text or json (UNKNOT_LOG_FORMAT)")
}

// serveFlags registers the server's flags.
func serveFlags(fs *flag.FlagSet, c *Config, getenv func(string) string) {
	dbFlags(fs, c, getenv)
	fs.StringVar(&c.Addr, "addr", envOr(getenv, "UNKNOT_ADDR", "127.0.0.1:8080"), "address to listen on (UNKNOT_ADDR)")
	fs.StringVar(&c.ProtocolFile, "protocol", getenv("UNKNOT_PROTOCOL"), "clinical protocol file to use instead of the embedded default (UNKNOT_PROTOCOL)")
	fs.StringVar(&c.InstrumentsDir, "instruments", getenv("UNKNOT_INSTRUMENTS"), "folder of the clinic's licensed wording files for outcome instruments, <instrument-id>.json each (UNKNOT_INSTRUMENTS)")
	fs.StringVar(&c.DefaultTZ, "tz", envOr(getenv, "UNKNOT_TZ", "UTC"), "time zone for people who do not give one (UNKNOT_TZ)")
	fs.StringVar(&c.EmergencyNumber, "emergency-number", envOr(getenv, "UNKNOT_EMERGENCY_NUMBER", "999"), "the emergency phone number shown to people (UNKNOT_EMERGENCY_NUMBER)")
	c.MaxBodyBytes = 1 << 20
	if v := getenv("UNKNOT_MAX_BODY_BYTES"); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
			c.MaxBodyBytes = n
		}
	}
	fs.Int64Var(&c.MaxBodyBytes, "max-body", c.MaxBodyBytes, "largest request body in bytes (UNKNOT_MAX_BODY_BYTES)")
	fs.StringVar(&c.BaseURL, "base-url", getenv("UNKNOT_BASE_URL"), "the address people reach unknot at, for links in email (UNKNOT_BASE_URL); default http://ADDR")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", getenv("UNKNOT_TRUST_PROXY") == "true", "behind a reverse proxy: take client addresses from X-Forwarded-For (UNKNOT_TRUST_PROXY=true)")
	fs.BoolVar(&c.RateLimits, "rate-limits", getenv("UNKNOT_RATE_LIMITS") != "false", "limit anonymous assessments, sign-ups, links and sign-ins per client address (UNKNOT_RATE_LIMITS=false turns them off)")
	c.RetainUnclaimed = defaultRetainUnclaimed
	if d, err := time.ParseDuration(getenv("UNKNOT_RETAIN_UNCLAIMED")); err == nil && d > 0 {
		c.RetainUnclaimed = d
	}
	fs.DurationVar(&c.RetainUnclaimed, "retain-unclaimed", c.RetainUnclaimed, "how long an anonymous result that nobody kept is stored (UNKNOT_RETAIN_UNCLAIMED)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", getenv("UNKNOT_METRICS_ADDR"), "serve Prometheus /metrics on this address only, e.g. 127.0.0.1:9090 (UNKNOT_METRICS_ADDR); none: no metrics")
	fs.StringVar(&c.PprofAddr, "pprof-addr", getenv("UNKNOT_PPROF_ADDR"), "serve Go's profiles (/debug/pprof/) on this address only, for measuring (UNKNOT_PPROF_ADDR); none: off")
	fs.StringVar(&c.TLSCert, "tls-cert", getenv("UNKNOT_TLS_CERT"), "serve HTTPS with this certificate file (UNKNOT_TLS_CERT)")
	fs.StringVar(&c.TLSKey, "tls-key", getenv("UNKNOT_TLS_KEY"), "and this key file (UNKNOT_TLS_KEY)")
	fs.StringVar(&c.Mail.Host, "smtp-host", getenv("UNKNOT_SMTP_HOST"), "SMTP server for sign-in and reset links (UNKNOT_SMTP_HOST); none: links go to the log")
	c.Mail.Port, _ = strconv.Atoi(getenv("UNKNOT_SMTP_PORT"))
	fs.IntVar(&c.Mail.Port, "smtp-port", c.Mail.Port, "SMTP port (UNKNOT_SMTP_PORT); default by TLS mode")
	fs.StringVar(&c.Mail.Username, "smtp-user", getenv("UNKNOT_SMTP_USER"), "SMTP user name (UNKNOT_SMTP_USER); the password is read from UNKNOT_SMTP_PASSWORD only")
	c.Mail.Password = getenv("UNKNOT_SMTP_PASSWORD")
	fs.StringVar(&c.Mail.TLS, "smtp-tls", envOr(getenv, "UNKNOT_SMTP_TLS", "starttls"), "none, starttls or tls (UNKNOT_SMTP_TLS)")
	fs.StringVar(&c.Mail.From, "smtp-from", getenv("UNKNOT_SMTP_FROM"), "From address of mail (UNKNOT_SMTP_FROM)")
	fs.BoolVar(&c.Demo, "demo", getenv("UNKNOT_DEMO") == "true", "on an empty database, make the demo clinic with a therapist and 14 patients; passwords from UNKNOT_DEMO_PASSWORD or printed at start (UNKNOT_DEMO=true)")
	c.DemoPassword = getenv("UNKNOT_DEMO_PASSWORD")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", 20*time.Second, "how long in-flight requests may take to finish on shutdown")
	fs.IntVar(&c.JobWorkers, "job-workers", 4, "how many background jobs (mail, reminders) run at once")
	fs.DurationVar(&c.JobRescueAfter, "job-rescue-after", 5*time.Minute, "how long a background job may run before another process takes it over (after a crash)")
	fs.DurationVar(&c.DrainGrace, "drain-grace", time.Second, "at shutdown, how long answers say Connection: close before idle connections are closed")
}

// defaultRetainUnclaimed is the privacy text's promise: an anonymous
// result nobody keeps is deleted after 30 days.
const defaultRetainUnclaimed = 30 * 24 * time.Hour

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

// parseFlags parses args into fs. Mistakes become usage errors (one line,
// exit 2); -h prints the flags and returns flag.ErrHelp.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			fmt.Fprintf(stdout, "Usage of unknot %s:\n", fs.Name())
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return err
		}
		return usagef("%v", err)
	}
	return nil
}
