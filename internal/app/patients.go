package app

import (
	"cmp"
	"context"
	"time"

	"unknot/internal/authz"
	"unknot/internal/caseload"
	"unknot/internal/chart"
	"unknot/internal/diary"
	"unknot/internal/domain"
	"unknot/internal/library"
	"unknot/internal/notes"
	"unknot/internal/outcome"
	"unknot/internal/program"
)

// PatientStore is what the caseload and the chart need of a database.
type PatientStore interface {
	DiaryStore
	FindMembership(ctx context.Context, clinicID, userID string) (*domain.Membership, error)
	FindUserByID(ctx context.Context, id string) (*domain.User, error)
	MembersOfClinic(ctx context.Context, clinicID string) ([]domain.Member, error)
	ListAssessments(ctx context.Context, f domain.AssessmentFilter) ([]domain.Assessment, error)
	ListOutcomes(ctx context.Context, f domain.OutcomeFilter) ([]outcome.Response, error)
	ListAudit(ctx context.Context, f domain.AuditFilter) ([]domain.AuditEntry, error)
	CaseloadFacts(ctx context.Context, clinicID string, now time.Time) ([]caseload.Facts, error)
	CheckinGap(ctx context.Context, clinicID string) (int, error)
	SetCheckinGap(ctx context.Context, clinicID string, days int) error
	ListProgramVersions(ctx context.Context, clinicID, userID string) ([]program.Version, error)
	ListProgramSessions(ctx context.Context, clinicID, userID, from string) ([]program.Session, error)
	ListSessionNotes(ctx context.Context, clinicID, userID string) ([]notes.Note, error)
	PutQuestionnaireAssignment(ctx context.Context, a *domain.QuestionnaireAssignment) error
	ListQuestionnaireAssignments(ctx context.Context, clinicID, userID string) ([]domain.QuestionnaireAssignment, error)
	ArticlesRead(ctx context.Context, userID string) (map[string]time.Time, error)
	AssignArticles(ctx context.Context, clinicID, userID, by string, ids []string) error
	AssignedArticles(ctx context.Context, clinicID, userID string) ([]domain.ArticleAssignment, error)
}

// Patients are the use cases of a clinic's patients: the caseload ordered
// by need, a patient's chart, questionnaires assigned from it, and the
// clinic's "no check-in for N days".
type Patients struct {
	unit[PatientStore]
	diary       *Diary
	instruments *outcome.Set
	library     *library.Library
}

// CaseloadQuery filters the caseload: Mine keeps the actor's own patients,
// Reason one reason, Query a part of a name or email.
type CaseloadQuery struct {
	Mine   bool
	Reason caseload.Reason
	Query  string
}

// CaseloadView is the caseload and how it was judged.
type CaseloadView struct {
	Rows []caseload.Row
	// Total is the clinic's patients before the filter.
	Total int
	// GapDays is N in "no check-in for N days".
	GapDays int
}

// Caseload lists the clinic's patients ordered by need, each with why,
// for its staff and its tokens; the listing is audited.
func (s *Patients) Caseload(ctx context.Context, actor domain.Actor, clinicID string, q CaseloadQuery) (v *CaseloadView, err error) {
	defer domain.Wrap(&err, "Caseload(%q)", clinicID)
	if err := authz.Check(actor, authz.Read, authz.Resource{Kind: authz.KindCaseload, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	if q.Reason != "" && caseload.Rank(q.Reason) == len(caseload.Reasons) {
		return nil, invalid("reason", "must be one of red_flag, worse, due, low_adherence, no_checkin, new_intake")
	}
	if len(q.Query) > 200 {
		return nil, invalid("q", "is longer than 200 characters")
	}
	err = s.inTx(ctx, func(tx PatientStore) error {
		gap, err := tx.CheckinGap(ctx, clinicID)
		if err != nil {
			return err
		}
		facts, err := tx.CaseloadFacts(ctx, clinicID, tx.Now())
		if err != nil {
			return err
		}
		rows := caseload.Build(facts, tx.Now(), gap, s.instrumentName)
		f := caseload.Filter{Reason: q.Reason, Query: q.Query}
		if q.Mine {
			f.TherapistID = actor.UserID
		}
		v = &CaseloadView{Rows: f.Apply(rows), Total: len(rows), GapDays: gap}
		return audit(ctx, tx, actor, "read", "caseload:"+clinicID, clinicID, "")
	})
	return v, err
}

func (s *Patients) instrumentName(id string) string {
	if in, ok := s.instruments.Get(id); ok {
		return in.Title
	}
	return id
}

// SetCheckinGap sets the clinic's N in "no check-in for N days", by its admin.
func (s *Patients) SetCheckinGap(ctx context.Context, actor domain.Actor, clinicID string, days int) error {
	if err := authz.Check(actor, authz.Manage, authz.Resource{Kind: authz.KindClinic, ClinicID: clinicID}); err != nil {
		return err
	}
	if days < 1 || days > 60 {
		return invalid("checkin_gap_days", "must be from 1 to 60")
	}
	return s.inTx(ctx, func(tx PatientStore) error {
		if err := tx.SetCheckinGap(ctx, clinicID, days); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "update", "clinic-settings:"+clinicID, clinicID, "")
	})
}

// Chart is everything the clinic sees of one patient.
type Chart struct {
	Patient     domain.User
	Membership  domain.Membership
	Assessments []domain.Assessment
	// Diary is the latest shared plan's diary, its charts marked with the
	// clinic's sessions; nil when the patient has not checked in.
	Diary       *DiaryView
	Outcomes    []outcome.Response
	Programs    []program.Version
	Sessions    []program.Session
	Adherence   *program.Adherence
	Notes       []notes.Note
	Assigned    []domain.QuestionnaireAssignment
	Audit       []domain.AuditEntry
	Instruments []outcome.Instrument
	// StaffNames are the clinic's therapists and admins by id, for "who".
	StaffNames map[string]string
	// Read is when the patient read each article they marked read.
	Read map[string]time.Time
	// Education is what the clinic assigned from the chart, in order.
	Education []domain.ArticleAssignment
}

// Current is the current program version, or nil.
func (c *Chart) Current() *program.Version {
	if len(c.Programs) > 0 && c.Programs[0].Current {
		return &c.Programs[0]
	}
	return nil
}

// PatientChart returns a patient's chart for the clinic's staff and
// tokens, in one unit of work: the chart read, its current program and
// every note read are each in the audit log.
func (s *Patients) PatientChart(ctx context.Context, actor domain.Actor, clinicID, patientID string) (c *Chart, err error) {
	defer domain.Wrap(&err, "Chart")
	if err := authz.Check(actor, authz.Read, authz.Resource{Kind: authz.KindChart, OwnerID: patientID, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx PatientStore) error {
		if err := patientOf(ctx, tx, clinicID, patientID); err != nil {
			return err
		}
		m, err := tx.FindMembership(ctx, clinicID, patientID)
		if err != nil {
			return err
		}
		u, err := tx.FindUserByID(ctx, patientID)
		if err != nil {
			return err
		}
		c = &Chart{Patient: *u, Membership: *m, Instruments: s.instruments.All()}
		c.Patient.PasswordHash = ""
		all, err := tx.ListAssessments(ctx, domain.AssessmentFilter{OwnerID: patientID})
		if err != nil {
			return err
		}
		for _, a := range all {
			if a.ClinicID == clinicID {
				c.Assessments = append(c.Assessments, a)
			}
		}
		if c.Programs, err = tx.ListProgramVersions(ctx, clinicID, patientID); err != nil {
			return err
		}
		if c.Sessions, err = tx.ListProgramSessions(ctx, clinicID, patientID, ""); err != nil {
			return err
		}
		if c.Notes, err = tx.ListSessionNotes(ctx, clinicID, patientID); err != nil {
			return err
		}
		if c.Assigned, err = tx.ListQuestionnaireAssignments(ctx, clinicID, patientID); err != nil {
			return err
		}
		if c.Read, err = tx.ArticlesRead(ctx, patientID); err != nil {
			return err
		}
		if c.Education, err = tx.AssignedArticles(ctx, clinicID, patientID); err != nil {
			return err
		}
		if err := audit(ctx, tx, actor, "read", "chart:"+patientID, clinicID, patientID); err != nil {
			return err
		}
		if cur := c.Current(); cur != nil {
			if err := audit(ctx, tx, actor, "read", "program:"+cur.ID, clinicID, patientID); err != nil {
				return err
			}
		}
		if err := auditNotes(ctx, tx, actor, clinicID, patientID, c.Notes); err != nil {
			return err
		}
		var markers []chart.Marker
		for _, n := range c.Notes {
			if n.Signed() {
				markers = append(markers, chart.Marker{Date: n.Date, Label: "Session", Kind: chart.Session})
			}
		}
		if latest := s.diaryOf(ctx, tx, patientID, c.Assessments); latest != nil {
			dv, err := s.diary.view(ctx, tx, actor, latest.ID, markers)
			if err != nil {
				return err
			}
			if len(dv.Entries) > 0 {
				c.Diary = dv
			}
			if c.Outcomes, err = tx.ListOutcomes(ctx, domain.OutcomeFilter{AssessmentID: latest.ID}); err != nil {
				return err
			}
			if cur := c.Current(); cur != nil {
				week := diary.AddDays(dv.Today, -(program.AdherenceWindow - 1))
				done := 0
				for _, ss := range c.Sessions {
					if ss.ProgramID == cur.ID && ss.Date >= week && ss.Date <= dv.Today {
						done++
					}
				}
				a := program.AdherenceOf(cur.StartsOn, dv.Today, cur.Program.DaysAWeek(), done)
				c.Adherence = &a
			}
		}
		members, err := tx.MembersOfClinic(ctx, clinicID)
		if err != nil {
			return err
		}
		c.StaffNames = map[string]string{}
		for _, m := range members {
			if m.Role != domain.RolePatient {
				c.StaffNames[m.UserID] = cmp.Or(m.Name, m.Email)
			}
		}
		c.Audit, err = tx.ListAudit(ctx, domain.AuditFilter{ClinicID: clinicID, Subject: patientID, Limit: 50})
		return err
	})
	return c, err
}

// diaryOf is the result whose diary the chart draws: the one the latest
// check-in belongs to (a re-triage makes a new result, the diary goes on
// where it was), else the newest.
func (s *Patients) diaryOf(ctx context.Context, tx PatientStore, patientID string, list []domain.Assessment) *domain.Assessment {
	if cs, err := tx.ListCheckins(ctx, domain.CheckinFilter{UserID: patientID}); err == nil && len(cs) > 0 {
		last := cs[len(cs)-1].AssessmentID
		for i := range list {
			if list[i].ID == last {
				return &list[i]
			}
		}
	}
	return latestOf(list)
}

func latestOf(list []domain.Assessment) *domain.Assessment {
	var latest *domain.Assessment
	for i := range list {
		if latest == nil || list[i].CreatedAt.After(latest.CreatedAt) {
			latest = &list[i]
		}
	}
	return latest
}

// AssignQuestionnaire assigns an instrument to a patient from the chart,
// due every everyDays from startsOn (today when "").
func (s *Patients) AssignQuestionnaire(ctx context.Context, actor domain.Actor, clinicID, patientID, instrument string, everyDays int, startsOn string) (a *domain.QuestionnaireAssignment, err error) {
	if err := authz.Check(actor, authz.Write, authz.Resource{Kind: authz.KindChart, OwnerID: patientID, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	if _, ok := s.instruments.Get(instrument); !ok {
		return nil, invalid("instrument", "is not a known instrument")
	}
	if everyDays < 1 || everyDays > 365 {
		return nil, invalid("every_days", "must be from 1 to 365")
	}
	if startsOn != "" {
		if _, err := time.Parse(time.DateOnly, startsOn); err != nil {
			return nil, invalid("starts_on", "must be a date, YYYY-MM-DD")
		}
	}
	err = s.inTx(ctx, func(tx PatientStore) error {
		if err := patientOf(ctx, tx, clinicID, patientID); err != nil {
			return err
		}
		if startsOn == "" {
			startsOn = tx.Now().Format(time.DateOnly)
		}
		a = &domain.QuestionnaireAssignment{ClinicID: clinicID, UserID: patientID, Instrument: instrument, EveryDays: everyDays,
			StartsOn: startsOn, AssignedBy: actor.UserID, AssignedAt: tx.Now()}
		if err := tx.PutQuestionnaireAssignment(ctx, a); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "assign", "questionnaire:"+instrument, clinicID, patientID)
	})
	return a, err
}

// FlagReasons re-exports diary's flag reasons for pages that word them.
var FlagReasons = []diary.FlagReason{diary.FlagRedFlag, diary.FlagWorse, diary.FlagNoBetter}
