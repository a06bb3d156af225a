package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Config is everything the server is told by flags and environment.
type Config struct {
	Addr            string
	DataDir         string
	DatabaseURL     string
	ProtocolFile    string
	DefaultTZ       string
	EmergencyNumber string
	LogLevel        string
	LogFormat       string
	MaxBodyBytes    int64
	ShutdownTimeout time.Duration
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
	fs.StringVar(&c.DefaultTZ, "tz", envOr(getenv, "UNKNOT_TZ", "UTC"), "time zone for people who do not give one (UNKNOT_TZ)")
	fs.StringVar(&c.EmergencyNumber, "emergency-number", envOr(getenv, "UNKNOT_EMERGENCY_NUMBER", "999"), "the emergency phone number shown to people (UNKNOT_EMERGENCY_NUMBER)")
	c.MaxBodyBytes = 1 << 20
	if v := getenv("UNKNOT_MAX_BODY_BYTES"); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
			c.MaxBodyBytes = n
		}
	}
	fs.Int64Var(&c.MaxBodyBytes, "max-body", c.MaxBodyBytes, "largest request body in bytes (UNKNOT_MAX_BODY_BYTES)")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", 20*time.Second, "how long in-flight requests may take to finish on shutdown")
}

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
