package app

import (
	"context"
	"slices"
	"strings"
	"time"

	"unknot/internal/authz"
	"unknot/internal/clinical"
	"unknot/internal/domain"
	"unknot/internal/library"
	"unknot/internal/plan"
	"unknot/internal/program"
)

// ProgramStore is what the program use cases need of a database.
type ProgramStore interface {
	AssessmentStore
	FindMembership(ctx context.Context, clinicID, userID string) (*domain.Membership, error)
	ListAssessments(ctx context.Context, f domain.AssessmentFilter) ([]domain.Assessment, error)
	PutProgramVersion(ctx context.Context, v *program.Version) error
	LatestProgramOf(ctx context.Context, userID string) (*program.Version, error)
	ListProgramVersions(ctx context.Context, clinicID, userID string) ([]program.Version, error)
	PutProgramTemplate(ctx context.Context, t *program.Template) error
	ListProgramTemplates(ctx context.Context, clinicID string) ([]program.Template, error)
	PutProgramSession(ctx context.Context, s *program.Session) error
	ListProgramSessions(ctx context.Context, clinicID, userID, from string) ([]program.Session, error)
	SetTherapist(ctx context.Context, clinicID, userID, therapistID string) error
	MarkArticleRead(ctx context.Context, userID, articleID string) error
	AssignedArticles(ctx context.Context, clinicID, userID string) ([]domain.ArticleAssignment, error)
	ArticlesRead(ctx context.Context, userID string) (map[string]time.Time, error)
}

// Programs are the use cases of a therapist's exercise program: start one
// from a template, preview it as the patient sees it, assign it (a new
// version each time), and the patient's own view and log of it.
type Programs struct {
	unit[ProgramStore]
	library *library.Library
}

// TemplatePlan names the generated self-care plan as a program's template.
const TemplatePlan = "plan"

// patientOf checks, in tx, that userID is a patient of the clinic: a chart,
// a program or a note exists only for the clinic's own patients.
func patientOf(ctx context.Context, tx interface {
	FindMembership(ctx context.Context, clinicID, userID string) (*domain.Membership, error)
}, clinicID, userID string) error {
	if !validID(userID) {
		return domain.Errorf(domain.ENotFound, "No such patient in this clinic.")
	}
	m, err := tx.FindMembership(ctx, clinicID, userID)
	if err != nil {
		return err
	}
	if m.Role != domain.RolePatient {
		return domain.Errorf(domain.ENotFound, "No such patient in this clinic.")
	}
	return nil
}

// latestShared is the newest of the patient's results shared with the
// clinic: the plan a program starts from and is laid over.
func latestShared(ctx context.Context, tx interface {
	ListAssessments(ctx context.Context, f domain.AssessmentFilter) ([]domain.Assessment, error)
}, clinicID, userID string) (*domain.Assessment, error) {
	list, err := tx.ListAssessments(ctx, domain.AssessmentFilter{OwnerID: userID})
	if err != nil {
		return nil, err
	}
	var latest *domain.Assessment
	for i := range list {
		if a := &list[i]; a.ClinicID == clinicID && (latest == nil || a.CreatedAt.After(latest.CreatedAt)) {
			latest = a
		}
	}
	if latest == nil {
		return nil, domain.Errorf(domain.ENotFound, "This patient has shared no result with the clinic.")
	}
	return latest, nil
}

// generic builds a record's own self-care plan, without any program.
func (s *Programs) generic(rec *domain.Assessment) (plan.Plan, *time.Location, clinical.Input, error) {
	in, res, err := decodeAssessment(rec)
	if err != nil {
		return plan.Plan{}, nil, in, err
	}
	loc, err := clinical.LoadLocation(rec.TZ)
	if err != nil {
		loc = time.UTC
	}
	p, err := plan.Build(in, res, s.library, loc)
	if err != nil {
		if err = PlanError(err); domain.ErrorCode(err) != domain.EConflict {
			return plan.Plan{}, loc, in, err
		}
		// No self-care plan for this result (help first, or under 16):
		// a therapist who has seen the patient starts from nothing.
		return plan.Plan{AssessmentID: rec.ID, TZ: rec.TZ}, loc, in, nil
	}
	p.AssessmentID = rec.ID
	return p, loc, in, nil
}

// Draft is where the builder starts: the generated plan (TemplatePlan),
// one of the clinic's saved templates by id, or, with "", the current
// program if there is one and the generated plan otherwise.
func (s *Programs) Draft(ctx context.Context, actor domain.Actor, clinicID, patientID, template string) (p program.Program, err error) {
	defer domain.Wrap(&err, "ProgramDraft")
	if err := authz.Check(actor, authz.Write, authz.Resource{Kind: authz.KindProgram, OwnerID: patientID, ClinicID: clinicID}); err != nil {
		return p, err
	}
	err = s.inTx(ctx, func(tx ProgramStore) error {
		if err := patientOf(ctx, tx, clinicID, patientID); err != nil {
			return err
		}
		if template != "" && template != TemplatePlan {
			ts, err := tx.ListProgramTemplates(ctx, clinicID)
			if err != nil {
				return err
			}
			for _, t := range ts {
				if t.ID == template {
					p = t.Program
					return audit(ctx, tx, actor, "read", "program-template:"+t.ID, clinicID, patientID)
				}
			}
			return invalid("template", "is not one of the clinic's templates")
		}
		if template == "" {
			if cur, err := tx.CurrentProgram(ctx, clinicID, patientID); err == nil {
				p = cur.Program
				return audit(ctx, tx, actor, "read", "program:"+cur.ID, clinicID, patientID)
			} else if domain.ErrorCode(err) != domain.ENotFound {
				return err
			}
		}
		rec, err := latestShared(ctx, tx, clinicID, patientID)
		if err != nil {
			return err
		}
		gp, _, _, err := s.generic(rec)
		if err != nil {
			return err
		}
		p = program.FromPlan(gp)
		return audit(ctx, tx, actor, "read", "assessment:"+rec.ID, clinicID, patientID)
	})
	return p, err
}

// check refuses a program with problems, naming the fields.
func (s *Programs) check(p program.Program, in clinical.Input) error {
	probs := program.Check(p, s.library, program.Facts{Pregnant: slices.Contains(in.History, "pregnant")})
	if len(probs) == 0 {
		return nil
	}
	e := &domain.Error{Code: domain.EInvalid, Message: "Please check the program."}
	for _, pr := range probs {
		e.Problems = append(e.Problems, domain.Problem{Field: pr.Field, Problem: pr.Problem})
	}
	return e
}

// Preview lays a program over the patient's plan as they would see it from
// today, without assigning it.
func (s *Programs) Preview(ctx context.Context, actor domain.Actor, clinicID, patientID string, p program.Program) (out plan.Plan, err error) {
	defer domain.Wrap(&err, "ProgramPreview")
	if err := authz.Check(actor, authz.Write, authz.Resource{Kind: authz.KindProgram, OwnerID: patientID, ClinicID: clinicID}); err != nil {
		return out, err
	}
	err = s.inTx(ctx, func(tx ProgramStore) error {
		if err := patientOf(ctx, tx, clinicID, patientID); err != nil {
			return err
		}
		rec, err := latestShared(ctx, tx, clinicID, patientID)
		if err != nil {
			return err
		}
		gp, loc, in, err := s.generic(rec)
		if err != nil {
			return err
		}
		if err := s.check(p, in); err != nil {
			return err
		}
		out = program.Apply(gp, program.Version{StartsOn: tx.Now().In(loc).Format(time.DateOnly), Program: p}, s.library, loc)
		return audit(ctx, tx, actor, "read", "assessment:"+rec.ID, clinicID, patientID)
	})
	return out, err
}

// Assign makes p the patient's program from today: a new version, with
// who and when, which replaces the plan's exercises in the patient's view
// and calendar. The assigning therapist becomes the patient's therapist if
// they had none.
func (s *Programs) Assign(ctx context.Context, actor domain.Actor, clinicID, patientID string, p program.Program) (v *program.Version, err error) {
	defer domain.Wrap(&err, "AssignProgram")
	if err := authz.Check(actor, authz.Write, authz.Resource{Kind: authz.KindProgram, OwnerID: patientID, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx ProgramStore) error {
		if err := patientOf(ctx, tx, clinicID, patientID); err != nil {
			return err
		}
		rec, err := latestShared(ctx, tx, clinicID, patientID)
		if err != nil {
			return err
		}
		in, _, err := decodeAssessment(rec)
		if err != nil {
			return err
		}
		if err := s.check(p, in); err != nil {
			return err
		}
		loc, err := clinical.LoadLocation(rec.TZ)
		if err != nil {
			loc = time.UTC
		}
		v = &program.Version{ID: NewID(), ClinicID: clinicID, PatientID: patientID, Program: p,
			StartsOn: tx.Now().In(loc).Format(time.DateOnly), CreatedBy: actor.UserID, CreatedAt: tx.Now()}
		if err := tx.PutProgramVersion(ctx, v); err != nil {
			return err
		}
		if actor.RoleIn(clinicID) == domain.RoleTherapist {
			if err := tx.SetTherapist(ctx, clinicID, patientID, actor.UserID); err != nil {
				return err
			}
		}
		return audit(ctx, tx, actor, "create", "program:"+v.ID, clinicID, patientID)
	})
	return v, err
}

// Versions lists every version of the patient's program, newest first;
// the read is audited.
func (s *Programs) Versions(ctx context.Context, actor domain.Actor, clinicID, patientID string) (list []program.Version, err error) {
	if err := authz.Check(actor, authz.Read, authz.Resource{Kind: authz.KindProgram, OwnerID: patientID, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx ProgramStore) error {
		if err := patientOf(ctx, tx, clinicID, patientID); err != nil {
			return err
		}
		if list, err = tx.ListProgramVersions(ctx, clinicID, patientID); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "read", "programs:"+patientID, clinicID, patientID)
	})
	return list, err
}

// Templates lists the clinic's saved program templates.
func (s *Programs) Templates(ctx context.Context, actor domain.Actor, clinicID string) ([]program.Template, error) {
	if err := authz.Check(actor, authz.Read, authz.Resource{Kind: authz.KindCaseload, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	return s.store.ListProgramTemplates(ctx, clinicID)
}

// SaveTemplate keeps p as one of the clinic's templates under name.
func (s *Programs) SaveTemplate(ctx context.Context, actor domain.Actor, clinicID, name string, p program.Program) (t *program.Template, err error) {
	if err := authz.Check(actor, authz.Write, authz.Resource{Kind: authz.KindCaseload, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 200 {
		return nil, invalid("name", "is needed (at most 200 characters)")
	}
	if err := s.check(p, clinical.Input{}); err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx ProgramStore) error {
		t = &program.Template{ID: NewID(), ClinicID: clinicID, Name: name, Program: p, CreatedBy: actor.UserID, CreatedAt: tx.Now()}
		if err := tx.PutProgramTemplate(ctx, t); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "create", "program-template:"+t.ID, clinicID, "")
	})
	return t, err
}
