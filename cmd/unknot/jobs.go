package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"text/tabwriter"
	"time"

	"unknot/internal/jobs"
)

// runJobs is `unknot jobs`: the background queue for the operator — what
// waits, by kind and state, and the jobs that failed (retrying with
// back-off, or given up), with their last error. `unknot jobs retry ID`
// makes a failed job due again now.
func runJobs(ctx context.Context, args []string, stdout io.Writer, getenv func(string) string, now func() time.Time) error {
	fs := flag.NewFlagSet("jobs", flag.ContinueOnError)
	var cfg Config
	dbFlags(fs, &cfg, getenv)
	limit := fs.Int("limit", 50, "how many failed jobs to list")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	var retry int64
	switch fs.NArg() {
	case 0:
	case 2:
		if fs.Arg(0) != "retry" {
			return usagef("unknown jobs command %q: want `unknot jobs` or `unknot jobs retry ID`", fs.Arg(0))
		}
		id, err := strconv.ParseInt(fs.Arg(1), 10, 64)
		if err != nil || id <= 0 {
			return usagef("job id %q is not a number", fs.Arg(1))
		}
		retry = id
	default:
		return usagef("want `unknot jobs` or `unknot jobs retry ID`")
	}
	if *limit < 1 || *limit > 10000 {
		return usagef("--limit %d: want 1 to 10000", *limit)
	}
	db, err := openStore(ctx, cfg, now)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := jobs.Migrate(ctx, db); err != nil {
		return err
	}
	q, err := jobs.New(db, &jobs.Handlers{}, jobs.Config{NoPeriodic: true})
	if err != nil {
		return err
	}
	if retry != 0 {
		if err := q.Retry(ctx, retry); err != nil {
			return fmt.Errorf("retrying job %d: %w", retry, err)
		}
		fmt.Fprintf(stdout, "job %d is due again now\n", retry)
		return nil
	}
	depth, err := q.Depth(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tSTATE\tJOBS")
	keys := make([][2]string, 0, len(depth))
	for k := range depth {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int {
		if a[0] != b[0] {
			return cmpString(a[0], b[0])
		}
		return cmpString(a[1], b[1])
	})
	for _, k := range keys {
		fmt.Fprintf(tw, "%s\t%s\t%d\n", k[0], k[1], depth[k])
	}
	tw.Flush()
	failed, err := q.ListFailed(ctx, *limit)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n%d failed job(s)\n", len(failed))
	if len(failed) == 0 {
		return nil
	}
	tw = tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tSTATE\tATTEMPTS\tNEXT\tLAST ERROR")
	for _, f := range failed {
		next := "-"
		if !f.Next.IsZero() {
			next = f.Next.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d/%d\t%s\t%s\n", f.ID, f.Kind, f.State, f.Attempts, f.Max, next, oneLine(f.Error))
	}
	return tw.Flush()
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
