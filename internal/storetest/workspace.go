package storetest

import (
	"context"
	"testing"
	"time"

	"unknot/internal/diary"
	"unknot/internal/domain"
	"unknot/internal/notes"
	"unknot/internal/outcome"
	"unknot/internal/program"
	"unknot/internal/sqlstore"
)

// workspace makes clinic c1 with patient p1 (a shared assessment) and
// therapist t1.
func workspace(t *testing.T, db *sqlstore.DB) {
	t.Helper()
	ctx := context.Background()
	mustUser(t, db, "p1", "p1@example.org")
	mustUser(t, db, "t1", "t1@example.org")
	mustClinic(t, db, "c1")
	mustAssessment(t, db, "a1", "p1")
	if err := db.SetAssessmentClinic(ctx, "a1", "c1"); err != nil {
		t.Fatal(err)
	}
	for _, m := range []domain.Membership{{ClinicID: "c1", UserID: "p1", Role: domain.RolePatient}, {ClinicID: "c1", UserID: "t1", Role: domain.RoleTherapist}} {
		if err := db.PutMembership(ctx, &m); err != nil {
			t.Fatal(err)
		}
	}
}

// testSignedNoteImmutable: a signed note cannot be changed by the store's
// update or signing again (conflict), nor by any UPDATE at all (the
// database's trigger); addenda are kept with who and when.
func testSignedNoteImmutable(t *testing.T, open Opener) {
	ctx := context.Background()
	db, _ := migrated(t, open)
	workspace(t, db)
	pain := 6
	n := &notes.Note{ID: "n1", ClinicID: "c1", PatientID: "p1", AuthorID: "t1", Date: "2026-11-20", DurationMinutes: 30,
		Body: notes.Body{VisitType: "follow_up", PainBefore: &pain, Findings: []notes.Finding{{Muscle: "quadratus_lumborum", Side: "left", TriggerPoint: true}},
			Interventions: []notes.Intervention{{Kind: notes.TriggerPointRelease, Details: "left QL, 90 s"}, {Kind: notes.DryNeedling}}}}
	if err := db.CreateSessionNote(ctx, n); err != nil {
		t.Fatal(err)
	}
	n.Body.Text = "draft changed"
	if err := db.UpdateSessionNote(ctx, n); err != nil {
		t.Fatalf("updating a draft: %v", err)
	}
	at := time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)
	if err := db.SignSessionNote(ctx, "c1", "n1", "t1", at); err != nil {
		t.Fatal(err)
	}
	n.Body.Text = "changed after signing"
	if err := db.UpdateSessionNote(ctx, n); domain.ErrorCode(err) != domain.EConflict {
		t.Fatalf("UpdateSessionNote on a signed note = %v; want conflict", err)
	}
	if err := db.SignSessionNote(ctx, "c1", "n1", "t1", at.Add(time.Hour)); domain.ErrorCode(err) != domain.EConflict {
		t.Fatalf("signing again = %v; want conflict", err)
	}
	if err := db.UpdateSessionNote(ctx, &notes.Note{ID: "n1", ClinicID: "other"}); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("another clinic's update = %v; want not found", err)
	}
	for _, q := range []string{`UPDATE session_notes SET body = '{}' WHERE id = 'n1'`, `UPDATE session_notes SET signed_at = NULL WHERE id = 'n1'`,
		`UPDATE session_notes SET date = '2020-01-01'`} {
		if _, err := db.WritePool().ExecContext(ctx, q); err == nil {
			t.Fatalf("%s: the database let a signed note change", q)
		}
	}
	if err := db.AddAddendum(ctx, &notes.Addendum{ID: "ad1", NoteID: "n1", AuthorID: "t1", Text: "Needling was on the left.", At: at.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	got, err := db.FindSessionNote(ctx, "c1", "n1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Body.Text != "draft changed" || got.SignedAt == nil || !got.SignedAt.Equal(at) || got.SignedBy != "t1" ||
		len(got.Addenda) != 1 || got.Addenda[0].Text != "Needling was on the left." || got.Addenda[0].AuthorID != "t1" ||
		len(got.Body.Interventions) != 2 || *got.Body.PainBefore != 6 || got.Body.Findings[0].Muscle != "quadratus_lumborum" {
		t.Fatalf("signed note round trip: %+v", got)
	}
	if _, err := db.FindSessionNote(ctx, "other", "n1"); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("another clinic finds the note: %v", err)
	}
	list, err := db.ListSessionNotes(ctx, "c1", "p1")
	if err != nil || len(list) != 1 || len(list[0].Addenda) != 1 {
		t.Fatalf("ListSessionNotes = %+v, %v", list, err)
	}
	// The patient's account goes, and their notes with it: deleting is
	// not changing.
	if err := db.DeleteUser(ctx, "p1", "deleted:1"); err != nil {
		t.Fatalf("deleting a patient with a signed note: %v", err)
	}
	if list, _ := db.ListSessionNotes(ctx, "c1", "p1"); len(list) != 0 {
		t.Fatalf("notes outlive the patient's account: %+v", list)
	}
}

// testPrograms: versions number themselves, only the newest is current, the
// patient's log of sessions replaces a day's entry, and the caseload reads
// them all.
func testPrograms(t *testing.T, open Opener) {
	ctx := context.Background()
	db, _ := migrated(t, open)
	workspace(t, db)
	prog := program.Program{Exercises: []program.Exercise{{ExerciseID: "knee_to_chest", Reps: 5, TimesADay: 2, DaysAWeek: 5}}, ReassessOn: "2026-11-30"}
	for i := range 2 {
		v := &program.Version{ID: "v" + string(rune('1'+i)), ClinicID: "c1", PatientID: "p1", StartsOn: "2026-11-2" + string(rune('0'+i)),
			Program: prog, CreatedBy: "t1"}
		if err := db.PutProgramVersion(ctx, v); err != nil {
			t.Fatal(err)
		}
		if v.Version != i+1 || !v.Current {
			t.Fatalf("version %d: %+v", i+1, v)
		}
	}
	cur, err := db.CurrentProgram(ctx, "c1", "p1")
	if err != nil || cur.ID != "v2" || cur.Version != 2 || cur.Program.Exercises[0].Reps != 5 {
		t.Fatalf("CurrentProgram = %+v, %v", cur, err)
	}
	if mine, err := db.LatestProgramOf(ctx, "p1"); err != nil || mine.ID != "v2" {
		t.Fatalf("LatestProgramOf = %+v, %v", mine, err)
	}
	all, err := db.ListProgramVersions(ctx, "c1", "p1")
	if err != nil || len(all) != 2 || all[0].Version != 2 || all[1].Current {
		t.Fatalf("ListProgramVersions = %+v, %v", all, err)
	}
	if _, err := db.CurrentProgram(ctx, "c1", "t1"); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("no program: %v", err)
	}
	for _, s := range []program.Session{{Date: "2026-11-22", Done: []string{"x"}}, {Date: "2026-11-22", Done: []string{"knee_to_chest"}}, {Date: "2026-11-23"}} {
		s.ProgramID, s.PatientID, s.ClinicID = "v2", "p1", "c1"
		if err := db.PutProgramSession(ctx, &s); err != nil {
			t.Fatal(err)
		}
	}
	ss, err := db.ListProgramSessions(ctx, "c1", "p1", "")
	if err != nil || len(ss) != 2 || ss[0].Done[0] != "knee_to_chest" {
		t.Fatalf("ListProgramSessions = %+v, %v", ss, err)
	}
	if err := db.PutProgramTemplate(ctx, &program.Template{ID: "tpl", ClinicID: "c1", Name: "QL week 1", Program: prog, CreatedBy: "t1"}); err != nil {
		t.Fatal(err)
	}
	if ts, err := db.ListProgramTemplates(ctx, "c1"); err != nil || len(ts) != 1 || ts[0].Name != "QL week 1" {
		t.Fatalf("ListProgramTemplates = %+v, %v", ts, err)
	}
	if err := db.SetTherapist(ctx, "c1", "p1", "t1"); err != nil {
		t.Fatal(err)
	}
	if err := db.PutQuestionnaireAssignment(ctx, &domain.QuestionnaireAssignment{ClinicID: "c1", UserID: "p1", Instrument: "nprs",
		EveryDays: 7, StartsOn: "2026-11-01", AssignedBy: "t1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordClinicFlag(ctx, &domain.ClinicFlag{ID: "f1", ClinicID: "c1", UserID: "p1", AssessmentID: "a1",
		Reason: string(diary.FlagRedFlag), Text: "New warning sign: fever", At: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), Key: "k"}); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkArticleRead(ctx, "p1", "what-is-a-knot"); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkArticleRead(ctx, "p1", "what-is-a-knot"); err != nil {
		t.Fatalf("reading it again: %v", err)
	}
	if read, err := db.ArticlesRead(ctx, "p1"); err != nil || len(read) != 1 || read["what-is-a-knot"].IsZero() {
		t.Fatalf("ArticlesRead = %v, %v", read, err)
	}
	if err := db.SetCheckinGap(ctx, "c1", 5); err != nil {
		t.Fatal(err)
	}
	if n, err := db.CheckinGap(ctx, "c1"); err != nil || n != 5 {
		t.Fatalf("CheckinGap = %d, %v", n, err)
	}
	// The caseload's copies on the membership follow the records: a
	// check-in, an answer, a signed note.
	if err := db.PutCheckin(ctx, &diary.Checkin{UserID: "p1", AssessmentID: "a1", Entry: diary.Entry{Date: "2026-11-23", PainNow: 3, PainWorst: 4}}); err != nil {
		t.Fatal(err)
	}
	if err := db.PutCheckin(ctx, &diary.Checkin{UserID: "p1", AssessmentID: "a1", Entry: diary.Entry{Date: "2026-11-21", PainNow: 3, PainWorst: 4}}); err != nil {
		t.Fatal(err)
	}
	pain := 4
	if err := db.PutOutcome(ctx, &outcome.Response{ID: "o1", UserID: "p1", AssessmentID: "a1", Instrument: "nprs",
		Answers: []outcome.Answer{{LinkID: "pain", Value: &pain}}, Score: 4, Date: "2026-11-10"}); err != nil {
		t.Fatal(err)
	}
	facts, err := db.CaseloadFacts(ctx, "c1", time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC))
	if err != nil || len(facts) != 1 || facts[0].LastCheckin != "2026-11-23" || facts[0].Assignments[0].LastTaken != "2026-11-10" || facts[0].SignedNote {
		t.Fatalf("CaseloadFacts after a check-in and an answer = %+v, %v", facts, err)
	}
	if err := db.CreateSessionNote(ctx, &notes.Note{ID: "n9", ClinicID: "c1", PatientID: "p1", AuthorID: "t1", Date: "2026-11-20",
		DurationMinutes: 30, Body: notes.Body{VisitType: "initial"}}); err != nil {
		t.Fatal(err)
	}
	if err := db.SignSessionNote(ctx, "c1", "n9", "t1", time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	facts, err = db.CaseloadFacts(ctx, "c1", time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC))
	if err != nil || len(facts) != 1 {
		t.Fatalf("CaseloadFacts = %+v, %v; want the one patient (not the therapist)", facts, err)
	}
	f := facts[0]
	if f.PatientID != "p1" || f.Name != "p1" || f.TherapistID != "t1" || f.LatestAssessment != "a1" || len(f.Flags) != 1 ||
		f.Program == nil || f.Program.Version != 2 || f.Program.DaysAWeek != 5 || f.Program.ReassessOn != "2026-11-30" ||
		f.Program.Logged != 2 || len(f.Assignments) != 1 || f.Assignments[0].LastTaken != "2026-11-10" || !f.SignedNote {
		t.Fatalf("CaseloadFacts = %+v (program %+v)", f, f.Program)
	}
}
