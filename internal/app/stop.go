package app

import (
	"context"

	"unknot/internal/authz"
	"unknot/internal/clinical"
	"unknot/internal/diary"
	"unknot/internal/domain"
	"unknot/internal/triage"
)

// A check stops at the first emergency answer. The wizard (and the daily
// check-in) send the answers given so far; the protocol in force runs on
// them as they are, with every question not yet answered taken as "no". The
// only question asked of such a partial input is "is this already an
// emergency?": answers still to come could only add reasons, and a partial
// input that is not an emergency stores nothing and changes nothing, so
// the full input is still triaged in full when it is sent. See hazard H-21
// in docs/safety/HAZARDS.md.

// Stopped is what a partial input leads to.
type Stopped struct {
	// Emergency is true when the answers so far already make the result an
	// emergency.
	Emergency bool
	// Result is the emergency result. Its ID is set when it was stored (the
	// answers so far were a valid input); it is empty when a required
	// answer (the age, a region) is still missing, and the caller shows the
	// result without a link.
	Result clinical.Result
}

// Stop triages the answers given so far. When they already make an
// emergency and form a valid input, the assessment is stored as Create
// stores it (one transaction, audited) so that the emergency page is the
// ordinary result page; otherwise nothing is stored.
func (s *Assessments) Stop(ctx context.Context, actor domain.Actor, in clinical.Input) (Stopped, error) {
	now := s.now()
	res := triage.Assess(in, s.protocol, triage.Options{Now: now, DefaultTZ: s.defaultTZ})
	if res.Disposition != clinical.Emergency {
		return Stopped{}, nil
	}
	out := Stopped{Emergency: true, Result: res}
	if clinical.ValidateAt(in, now) != nil {
		return out, nil
	}
	stored, err := s.Create(ctx, actor, in)
	if err != nil {
		if c := domain.ErrorCode(err); c == domain.EInvalid || c == domain.EMalformed {
			return out, nil
		}
		return out, err
	}
	if stored.Disposition != clinical.Emergency {
		// The same protocol on the same input: never expected. The stored
		// result is the one to show.
		return Stopped{Result: stored}, nil
	}
	out.Result = stored
	return out, nil
}

// StopCheckIn is Stop for a daily check-in not yet complete: the plan's
// input with the red flags said yes to so far, triaged by the protocol in
// force. An emergency is stored as a check-in's re-triage is (in the
// person's account, shared as the plan is); anything else stores nothing,
// and the check-in, when sent, is triaged in full by CheckIn.
func (s *Diary) StopCheckIn(ctx context.Context, actor domain.Actor, assessmentID string, redFlags []string) (out Stopped, err error) {
	defer domain.Wrap(&err, "StopCheckIn")
	err = s.inTx(ctx, func(tx DiaryStore) error {
		out = Stopped{}
		rec, err := access(ctx, tx, actor, authz.Write, authz.KindReport, "write", "diary", assessmentID)
		if err != nil {
			return err
		}
		if rec.OwnerID == "" {
			return domain.Errorf(domain.EConflict, "A diary needs an account: keep this result in your account first, then check in.")
		}
		now := tx.Now()
		d, err := s.days.load(rec, now)
		if err != nil {
			return err
		}
		in := diary.WithRedFlags(d.in, redFlags, now)
		res := triage.Assess(in, s.assessments.protocol, triage.Options{Now: now, DefaultTZ: s.assessments.defaultTZ})
		if res.Disposition != clinical.Emergency {
			return nil
		}
		if err := s.assessments.save(ctx, tx, actor, in, &res, rec.OwnerID, rec.ClinicID); err != nil {
			return err
		}
		out = Stopped{Emergency: true, Result: res}
		return nil
	})
	if err == nil && out.Emergency && s.assessments.onAssessed != nil {
		s.assessments.onAssessed(string(clinical.Emergency))
	}
	return out, err
}
