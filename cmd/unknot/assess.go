package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"unknot/internal/app"
	"unknot/internal/clinical"
	"unknot/internal/domain"
)

// maxAssessInput caps what `unknot assess` reads from stdin.
const maxAssessInput = 1 << 20

// runAssess is `unknot assess`: one assessment on stdin, its result on
// stdout. It takes the same path as the API, so both give the same answer.
func runAssess(args []string, stdin io.Reader, stdout io.Writer, getenv func(string) string, now func() time.Time) error {
	fs := flag.NewFlagSet("assess", flag.ContinueOnError)
	protoFile := fs.String("protocol", getenv("UNKNOT_PROTOCOL"), "clinical protocol file to use instead of the embedded default")
	tz := fs.String("tz", envOr(getenv, "UNKNOT_TZ", "UTC"), "time zone for an input that names none")
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q: the assessment is read from stdin", fs.Arg(0))
	}
	proto, err := loadProtocol(*protoFile)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(io.LimitReader(stdin, maxAssessInput+1))
	if err != nil {
		return fmt.Errorf("reading stdin: %w", err)
	}
	if len(body) > maxAssessInput {
		return usagef("input is larger than %d bytes", maxAssessInput)
	}
	in, err := clinical.Decode(body)
	if err != nil {
		return usageError{describeInputError(app.InputError(err))}
	}
	res, err := app.NewTriage(app.Config{Protocol: proto, DefaultTZ: *tz, Now: now}).Evaluate(in)
	if err != nil {
		return usageError{describeInputError(err)}
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(res)
}

// describeInputError puts every refused field on one line.
func describeInputError(err error) string {
	var de *domain.Error
	if !errors.As(err, &de) {
		return err.Error()
	}
	if len(de.Problems) == 0 {
		return de.Message
	}
	parts := make([]string, len(de.Problems))
	for i, p := range de.Problems {
		parts[i] = p.Field + ": " + p.Problem
	}
	return strings.Join(parts, "; ")
}
