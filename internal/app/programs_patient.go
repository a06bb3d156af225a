package app

// The patient's side of a program: their own view of it, their log of the
// days they did it (adherence) and the education they read.

import (
	"context"
	"slices"
	"time"

	"unknot/internal/authz"
	"unknot/internal/clinical"
	"unknot/internal/diary"
	"unknot/internal/domain"
	"unknot/internal/program"
)

// MyProgram is the patient's own view of their program.
type MyProgram struct {
	Version   program.Version
	Today     string
	Sessions  []program.Session
	Adherence program.Adherence
}

// Mine returns the signed-in patient's current program; the read is audited.
func (s *Programs) Mine(ctx context.Context, actor domain.Actor) (v *MyProgram, err error) {
	if err := personOnly(actor); err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx ProgramStore) error {
		cur, today, err := s.current(ctx, tx, actor, authz.Read, authz.KindProgram)
		if err != nil {
			return err
		}
		week := diary.AddDays(today, -(program.AdherenceWindow - 1))
		sessions, err := tx.ListProgramSessions(ctx, cur.ClinicID, cur.PatientID, week)
		if err != nil {
			return err
		}
		done := 0
		for _, ss := range sessions {
			if ss.ProgramID == cur.ID && ss.Date <= today {
				done++
			}
		}
		v = &MyProgram{Version: *cur, Today: today, Sessions: sessions,
			Adherence: program.AdherenceOf(cur.StartsOn, today, cur.Program.DaysAWeek(), done)}
		return audit(ctx, tx, actor, "read", "program:"+cur.ID, cur.ClinicID, cur.PatientID)
	})
	return v, err
}

// current is the signed-in patient's current program, checked for what
// they do with it (act on kind), and their date.
func (s *Programs) current(ctx context.Context, tx ProgramStore, actor domain.Actor, act authz.Action, kind authz.Kind) (*program.Version, string, error) {
	cur, err := tx.LatestProgramOf(ctx, actor.UserID)
	if err != nil {
		return nil, "", err
	}
	if err := authz.Check(actor, act, authz.Resource{Kind: kind, OwnerID: cur.PatientID, ClinicID: cur.ClinicID}); err != nil {
		return nil, "", err
	}
	return cur, s.today(ctx, tx, cur), nil
}

// today is the patient's date, by the zone of their latest shared result.
func (s *Programs) today(ctx context.Context, tx ProgramStore, v *program.Version) string {
	loc := time.UTC
	if rec, err := latestShared(ctx, tx, v.ClinicID, v.PatientID); err == nil {
		if l, err := clinical.LoadLocation(rec.TZ); err == nil {
			loc = l
		}
	}
	return tx.Now().In(loc).Format(time.DateOnly)
}

// LogSession records that the signed-in patient did their program on a
// day (today when date is ""; at most a week back, never ahead), with the
// exercises done (all of them when done is empty).
func (s *Programs) LogSession(ctx context.Context, actor domain.Actor, date string, done []string) (ss *program.Session, err error) {
	if err := personOnly(actor); err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx ProgramStore) error {
		cur, today, err := s.current(ctx, tx, actor, authz.Write, authz.KindReport)
		if err != nil {
			return err
		}
		if date == "" {
			date = today
		}
		if _, err := time.Parse(time.DateOnly, date); err != nil {
			return invalid("date", "must be a date, YYYY-MM-DD")
		}
		if date > today || date < diary.AddDays(today, -(program.AdherenceWindow-1)) {
			return invalid("date", "must be today or in the last week")
		}
		in := map[string]bool{}
		for _, e := range cur.Program.Exercises {
			in[e.ExerciseID] = true
		}
		if len(done) == 0 {
			for _, e := range cur.Program.Exercises {
				done = append(done, e.ExerciseID)
			}
		}
		for _, d := range done {
			if !in[d] {
				return invalid("done", d+" is not in your program")
			}
		}
		ss = &program.Session{PatientID: actor.UserID, ProgramID: cur.ID, ClinicID: cur.ClinicID, Date: date, Done: done}
		if err := tx.PutProgramSession(ctx, ss); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "create", "program-session:"+cur.ID+":"+date, cur.ClinicID, cur.PatientID)
	})
	return ss, err
}

// personOnly: a patient's own program is theirs to see and log, signed in;
// not an integration's.
func personOnly(actor domain.Actor) error {
	if actor.Token != nil {
		return domain.Errorf(domain.EForbidden, "An API token cannot see or log a patient's own program.")
	}
	if actor.UserID == "" {
		return domain.Errorf(domain.EUnauthorized, "Please sign in to see your program.")
	}
	return nil
}

// MarkRead records that the signed-in patient opened an article their
// current program or a clinic's chart assigns; the chart shows when.
func (s *Programs) MarkRead(ctx context.Context, actor domain.Actor, articleID string) error {
	if err := personOnly(actor); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx ProgramStore) error {
		// The article is the current program's, or one a clinic assigned
		// from the chart: one record of reading for both.
		clinicID := ""
		cur, err := tx.LatestProgramOf(ctx, actor.UserID)
		switch {
		case err == nil && slices.Contains(cur.Program.Articles, articleID):
			clinicID = cur.ClinicID
		case err != nil && domain.ErrorCode(err) != domain.ENotFound:
			return err
		}
		if clinicID == "" {
			if clinicID, err = assignedBy(ctx, tx, actor.UserID, articleID); err != nil {
				return err
			}
		}
		if clinicID == "" {
			return domain.Errorf(domain.ENotFound, "That article is not one your clinic gave you to read.")
		}
		if err := authz.Check(actor, authz.Write, authz.Resource{Kind: authz.KindReport, OwnerID: actor.UserID, ClinicID: clinicID}); err != nil {
			return err
		}
		if err := tx.MarkArticleRead(ctx, actor.UserID, articleID); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "create", "education-read:"+articleID, clinicID, actor.UserID)
	})
}
