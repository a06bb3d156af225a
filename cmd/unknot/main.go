// Command unknot runs the unknot server and its tools. main only wires the
// process to Run, which tests call directly.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	tuneGC(os.Getenv)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// time.Now is read here and nowhere else: every other clock is this one,
	// handed down, so that tests can pin the date.
	code := Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv, time.Now)
	stop()
	os.Exit(code)
}
