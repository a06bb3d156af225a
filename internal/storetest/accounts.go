package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"unknot/internal/domain"
	"unknot/internal/outcome"
	"unknot/internal/sqlstore"
)

func testUsers(t *testing.T, open Opener) {
	ctx := context.Background()
	db, _ := migrated(t, open)
	u := &domain.User{ID: "u1", Email: "  Ann@Example.org ", Name: "Ann", PasswordHash: "h"}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if n, err := db.CountUsers(ctx); err != nil || n != 1 {
		t.Fatalf("CountUsers = %d, %v", n, err)
	}
	got, err := db.FindUserByEmail(ctx, "ANN@example.org")
	if err != nil || got.ID != "u1" || got.Email != "ann@example.org" || got.Operator {
		t.Fatalf("FindUserByEmail = %+v, %v", got, err)
	}
	err = db.CreateUser(ctx, &domain.User{ID: "u2", Email: "ann@example.org", Name: "Other", PasswordHash: "h"})
	if domain.ErrorCode(err) != domain.EConflict {
		t.Fatalf("second account with the same email: %v; want conflict", err)
	}
	if _, err := db.FindUserByID(ctx, "nobody"); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("FindUserByID(nobody) = %v", err)
	}

	c := &domain.Clinic{ID: "c1", Name: "Back Clinic", InviteCode: "JOIN-1"}
	if err := db.CreateClinic(ctx, c); err != nil {
		t.Fatal(err)
	}
	if got, err := db.FindClinicByInviteCode(ctx, "JOIN-1"); err != nil || got.ID != "c1" {
		t.Fatalf("FindClinicByInviteCode = %+v, %v", got, err)
	}
	if err := db.PutMembership(ctx, &domain.Membership{ClinicID: "c1", UserID: "u1", Role: domain.RolePatient}); err != nil {
		t.Fatal(err)
	}
	if err := db.PutMembership(ctx, &domain.Membership{ClinicID: "c1", UserID: "u1", Role: domain.RoleTherapist}); err != nil {
		t.Fatal(err)
	}
	ms, err := db.MembershipsOfUser(ctx, "u1")
	if err != nil || len(ms) != 1 || ms[0].Role != domain.RoleTherapist {
		t.Fatalf("MembershipsOfUser = %+v, %v", ms, err)
	}
	if err := db.PutMembership(ctx, &domain.Membership{ClinicID: "nope", UserID: "u1", Role: domain.RolePatient}); err == nil {
		t.Fatal("membership of a missing clinic: want an error")
	}
}

func testSessionsAndTokens(t *testing.T, open Opener) {
	ctx := context.Background()
	db, _ := migrated(t, open)
	mustUser(t, db, "u1", "a@example.org")
	now := db.Now()
	if err := db.CreateSession(ctx, &domain.Session{IDHash: "s-live", UserID: "u1", ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateSession(ctx, &domain.Session{IDHash: "s-old", UserID: "u1", ExpiresAt: now.Add(-time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if s, err := db.FindSession(ctx, "s-live"); err != nil || s.UserID != "u1" {
		t.Fatalf("FindSession(live) = %+v, %v", s, err)
	}
	if _, err := db.FindSession(ctx, "s-old"); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("FindSession(expired) = %v; want not found", err)
	}
	if err := db.UpdatePassword(ctx, "u1", "new-hash"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FindSession(ctx, "s-live"); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatal("a password change must end every session")
	}

	if err := db.CreateOneTimeToken(ctx, &domain.OneTimeToken{Hash: "ott", UserID: "u1", Purpose: domain.PurposeReset, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UseOneTimeToken(ctx, "ott", domain.PurposeMagicLink); err == nil {
		t.Fatal("a reset token used as a sign-in link: want an error")
	}
	if uid, err := db.UseOneTimeToken(ctx, "ott", domain.PurposeReset); err != nil || uid != "u1" {
		t.Fatalf("UseOneTimeToken = %q, %v", uid, err)
	}
	if _, err := db.UseOneTimeToken(ctx, "ott", domain.PurposeReset); err == nil {
		t.Fatal("a one-time token worked twice")
	}

	mustClinic(t, db, "c1")
	tok := &domain.APIToken{ID: "t1", ClinicID: "c1", CreatedBy: "u1", Name: "EHR", Scope: domain.ScopeRead, SecretHash: "x"}
	if err := db.CreateAPIToken(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if err := db.TouchAPIToken(ctx, "t1"); err != nil {
		t.Fatal(err)
	}
	got, err := db.FindAPIToken(ctx, "t1")
	if err != nil || got.LastUsedAt == nil || got.RevokedAt != nil || got.Scope != domain.ScopeRead {
		t.Fatalf("FindAPIToken = %+v, %v", got, err)
	}
	if err := db.RevokeAPIToken(ctx, "other-clinic", "t1"); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("revoking through another clinic = %v; want not found", err)
	}
	if err := db.RevokeAPIToken(ctx, "c1", "t1"); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.FindAPIToken(ctx, "t1"); got.RevokedAt == nil {
		t.Fatal("revoked token has no revoked time")
	}

	lock := func(n int) time.Duration { return time.Duration(n) * time.Hour }
	for range 2 {
		if err := db.RecordSignInFailure(ctx, "email:a@example.org", lock); err != nil {
			t.Fatal(err)
		}
	}
	until, n, err := db.SignInLock(ctx, "email:a@example.org")
	if err != nil || n != 2 || until.Before(now.Add(90*time.Minute)) {
		t.Fatalf("SignInLock = %v, %d, %v; want 2 failures locked ~2h", until, n, err)
	}
	if err := db.ClearSignInFailures(ctx, "email:a@example.org"); err != nil {
		t.Fatal(err)
	}
	if until, n, _ := db.SignInLock(ctx, "email:a@example.org"); !until.IsZero() || n != 0 {
		t.Fatal("ClearSignInFailures left a lock")
	}
}

func testClaimAndShare(t *testing.T, open Opener) {
	ctx := context.Background()
	db, _ := migrated(t, open)
	mustUser(t, db, "u1", "a@example.org")
	mustUser(t, db, "u2", "b@example.org")
	mustClinic(t, db, "c1")
	mustAssessment(t, db, "a1", "")
	if err := db.SetAssessmentOwner(ctx, "a1", "u1"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetAssessmentOwner(ctx, "a1", "u2"); domain.ErrorCode(err) != domain.EConflict {
		t.Fatalf("claiming someone else's result = %v; want conflict", err)
	}
	if err := db.SetAssessmentClinic(ctx, "a1", "c1"); err != nil {
		t.Fatal(err)
	}
	a, err := db.FindAssessmentByID(ctx, "a1")
	if err != nil || a.OwnerID != "u1" || a.ClinicID != "c1" {
		t.Fatalf("after claim and share: %+v, %v", a, err)
	}
	for _, f := range []domain.AssessmentFilter{{OwnerID: "u1"}, {ClinicID: "c1"}} {
		if list, err := db.ListAssessments(ctx, f); err != nil || len(list) != 1 {
			t.Fatalf("ListAssessments(%+v) = %d, %v", f, len(list), err)
		}
	}
}

// testDeleteUser deletes an account and then reads every row of every
// table: nothing of the person may remain but pseudonymous audit entries.
func testDeleteUser(t *testing.T, open Opener) {
	ctx := context.Background()
	db, _ := migrated(t, open)
	mustUser(t, db, "victim-id", "victim@example.org")
	mustUser(t, db, "keeper", "keeper@example.org")
	mustClinic(t, db, "c1")
	if err := db.PutMembership(ctx, &domain.Membership{ClinicID: "c1", UserID: "victim-id", Role: domain.RolePatient}); err != nil {
		t.Fatal(err)
	}
	mustAssessment(t, db, "victim-assessment", "victim-id")
	mustAssessment(t, db, "keeper-assessment", "keeper")
	if err := db.CreateSession(ctx, &domain.Session{IDHash: "victim-session", UserID: "victim-id", ExpiresAt: db.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := db.AppendAudit(ctx, &domain.AuditEntry{Actor: "victim-id", Action: "read", Record: "assessment:victim-assessment",
		Address: "127.0.0.1", Subject: "victim-id"}); err != nil {
		t.Fatal(err)
	}
	pain := 5
	if err := db.PutOutcome(ctx, &outcome.Response{ID: "victim-outcome", UserID: "victim-id", AssessmentID: "victim-assessment",
		Instrument: "psfs", Answers: []outcome.Answer{{LinkID: "activity_1", Text: "health-of-victim activity", Value: &pain}},
		Score: 5, Date: "2026-11-02"}); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteUser(ctx, "victim-id", "deleted:1234"); err != nil {
		t.Fatal(err)
	}
	rows := dumpAllRows(t, db)
	for _, row := range rows {
		for _, secret := range []string{"victim-id", "victim@example.org", "health-of-victim"} {
			if strings.Contains(row, secret) {
				t.Errorf("after deletion a row still holds %q: %s", secret, row)
			}
		}
	}
	if !strings.Contains(strings.Join(rows, "\n"), "keeper-assessment") {
		t.Fatal("deleting one person removed another's data")
	}
	audit, err := db.ListAudit(ctx, domain.AuditFilter{Actor: "deleted:1234"})
	if err != nil || len(audit) != 1 {
		t.Fatalf("the audit entry must stay under the pseudonym: %d, %v", len(audit), err)
	}
}

// dumpAllRows renders every row of every table in the current schema.
func dumpAllRows(t *testing.T, db *sqlstore.DB) []string {
	t.Helper()
	ctx := context.Background()
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if db.Engine() == "postgres" {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`
	}
	names, err := db.ReadPool().QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for names.Next() {
		var n string
		names.Scan(&n)
		tables = append(tables, n)
	}
	names.Close()
	if len(tables) < 5 {
		t.Fatalf("found only tables %v", tables)
	}
	var out []string
	for _, table := range tables {
		rows, err := db.ReadPool().QueryContext(ctx, `SELECT * FROM `+table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			b.WriteString(table + ":")
			for _, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				fmt.Fprintf(&b, " %v", v)
			}
			out = append(out, b.String())
		}
		rows.Close()
	}
	return out
}

func mustUser(t *testing.T, db *sqlstore.DB, id, email string) {
	t.Helper()
	if err := db.CreateUser(context.Background(), &domain.User{ID: id, Email: email, Name: id, PasswordHash: "h"}); err != nil {
		t.Fatal(err)
	}
}

func mustClinic(t *testing.T, db *sqlstore.DB, id string) {
	t.Helper()
	if err := db.CreateClinic(context.Background(), &domain.Clinic{ID: id, Name: id, InviteCode: "code-" + id}); err != nil {
		t.Fatal(err)
	}
}

func mustAssessment(t *testing.T, db *sqlstore.DB, id, owner string) {
	t.Helper()
	a := &domain.Assessment{ID: id, Input: []byte(`{"age": 41, "marker": "health-of-` + id + `"}`), Result: []byte(`{"disposition": "self_care"}`),
		Disposition: "self_care", ProtocolID: "p", ProtocolVersion: "1", TZ: "UTC", OwnerID: owner}
	if err := db.CreateAssessment(context.Background(), a); err != nil {
		t.Fatal(err)
	}
}

// testFirstUser: only one of many simultaneous first-run set-ups succeeds.
func testFirstUser(t *testing.T, open Opener) {
	ctx := context.Background()
	first, reopen := migrated(t, open)
	handles := []*sqlstore.DB{first, reopen(t), reopen(t), reopen(t)}
	errs := make(chan error, len(handles))
	for i, h := range handles {
		go func() {
			errs <- h.CreateFirstUser(ctx, &domain.User{ID: fmt.Sprintf("op%d", i), Email: fmt.Sprintf("op%d@example.org", i),
				Name: "Op", PasswordHash: "h", Operator: true})
		}()
	}
	ok := 0
	for range handles {
		err := <-errs
		switch {
		case err == nil:
			ok++
		case domain.ErrorCode(err) != domain.EForbidden:
			t.Errorf("CreateFirstUser: %v; want forbidden for the losers", err)
		}
	}
	if n, _ := first.CountUsers(ctx); ok != 1 || n != 1 {
		t.Fatalf("%d set-ups succeeded and %d accounts exist; want exactly one", ok, n)
	}
}

// testPurgeExpired: expired sessions and links go; live ones stay.
func testPurgeExpired(t *testing.T, open Opener) {
	ctx := context.Background()
	db, _ := migrated(t, open)
	mustUser(t, db, "u1", "a@example.org")
	now := db.Now()
	for _, s := range []domain.Session{{IDHash: "live", UserID: "u1", ExpiresAt: now.Add(time.Hour)},
		{IDHash: "dead", UserID: "u1", ExpiresAt: now.Add(-time.Hour)}} {
		if err := db.CreateSession(ctx, &s); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.CreateOneTimeToken(ctx, &domain.OneTimeToken{Hash: "old-link", UserID: "u1", Purpose: domain.PurposeReset,
		ExpiresAt: now.Add(-time.Minute)}); err != nil {
		t.Fatal(err)
	}
	n, err := db.PurgeExpired(ctx)
	if err != nil || n != 2 {
		t.Fatalf("PurgeExpired = %d, %v; want 2 rows", n, err)
	}
	if _, err := db.FindSession(ctx, "live"); err != nil {
		t.Fatalf("the live session went: %v", err)
	}
}
