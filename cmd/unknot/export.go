package main

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"time"

	"unknot/internal/app"
	"unknot/internal/domain"
	"unknot/internal/protocol"
)

// runExport is `unknot export fhir --email E` (an outside interface, keep
// it exact): that person's record as a FHIR R4 Bundle on stdout, from the
// database the server's --data or --database flags name. An unknown
// email or a bad flag exits 2 with one line on stderr.
func runExport(ctx context.Context, args []string, stdout io.Writer, getenv func(string) string, now func() time.Time) error {
	if len(args) == 0 || args[0] != "fhir" {
		return usagef("usage: unknot export fhir --email EMAIL [--data DIR | --database URL]")
	}
	fs := flag.NewFlagSet("export fhir", flag.ContinueOnError)
	var cfg Config
	dbFlags(fs, &cfg, getenv)
	email := fs.String("email", "", "the person whose record to export")
	base := fs.String("base-url", envOr(getenv, "UNKNOT_BASE_URL", ""), "the address unknot is reached at, for the Bundle's fullUrls (UNKNOT_BASE_URL)")
	if err := parseFlags(fs, args[1:], stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *email == "" {
		return usagef("--email is required")
	}
	db, err := openStore(ctx, cfg, now)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	uc := app.New(db, app.Config{Protocol: protocol.Default(), Now: now, BaseURL: *base})
	b, err := uc.Interop.FHIRForEmail(ctx, *email)
	if domain.ErrorCode(err) == domain.ENotFound {
		return usagef("no account with the email %q", *email)
	}
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(b.Bundle)
}
