package app

// Education assigned from the chart: a therapist assigns articles (in
// order, a sequence) to a patient; the patient sees them in "Today";
// opening one records when, in the same record of reading a program's
// articles use (education_reads), so the chart shows both alike.

import (
	"context"
	"slices"
	"time"

	"unknot/internal/authz"
	"unknot/internal/domain"
)

// Reading is an article assigned to the signed-in patient and when they
// opened it (nil: not yet).
type Reading struct {
	ClinicID  string
	ArticleID string
	ReadAt    *time.Time
}

// AssignArticles assigns articles to a patient from the chart, in the
// order given, by the clinic's therapists and admins.
func (s *Patients) AssignArticles(ctx context.Context, actor domain.Actor, clinicID, patientID string, ids []string) (list []domain.ArticleAssignment, err error) {
	defer domain.Wrap(&err, "AssignArticles")
	if err := authz.Check(actor, authz.Write, authz.Resource{Kind: authz.KindChart, OwnerID: patientID, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, invalid("articles", "is empty: choose at least one article")
	}
	if len(ids) > 50 {
		return nil, invalid("articles", "has more than 50 articles")
	}
	seen := map[string]bool{}
	var clean []string
	for _, id := range ids {
		if _, ok := s.library.Article(id); !ok {
			return nil, invalid("articles", id+" is not an article in the library")
		}
		if !seen[id] {
			seen[id] = true
			clean = append(clean, id)
		}
	}
	err = s.inTx(ctx, func(tx PatientStore) error {
		if err := patientOf(ctx, tx, clinicID, patientID); err != nil {
			return err
		}
		if err := tx.AssignArticles(ctx, clinicID, patientID, actor.UserID, clean); err != nil {
			return err
		}
		if list, err = tx.AssignedArticles(ctx, clinicID, patientID); err != nil {
			return err
		}
		for _, id := range clean {
			if err := audit(ctx, tx, actor, "assign", "education:"+id, clinicID, patientID); err != nil {
				return err
			}
		}
		return nil
	})
	return list, err
}

// MyReading lists the articles assigned to the signed-in person from
// their charts, in order, with when each was opened; audited.
func (s *Programs) MyReading(ctx context.Context, actor domain.Actor) (list []Reading, err error) {
	if err := personOnly(actor); err != nil {
		return nil, err
	}
	err = s.audited(ctx, func(tx ProgramStore) error {
		as, err := tx.AssignedArticles(ctx, "", actor.UserID)
		if err != nil || len(as) == 0 {
			return err
		}
		read, err := tx.ArticlesRead(ctx, actor.UserID)
		if err != nil {
			return err
		}
		for _, a := range as {
			if m, err := tx.FindMembership(ctx, a.ClinicID, actor.UserID); err != nil || m.Role != domain.RolePatient {
				continue // a clinic left behind
			}
			r := Reading{ClinicID: a.ClinicID, ArticleID: a.ArticleID}
			if at, ok := read[a.ArticleID]; ok {
				r.ReadAt = &at
			}
			list = append(list, r)
		}
		return audit(ctx, tx, actor, "read", "education:"+actor.UserID, "", actor.UserID)
	})
	return list, err
}

// assignedBy returns the clinic that assigned articleID to userID
// directly, "" when none (while they are its patient).
func assignedBy(ctx context.Context, tx ProgramStore, userID, articleID string) (string, error) {
	as, err := tx.AssignedArticles(ctx, "", userID)
	if err != nil {
		return "", err
	}
	i := slices.IndexFunc(as, func(a domain.ArticleAssignment) bool { return a.ArticleID == articleID })
	if i < 0 {
		return "", nil
	}
	if m, err := tx.FindMembership(ctx, as[i].ClinicID, userID); err != nil || m.Role != domain.RolePatient {
		return "", nil
	}
	return as[i].ClinicID, nil
}
