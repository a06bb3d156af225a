package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"unknot/internal/jobs"
)

// runMigrate is `unknot migrate`: bring the schema up to date and say where
// it stands.
func runMigrate(ctx context.Context, args []string, stdout io.Writer, getenv func(string) string, now func() time.Time) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	var cfg Config
	dbFlags(fs, &cfg, getenv)
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	db, err := openStore(ctx, cfg, now)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s schema at version %d (%d migration(s) applied)\n", db.Engine(), db.KnownVersion(), n)
	// River's own tables, beside unknot's.
	rn, err := jobs.Migrate(ctx, db)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "job queue (River) up to date (%d migration(s) applied)\n", rn)
	return nil
}
