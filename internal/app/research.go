package app

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"unknot/internal/authz"
	"unknot/internal/clinical"
	"unknot/internal/domain"
	"unknot/internal/research"
)

// ResearchQuery asks for one dataset of a clinic, de-identified or not.
type ResearchQuery struct {
	Dataset      string
	Deidentified bool
}

// Research is a clinic's research export of one dataset over all its
// patients: what they shared with the clinic. De-identified, it names
// nobody: pseudonyms and shifted dates (research.Deidentifier, a key
// made for this export alone), ages over 89 grouped, no names, emails or
// times of day. The export is audited, naming the dataset and the form.
func (s *Interop) Research(ctx context.Context, actor domain.Actor, clinicID string, q ResearchQuery) (t *research.Table, err error) {
	defer domain.Wrap(&err, "Research(%q, %q)", clinicID, q.Dataset)
	if err := authz.Check(actor, authz.Export, authz.Resource{Kind: authz.KindResearch, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	if !slices.Contains(research.Datasets, q.Dataset) {
		return nil, invalid("dataset", "must be one of "+strings.Join(research.Datasets, ", "))
	}
	de := research.NewDeidentifier([]byte(newSecret()))
	err = s.inTx(ctx, func(tx InteropStore) error {
		members, err := tx.MembersOfClinic(ctx, clinicID)
		if err != nil {
			return err
		}
		b := researchBuilder{de: de, deid: q.Deidentified, table: researchColumns(q)}
		for _, m := range members {
			if m.Role != domain.RolePatient {
				continue
			}
			if err := b.person(ctx, tx, clinicID, m, q.Dataset); err != nil {
				return err
			}
		}
		t = &b.table
		form := "identified"
		if q.Deidentified {
			form = "deidentified"
		}
		return audit(ctx, tx, actor, "export", "research:"+q.Dataset+":"+form, clinicID, "")
	})
	return t, err
}

func researchColumns(q ResearchQuery) research.Table {
	cols := map[string][]string{
		"assessments": {"assessment", "date", "age", "sex", "disposition", "protocol_id", "protocol_version", "pain_now", "pain_worst_24h", "regions"},
		"checkins":    {"assessment", "date", "pain_now", "pain_worst", "stiffness", "activity", "sleep_disturbed", "backfilled"},
		"outcomes":    {"assessment", "instrument", "date", "score", "subscale", "band"},
	}[q.Dataset]
	head := []string{"person"}
	if !q.Deidentified {
		head = append(head, "name", "email")
	}
	if !q.Deidentified && q.Dataset != "outcomes" {
		cols = append(cols, "recorded_at")
	}
	return research.Table{Columns: append(head, cols...)}
}

type researchBuilder struct {
	de    *research.Deidentifier
	deid  bool
	table research.Table
}

// who is the row's first columns: a pseudonym, or the person by name.
func (b *researchBuilder) who(m domain.Member) []any {
	if b.deid {
		return []any{b.de.Pseudonym("person", m.UserID)}
	}
	return []any{m.UserID, m.Name, m.Email}
}

func (b *researchBuilder) id(kind, id string) string {
	if b.deid {
		return b.de.Pseudonym(kind, id)
	}
	return id
}

func (b *researchBuilder) date(personID, date string) string {
	if b.deid {
		return b.de.Date(personID, date)
	}
	return date
}

func (b *researchBuilder) person(ctx context.Context, tx InteropStore, clinicID string, m domain.Member, dataset string) error {
	all, err := tx.ListAssessments(ctx, domain.AssessmentFilter{OwnerID: m.UserID, Limit: 10000})
	if err != nil {
		return err
	}
	shared := map[string]bool{}
	for _, a := range all {
		if a.ClinicID != clinicID {
			continue
		}
		shared[a.ID] = true
		if dataset == "assessments" {
			b.assessment(m, a)
		}
	}
	switch dataset {
	case "checkins":
		cs, err := tx.ListCheckins(ctx, domain.CheckinFilter{UserID: m.UserID})
		if err != nil {
			return err
		}
		for _, c := range cs {
			if !shared[c.AssessmentID] {
				continue
			}
			row := append(b.who(m), b.id("assessment", c.AssessmentID), b.date(m.UserID, c.Date), c.PainNow, c.PainWorst,
				c.Stiffness, c.Activity, c.SleepDisturbed, c.Backfilled)
			if !b.deid {
				row = append(row, c.RecordedAt.UTC().Format(time.RFC3339))
			}
			b.table.Rows = append(b.table.Rows, row)
		}
	case "outcomes":
		for _, a := range all {
			if !shared[a.ID] {
				continue
			}
			os, err := tx.ListOutcomes(ctx, domain.OutcomeFilter{AssessmentID: a.ID})
			if err != nil {
				return err
			}
			for _, o := range os {
				var sub any
				if o.Subscale != nil {
					sub = *o.Subscale
				}
				b.table.Rows = append(b.table.Rows, append(b.who(m), b.id("assessment", a.ID), o.Instrument,
					b.date(m.UserID, o.Date), o.Score, sub, o.Band))
			}
		}
	}
	return nil
}

// assessment is one row of the assessments table, from the contract's
// input as stored.
func (b *researchBuilder) assessment(m domain.Member, a domain.Assessment) {
	var in struct {
		At      *time.Time `json:"at"`
		Age     *int       `json:"age"`
		Sex     string     `json:"sex"`
		Regions []string   `json:"regions"`
		Pain    struct {
			Now   *int `json:"now"`
			Worst *int `json:"worst_24h"`
		} `json:"pain"`
	}
	_ = json.Unmarshal(a.Input, &in)
	at := a.CreatedAt
	if in.At != nil {
		at = *in.At
	}
	if loc, err := clinical.LoadLocation(a.TZ); err == nil {
		at = at.In(loc)
	}
	var age any
	if in.Age != nil {
		age = research.Age(*in.Age, b.deid)
	}
	row := append(b.who(m), b.id("assessment", a.ID), b.date(m.UserID, at.Format("2006-01-02")), age, in.Sex, a.Disposition,
		a.ProtocolID, a.ProtocolVersion, intOrNil(in.Pain.Now), intOrNil(in.Pain.Worst), strings.Join(in.Regions, ";"))
	if !b.deid {
		row = append(row, a.CreatedAt.UTC().Format(time.RFC3339))
	}
	b.table.Rows = append(b.table.Rows, row)
}

func intOrNil(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}
