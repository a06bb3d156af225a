package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// Exit codes.
const (
	exitOK    = 0
	exitFail  = 1 // something went wrong while running
	exitUsage = 2 // the command line or the input could not be accepted
)

// usageError marks a mistake in what the user typed or sent: exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// Run runs one unknot command and returns the process exit code. Errors are
// printed as one line on stderr.
//
// now is the clock every command runs on: time.Now from main, a fixed
// clock in tests.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string, now func() time.Time) int {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "serve":
		err = runServe(ctx, args, stdout, stderr, getenv, now)
	case "assess":
		err = runAssess(args, stdin, stdout, getenv, now)
	case "protocol":
		err = runProtocol(args, stdout)
	case "migrate":
		err = runMigrate(ctx, args, stdout, getenv, now)
	case "export":
		err = runExport(ctx, args, stdout, getenv, now)
	case "backup":
		err = runBackup(ctx, args, stdout, getenv)
	case "user":
		err = runUser(ctx, args, stdin, stdout, getenv, now)
	case "jobs":
		err = runJobs(ctx, args, stdout, getenv, now)
	case "version":
		fmt.Fprintln(stdout, "unknot", Version())
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
	default:
		err = usagef("unknown command %q: try `unknot help`", cmd)
	}
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	fmt.Fprintln(stderr, "unknot "+cmd+": "+oneLine(err.Error()))
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitFail
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

const usage = `unknot: care for muscle knots and lumps in the lower back.

Usage:
  unknot [serve] [flags]         run the web app and API (the default)
  unknot [serve] --demo          the same, with a demo clinic made on an empty database
  unknot assess [--protocol F]   read one assessment (JSON) on stdin, write the result
  unknot protocol check FILE     check a clinical protocol file
  unknot migrate [flags]         bring the database schema up to date
  unknot user add --role admin   add a clinic admin (the first is the operator)
  unknot backup --to FILE        copy the SQLite database while unknot runs
  unknot export fhir --email E   write that person's record as a FHIR R4 Bundle on stdout
  unknot jobs [retry ID]         the background queue: what waits, and failed jobs (retry one now)
  unknot version                 print the version

Run "unknot serve -h" for the server's flags; each also reads UNKNOT_* variables.
`
