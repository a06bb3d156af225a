package storetest

import (
	"context"
	"testing"
	"time"

	"unknot/internal/domain"
)

// testTalk: a thread keeps its order and its unread counts on both sides;
// a visit request takes one answer; accepted visits come back in time
// order; articles assigned from the chart keep their sequence; and all of
// it goes with the patient's account.
func testTalk(t *testing.T, open Opener) {
	ctx := context.Background()
	db, _ := migrated(t, open)
	mustUser(t, db, "p1", "p1@example.org")
	mustUser(t, db, "s1", "s1@example.org")
	mustClinic(t, db, "c1")
	mustClinic(t, db, "c2")
	for i, text := range []string{"first from the patient", "second from the patient"} {
		if err := db.PutMessage(ctx, &domain.Message{ID: "m" + string(rune('a'+i)), ClinicID: "c1", UserID: "p1", AuthorID: "p1", Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.PutMessage(ctx, &domain.Message{ID: "mz", ClinicID: "c2", UserID: "p1", AuthorID: "s1", FromStaff: true, Text: "from the other clinic"}); err != nil {
		t.Fatal(err)
	}
	staff, err := db.UnreadFromPatients(ctx, "c1")
	if err != nil || staff["p1"] != 2 || len(staff) != 1 {
		t.Fatalf("UnreadFromPatients = %v, %v; want p1: 2", staff, err)
	}
	mine, err := db.UnreadFromStaff(ctx, "p1")
	if err != nil || mine["c2"] != 1 || mine["c1"] != 0 {
		t.Fatalf("UnreadFromStaff = %v, %v; want c2: 1", mine, err)
	}
	at := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	if err := db.MarkMessagesRead(ctx, "c1", "p1", true, at); err != nil {
		t.Fatal(err)
	}
	list, err := db.ListMessages(ctx, "c1", "p1")
	if err != nil || len(list) != 2 || list[0].Text != "first from the patient" || list[1].ReadAt == nil || !list[1].ReadAt.Equal(at) {
		t.Fatalf("ListMessages = %+v, %v", list, err)
	}
	if staff, _ := db.UnreadFromPatients(ctx, "c1"); len(staff) != 0 {
		t.Fatalf("after the staff read the thread, unread = %v", staff)
	}

	for _, id := range []string{"v1", "v2", "v3"} {
		if err := db.PutVisit(ctx, &domain.Visit{ID: id, ClinicID: "c1", UserID: "p1", Status: domain.VisitRequested, Times: "mornings"}); err != nil {
			t.Fatal(err)
		}
	}
	later, sooner := at.Add(72*time.Hour), at.Add(24*time.Hour)
	for _, v := range []*domain.Visit{{ID: "v1", At: &later}, {ID: "v2", At: &sooner}} {
		v.ClinicID, v.Status, v.Minutes, v.AnsweredBy = "c1", domain.VisitAccepted, 30, "s1"
		if err := db.AnswerVisit(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.AnswerVisit(ctx, &domain.Visit{ID: "v3", ClinicID: "c1", Status: domain.VisitDeclined, Reply: "Please call.", AnsweredBy: "s1"}); err != nil {
		t.Fatal(err)
	}
	if err := db.AnswerVisit(ctx, &domain.Visit{ID: "v3", ClinicID: "c1", Status: domain.VisitAccepted, At: &later}); domain.ErrorCode(err) != domain.EConflict {
		t.Fatalf("a second answer = %v; want a conflict", err)
	}
	if err := db.AnswerVisit(ctx, &domain.Visit{ID: "v1", ClinicID: "c2", Status: domain.VisitDeclined}); domain.ErrorCode(err) != domain.EConflict {
		t.Fatalf("another clinic answering = %v; want refused", err)
	}
	acc, err := db.AcceptedVisits(ctx, "p1")
	if err != nil || len(acc) != 2 || acc[0].ID != "v2" || acc[1].ID != "v1" || !acc[0].At.Equal(sooner) || acc[0].Minutes != 30 {
		t.Fatalf("AcceptedVisits = %+v, %v; want v2 then v1", acc, err)
	}
	v3, err := db.FindVisit(ctx, "c1", "v3")
	if err != nil || v3.Status != domain.VisitDeclined || v3.Reply != "Please call." || v3.AnsweredAt == nil || v3.At != nil {
		t.Fatalf("FindVisit(v3) = %+v, %v", v3, err)
	}
	if _, err := db.FindVisit(ctx, "c2", "v3"); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("another clinic's FindVisit = %v; want not found", err)
	}

	if err := db.AssignArticles(ctx, "c1", "p1", "s1", []string{"b", "a"}); err != nil {
		t.Fatal(err)
	}
	if err := db.AssignArticles(ctx, "c1", "p1", "s1", []string{"a", "c"}); err != nil {
		t.Fatal(err)
	}
	as, err := db.AssignedArticles(ctx, "c1", "p1")
	if err != nil || len(as) != 3 || as[0].ArticleID != "b" || as[1].ArticleID != "a" || as[2].ArticleID != "c" {
		t.Fatalf("AssignedArticles = %+v, %v; want b, a, c", as, err)
	}

	if err := db.DeleteUser(ctx, "p1", "gone"); err != nil {
		t.Fatal(err)
	}
	if l, _ := db.ListMessages(ctx, "c1", "p1"); len(l) != 0 {
		t.Fatalf("messages outlive the account: %v", l)
	}
	if l, _ := db.VisitsOfUser(ctx, "p1"); len(l) != 0 {
		t.Fatalf("visits outlive the account: %v", l)
	}
}
