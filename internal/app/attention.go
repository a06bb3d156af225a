package app

import (
	"context"

	"unknot/internal/authz"
	"unknot/internal/diary"
	"unknot/internal/domain"
)

// ClinicFlags lists the flags recorded for a clinic's patients, newest
// first, for its staff and its tokens. Each listing is audited.
func (s *Clinics) ClinicFlags(ctx context.Context, actor domain.Actor, clinicID string) (list []domain.ClinicFlag, err error) {
	if err := authz.Check(actor, authz.Read, authz.Resource{Kind: authz.KindCaseload, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	err = s.audited(ctx, func(tx ClinicStore) error {
		if list, err = tx.ListClinicFlags(ctx, clinicID); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "read", "clinic-flags:"+clinicID, clinicID, "")
	})
	return list, err
}

// ResolveFlag marks a clinic flag dealt with, by the clinic's therapist or
// admin; it leaves the list of what needs attention.
func (s *Clinics) ResolveFlag(ctx context.Context, actor domain.Actor, clinicID, flagID string) error {
	if err := authz.Check(actor, authz.Write, authz.Resource{Kind: authz.KindCaseload, ClinicID: clinicID}); err != nil {
		return err
	}
	if !validID(flagID) {
		return domain.Errorf(domain.ENotFound, "No open flag with that id in this clinic.")
	}
	return s.inTx(ctx, func(tx ClinicStore) error {
		if err := tx.ResolveClinicFlag(ctx, clinicID, flagID); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "resolve", "flag:"+flagID, clinicID, "")
	})
}

// WorseningItem is one of a clinic's patients whose pain is getting worse.
type WorseningItem struct {
	UserID       string
	AssessmentID string
	Today        string
	Baseline     float64
	BaselineFrom string // diary.BaselineAssessment or diary.BaselineFirstDays
	Recent       float64
	RecentDays   int
	Change       float64
}

// Worsening lists the clinic's patients whose pain is meaningfully worse
// than at the start of their plan, by the same rule as each diary's trend,
// for its staff and its tokens. Each listing is audited.
func (s *Clinics) Worsening(ctx context.Context, actor domain.Actor, clinicID string) (out []WorseningItem, err error) {
	if err := authz.Check(actor, authz.Read, authz.Resource{Kind: authz.KindCaseload, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	err = s.audited(ctx, func(tx ClinicStore) error {
		rows, err := tx.Worsening(ctx, clinicID, tx.Now())
		if err != nil {
			return err
		}
		out = make([]WorseningItem, len(rows))
		for i, r := range rows {
			it := WorseningItem{UserID: r.UserID, AssessmentID: r.AssessmentID, Today: r.Today, RecentDays: r.RecentDays,
				Baseline: float64(r.BaseSum) / float64(r.BaseDays), Recent: float64(r.RecentSum) / float64(r.RecentDays),
				BaselineFrom: diary.BaselineFirstDays}
			if r.FromAssessment {
				it.BaselineFrom = diary.BaselineAssessment
			}
			it.Change = it.Recent - it.Baseline
			out[i] = it
		}
		return audit(ctx, tx, actor, "read", "worsening:"+clinicID, clinicID, "")
	})
	return out, err
}
