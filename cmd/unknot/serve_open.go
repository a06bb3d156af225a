package main

// What serve opens before it listens: the store, the protocol, the
// outcome instruments and the logger, each from the configuration.

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"unknot/internal/outcome"
	"unknot/internal/postgres"
	"unknot/internal/protocol"
	"unknot/internal/sqlite"
	"unknot/internal/sqlstore"
)

// openStore opens PostgreSQL when a URL is given, else the SQLite file in
// the data folder.
func openStore(ctx context.Context, cfg Config, now func() time.Time) (*sqlstore.DB, error) {
	if cfg.DatabaseURL != "" {
		return postgres.Open(ctx, cfg.DatabaseURL, now)
	}
	return sqlite.Open(filepath.Join(cfg.DataDir, sqlite.FileName), now)
}

// loadProtocol reads a clinic's protocol file, or returns the embedded default.
func loadProtocol(path string) (*protocol.Protocol, error) {
	if path == "" {
		return protocol.Default(), nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, usagef("reading protocol: %v", err)
	}
	p, err := protocol.Load(data)
	if err != nil {
		return nil, usagef("protocol %s: %v", path, err)
	}
	return p, nil
}

// loadInstruments merges a clinic's wording files into the built-in
// instruments: each file in dir named <instrument-id>.json, checked by
// outcome.LoadWording. With no dir, the built-in set (STarT Back and the
// Oswestry index listed but not ready). A file that does not fit stops the
// start: a form with half its wording must never be shown.
func loadInstruments(dir string) (*outcome.Set, error) {
	base := outcome.Default()
	if dir == "" {
		return base, nil
	}
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, usagef("--instruments %s: %v", dir, err)
	}
	if len(names) == 0 {
		return nil, usagef("--instruments %s: no <instrument-id>.json wording files in it", dir)
	}
	merged := map[string]outcome.Instrument{}
	for _, name := range names {
		id := strings.TrimSuffix(filepath.Base(name), ".json")
		def, ok := base.Get(id)
		if !ok {
			return nil, usagef("--instruments: %s: no instrument %q (name each file <instrument-id>.json)", name, id)
		}
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, usagef("--instruments: %v", err)
		}
		in, err := outcome.LoadWording(def, data)
		if err != nil {
			return nil, usagef("--instruments: %s: %v", name, err)
		}
		merged[id] = in
	}
	replacements := make([]outcome.Instrument, 0, len(merged))
	for _, in := range merged {
		replacements = append(replacements, in)
	}
	set, err := base.With(replacements...)
	if err != nil {
		return nil, usagef("--instruments %s: %v", dir, err)
	}
	return set, nil
}

func newLogger(cfg Config, w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		return nil, usagef("--log-level %q: use debug, info, warn or error", cfg.LogLevel)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch cfg.LogFormat {
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	}
	return nil, usagef("--log-format %q: use text or json", cfg.LogFormat)
}
