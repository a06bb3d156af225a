package app

import (
	"context"
	"slices"

	"unknot/internal/authz"
	"unknot/internal/domain"
)

// The thread from a result to an account and a clinic: a person who joined
// a clinic (by signing up with its code) shares a result with it in one
// tap, without typing the code again.

// MyClinics lists the clinics the person is a patient of, by name, for
// the result page's "Share with …" buttons.
func (s *Assessments) MyClinics(ctx context.Context, actor domain.Actor) ([]domain.Clinic, error) {
	if actor.UserID == "" || actor.Token != nil {
		return nil, nil
	}
	var out []domain.Clinic
	for _, m := range actor.Memberships {
		if m.Role == domain.RolePatient {
			out = append(out, domain.Clinic{ID: m.ClinicID})
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	names, err := s.store.ClinicNames(ctx, actor.UserID)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Name = names[out[i].ID]
	}
	slices.SortFunc(out, func(a, b domain.Clinic) int {
		if a.Name < b.Name {
			return -1
		}
		return 1
	})
	return out, nil
}

// ShareWithClinic shares a result with a clinic the person is already a
// patient of. Like Share, an anonymous result is claimed first and a
// record one clinic made is never moved to another.
func (s *Assessments) ShareWithClinic(ctx context.Context, actor domain.Actor, id, clinicID string) error {
	if actor.UserID == "" || actor.Token != nil {
		return domain.Errorf(domain.EUnauthorized, "Please sign in first.")
	}
	if actor.RoleIn(clinicID) != domain.RolePatient {
		return invalid("clinic", "is not a clinic you are a patient of")
	}
	return s.inTx(ctx, func(tx AssessmentStore) error {
		rec, err := access(ctx, tx, actor, authz.Share, authz.KindHealth, string(authz.Share), "assessment", id)
		if err != nil {
			return err
		}
		if rec.ClinicID != "" && rec.ClinicID != clinicID {
			return &domain.Error{Code: domain.EConflict, Message: "This result is already shared with a clinic."}
		}
		if rec.OwnerID == "" {
			if err := tx.SetAssessmentOwner(ctx, id, actor.UserID); err != nil {
				return err
			}
		}
		if err := tx.SetAssessmentClinic(ctx, id, clinicID); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "share", "assessment:"+id, clinicID, actor.UserID)
	})
}
