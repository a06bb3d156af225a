package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"unknot/internal/protocol"
)

// runProtocol is `unknot protocol check FILE`: lint a clinic's protocol.
func runProtocol(args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "check" {
		return usagef("usage: unknot protocol check FILE")
	}
	fs := flag.NewFlagSet("protocol check", flag.ContinueOnError)
	if err := parseFlags(fs, args[1:], stdout); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("usage: unknot protocol check FILE")
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return usagef("%v", err)
	}
	findings := protocol.Check(data)
	for _, f := range findings {
		fmt.Fprintln(stdout, f)
	}
	if len(findings) > 0 {
		return usagef("%s: %d problem(s); the protocol was not accepted", fs.Arg(0), len(findings))
	}
	p, err := protocol.Load(data)
	if err != nil {
		return usagef("%v", err)
	}
	fmt.Fprintf(stdout, "%s: protocol %s version %s is valid\n", fs.Arg(0), p.Ref().ID, p.Ref().Version)
	return nil
}
