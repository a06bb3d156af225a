package app

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"unknot/internal/authz"
	"unknot/internal/diary"
	"unknot/internal/domain"
	"unknot/internal/outcome"
)

// Export is everything unknot holds about a person.
type Export struct {
	ExportedAt  time.Time           `json:"exported_at"`
	Account     ExportAccount       `json:"account"`
	Clinics     []ExportMembership  `json:"clinics"`
	Assessments []ExportAssessment  `json:"assessments"`
	Checkins    []ExportCheckin     `json:"checkins"`
	Outcomes    []ExportOutcome     `json:"outcomes"`
	Audit       []domain.AuditEntry `json:"audit"`
}

// ExportCheckin is one day of the diary, with the plan it belongs to.
type ExportCheckin struct {
	AssessmentID string `json:"assessment_id"`
	diary.Entry
}

// ExportOutcome is one completed questionnaire, with its answers and score.
type ExportOutcome struct {
	AssessmentID string           `json:"assessment_id"`
	Instrument   string           `json:"instrument"`
	Date         string           `json:"date"`
	TakenAt      time.Time        `json:"taken_at"`
	Answers      []outcome.Answer `json:"answers"`
	Score        float64          `json:"score"`
	Subscale     *int             `json:"subscale,omitempty"`
	Band         string           `json:"band,omitempty"`
}

// ExportAccount is the account part of an export.
type ExportAccount struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

// ExportMembership is one clinic the person belongs to.
type ExportMembership struct {
	ClinicID string      `json:"clinic_id"`
	Role     domain.Role `json:"role"`
}

// ExportAssessment is one stored assessment, input and result as given.
type ExportAssessment struct {
	ID              string          `json:"id"`
	CreatedAt       time.Time       `json:"created_at"`
	ProtocolID      string          `json:"protocol_id"`
	ProtocolVersion string          `json:"protocol_version"`
	ClinicID        string          `json:"clinic_id,omitempty"`
	Input           json.RawMessage `json:"input"`
	Result          json.RawMessage `json:"result"`
}

// ExportMyData gathers all of the actor's data for download.
func (s *Accounts) ExportMyData(ctx context.Context, actor domain.Actor) (out *Export, err error) {
	if err := authz.Check(actor, authz.Export, authz.Resource{Kind: authz.KindAccount, OwnerID: actor.UserID}); err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx AccountStore) error {
		u, err := tx.FindUserByID(ctx, actor.UserID)
		if err != nil {
			return err
		}
		out = &Export{ExportedAt: tx.Now(), Account: ExportAccount{ID: u.ID, Email: u.Email, Name: u.Name, CreatedAt: u.CreatedAt}}
		ms, err := tx.MembershipsOfUser(ctx, u.ID)
		if err != nil {
			return err
		}
		for _, m := range ms {
			out.Clinics = append(out.Clinics, ExportMembership{ClinicID: m.ClinicID, Role: m.Role})
		}
		list, err := tx.ListAssessments(ctx, domain.AssessmentFilter{OwnerID: u.ID, Limit: 1000})
		if err != nil {
			return err
		}
		for _, r := range list {
			out.Assessments = append(out.Assessments, ExportAssessment{ID: r.ID, CreatedAt: r.CreatedAt, ProtocolID: r.ProtocolID,
				ProtocolVersion: r.ProtocolVersion, ClinicID: r.ClinicID, Input: r.Input, Result: r.Result})
		}
		checkins, err := tx.ListCheckins(ctx, domain.CheckinFilter{UserID: u.ID})
		if err != nil {
			return err
		}
		for _, c := range checkins {
			out.Checkins = append(out.Checkins, ExportCheckin{AssessmentID: c.AssessmentID, Entry: c.Entry})
		}
		for _, r := range list {
			responses, err := tx.ListOutcomes(ctx, domain.OutcomeFilter{AssessmentID: r.ID})
			if err != nil {
				return err
			}
			for _, o := range responses {
				out.Outcomes = append(out.Outcomes, ExportOutcome{AssessmentID: o.AssessmentID, Instrument: o.Instrument, Date: o.Date,
					TakenAt: o.TakenAt, Answers: o.Answers, Score: o.Score, Subscale: o.Subscale, Band: o.Band})
			}
		}
		if out.Audit, err = tx.ListAudit(ctx, domain.AuditFilter{Actor: u.ID, Limit: 1000}); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "export", "account:"+u.ID, "", u.ID)
	})
	return out, err
}

// DeleteMyAccount removes the actor's account and all their health data for
// good. Audit entries stay, under a pseudonym that cannot be turned back
// into the person's id.
func (s *Accounts) DeleteMyAccount(ctx context.Context, actor domain.Actor) error {
	if err := authz.Check(actor, authz.Delete, authz.Resource{Kind: authz.KindAccount, OwnerID: actor.UserID}); err != nil {
		return err
	}
	// The entry is written first, so that deleting turns it into the
	// pseudonym with the rest; both commit together or not at all.
	return s.inTx(ctx, func(tx AccountStore) error {
		if err := audit(ctx, tx, domain.Actor{ID: actor.UserID, Address: actor.Address}, "delete", "account:"+actor.UserID, "", actor.UserID); err != nil {
			return err
		}
		return tx.DeleteUser(ctx, actor.UserID, pseudonym(actor.UserID))
	})
}

// pseudonym is a keyed hash with a random key made at deletion: the same
// person's entries share one pseudonym, and nobody can recompute it.
func pseudonym(userID string) string {
	mac := hmac.New(sha256.New, []byte(newSecret()))
	mac.Write([]byte(userID))
	return "deleted:" + hex.EncodeToString(mac.Sum(nil))[:16]
}
