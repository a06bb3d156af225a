package storetest

import (
	"context"
	"testing"
	"time"

	"unknot/internal/domain"
)

// testReminders: one occurrence of a reminder is stored once however
// often it is delivered; read marks; settings, feed tokens and
// unsubscribe secrets round-trip; deleting the person deletes them all.
func testReminders(t *testing.T, open Opener) {
	ctx := context.Background()
	db, _ := migrated(t, open)
	for _, id := range []string{"u1", "u2"} {
		if err := db.CreateUser(ctx, &domain.User{ID: id, Email: id + "@example.org", PasswordHash: "h"}); err != nil {
			t.Fatal(err)
		}
	}
	due := time.Date(2026, 3, 29, 6, 30, 0, 0, time.UTC)
	add := func(id, user, occ string) bool {
		added, err := db.AddNotification(ctx, &domain.Notification{ID: id, UserID: user, Occurrence: occ, Kind: "session",
			Title: "T", Body: "B", Path: "/program", DueAt: due})
		if err != nil {
			t.Fatal(err)
		}
		return added
	}
	if !add("n1", "u1", "session:2026-03-29T07:30") || add("n2", "u1", "session:2026-03-29T07:30") || !add("n3", "u2", "session:2026-03-29T07:30") {
		t.Fatal("an occurrence was not stored exactly once per person")
	}
	if n, _ := db.UnreadNotifications(ctx, "u1"); n != 1 {
		t.Fatalf("unread = %d", n)
	}
	if n, err := db.MarkNotificationsRead(ctx, "u2", "n1"); err != nil || n != 0 {
		t.Fatalf("another person's mark = %d, %v", n, err)
	}
	if _, err := db.FindNotification(ctx, "u2", "n1"); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("another person's notification: %v", err)
	}
	if n, err := db.MarkNotificationsRead(ctx, "u1", ""); err != nil || n != 1 {
		t.Fatalf("mark all = %d, %v", n, err)
	}
	l, err := db.ListNotifications(ctx, "u1", 10)
	if err != nil || len(l) != 1 || l[0].ReadAt == nil || !l[0].DueAt.Equal(due) {
		t.Fatalf("list = %+v, %v", l, err)
	}
	if err := db.PutReminderSettings(ctx, "u1", `{"tz":"UTC"}`); err != nil {
		t.Fatal(err)
	}
	if err := db.PutReminderSettings(ctx, "u1", `{"tz":"Europe/London"}`); err != nil {
		t.Fatal(err)
	}
	if s, err := db.ReminderSettings(ctx, "u1"); err != nil || s != `{"tz":"Europe/London"}` {
		t.Fatalf("settings = %q, %v", s, err)
	}
	if _, err := db.ReminderSettings(ctx, "u2"); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("no settings: %v", err)
	}
	if err := db.PutCalendarFeed(ctx, "u1", "tok1"); err != nil {
		t.Fatal(err)
	}
	if err := db.PutCalendarFeed(ctx, "u1", "tok2"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CalendarFeedUser(ctx, "tok1"); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("a replaced token still opens: %v", err)
	}
	if u, err := db.CalendarFeedUser(ctx, "tok2"); err != nil || u != "u1" {
		t.Fatalf("feed user = %q, %v", u, err)
	}
	a, _ := db.UnsubscribeToken(ctx, "u1", "s1")
	b, _ := db.UnsubscribeToken(ctx, "u1", "s2")
	if a != "s1" || b != "s1" {
		t.Fatalf("unsubscribe secrets %q, %q; want the first kept", a, b)
	}
	if err := db.DeleteUser(ctx, "u1", "gone"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CalendarFeedUser(ctx, "tok2"); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("a deleted person's feed still opens: %v", err)
	}
	if _, err := db.UnsubscribeUser(ctx, "s1"); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("a deleted person's unsubscribe link still works: %v", err)
	}
	if n, _ := db.CountNotifications(ctx); n != 1 {
		t.Fatalf("%d notifications after deleting u1; want u2's one", n)
	}
}
