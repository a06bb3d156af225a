package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"unknot/internal/app"
	"unknot/internal/protocol"
)

// runUser is `unknot user add --role admin --email E --clinic NAME`: the
// first admin (and operator) without the setup page. The password is read
// from UNKNOT_PASSWORD or the first line of stdin, never from a flag.
func runUser(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer, getenv func(string) string, now func() time.Time) error {
	if len(args) == 0 || args[0] != "add" {
		return usagef("usage: unknot user add --role admin --email EMAIL --clinic NAME [--name NAME]")
	}
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	var cfg Config
	dbFlags(fs, &cfg, getenv)
	role := fs.String("role", "admin", "the role: admin (a clinic admin; the first is also the operator)")
	email := fs.String("email", "", "the person's email")
	name := fs.String("name", "", "the person's name")
	clinic := fs.String("clinic", "", "the clinic's name")
	if err := parseFlags(fs, args[1:], stdout); err != nil {
		return err
	}
	if *role != "admin" {
		return usagef("--role %q: only admin accounts are made here; patients sign up, and admins add therapists", *role)
	}
	password := getenv("UNKNOT_PASSWORD")
	if password == "" && stdin != nil {
		line, _ := bufio.NewReader(stdin).ReadString('\n')
		password = strings.TrimRight(line, "\r\n")
	}
	db, err := openStore(ctx, cfg, now)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	uc := app.New(db, app.Config{Protocol: protocol.Default(), Now: now})
	u, c, err := uc.Clinics.AddAdmin(ctx, app.SetupRequest{Email: *email, Name: *name, Password: password, ClinicName: *clinic})
	if err != nil {
		return usageError{describeInputError(err)}
	}
	fmt.Fprintf(stdout, "admin %s of clinic %q (invite code %s)%s\n", u.Email, c.Name, c.InviteCode,
		map[bool]string{true: "; also the operator", false: ""}[u.Operator])
	return nil
}
