package storetest

import (
	"context"
	"testing"
	"time"

	"unknot/internal/domain"
	"unknot/internal/sqlstore"
)

// testRetention: an anonymous result nobody kept goes after the retention
// period; kept, shared and recent ones stay.
func testRetention(t *testing.T, open Opener) {
	ctx := context.Background()
	db, _ := migrated(t, open)
	mustUser(t, db, "u1", "a@example.org")
	mustClinic(t, db, "c1")
	now := db.Now()
	old := now.Add(-40 * 24 * time.Hour)
	for _, a := range []struct {
		id, owner, clinic string
		at                time.Time
	}{{"old-anon", "", "", old}, {"old-kept", "u1", "", old}, {"old-clinic", "", "c1", old}, {"new-anon", "", "", now}} {
		rec := &domain.Assessment{ID: a.id, CreatedAt: a.at, Input: []byte(`{}`), Result: []byte(`{}`), Disposition: "self_care",
			ProtocolID: "p", ProtocolVersion: "1", TZ: "UTC", OwnerID: a.owner, ClinicID: a.clinic}
		if err := db.CreateAssessment(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	n, err := db.PurgeUnclaimed(ctx, now.Add(-30*24*time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("PurgeUnclaimed = %d, %v; want 1", n, err)
	}
	for id, want := range map[string]bool{"old-anon": false, "old-kept": true, "old-clinic": true, "new-anon": true} {
		_, err := db.FindAssessmentByID(ctx, id)
		if got := err == nil; got != want {
			t.Errorf("%s kept = %v; want %v (%v)", id, got, want, err)
		}
	}
}

// testDevicesAndConfirmation: device cookies map to their account and go
// with it; an unconfirmed account is renewed by a new sign-up only while
// unconfirmed.
func testDevicesAndConfirmation(t *testing.T, open Opener) {
	ctx := context.Background()
	db, _ := migrated(t, open)
	if err := db.CreateUser(ctx, &domain.User{ID: "u1", Email: "a@example.org", PasswordHash: "h1", Unconfirmed: true}); err != nil {
		t.Fatal(err)
	}
	if err := db.RenewUnconfirmedUser(ctx, "u1", "New", "h2"); err != nil {
		t.Fatal(err)
	}
	assertUser(t, db, "u1", "h2", true)
	if err := db.ConfirmUser(ctx, "u1"); err != nil {
		t.Fatal(err)
	}
	if err := db.RenewUnconfirmedUser(ctx, "u1", "Other", "h3"); err != nil {
		t.Fatal(err)
	}
	assertUser(t, db, "u1", "h2", false)

	if err := db.CreateKnownDevice(ctx, "d1", "u1"); err != nil {
		t.Fatal(err)
	}
	if u, err := db.KnownDeviceUser(ctx, "d1"); err != nil || u != "u1" {
		t.Fatalf("KnownDeviceUser = %q, %v", u, err)
	}
	if _, err := db.KnownDeviceUser(ctx, "d2"); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("unknown device: %v", err)
	}
	if err := db.ForgetKnownDevice(ctx, "d1"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.KnownDeviceUser(ctx, "d1"); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("forgotten device: %v", err)
	}
}

func assertUser(t *testing.T, db *sqlstore.DB, id, hash string, unconfirmed bool) {
	t.Helper()
	u, err := db.FindUserByID(context.Background(), id)
	if err != nil || u.PasswordHash != hash || u.Unconfirmed != unconfirmed {
		t.Fatalf("user = %+v, %v; want hash %s, unconfirmed %v", u, err, hash, unconfirmed)
	}
}
