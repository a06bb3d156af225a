package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"unknot/internal/sqlite"
)

// runBackup is `unknot backup --to FILE`: a consistent copy of the SQLite
// database, safe while the server runs.
func runBackup(ctx context.Context, args []string, stdout io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	var cfg Config
	dbFlags(fs, &cfg, getenv)
	to := fs.String("to", "", "the file to write the copy to (must not exist)")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if cfg.DatabaseURL != "" {
		return usagef("on PostgreSQL, back up with pg_dump: pg_dump --format=custom --file=unknot.dump \"$UNKNOT_DATABASE_URL\" (restore with pg_restore)")
	}
	if *to == "" {
		return usagef("--to FILE is required")
	}
	src := filepath.Join(cfg.DataDir, sqlite.FileName)
	if err := sqlite.Backup(ctx, src, *to); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s\n", src, *to)
	return nil
}
