package fhir

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	m "github.com/samply/golang-fhir-models/fhir-models/fhir"

	"unknot/internal/notes"
	"unknot/internal/outcome"
	"unknot/internal/program"
)

// snomedInterventions are the SNOMED CT codes for the interventions that
// have one we have checked against published FHIR material; the others
// go as text only, since a wrong code is worse than none.
var snomedInterventions = map[string][2]string{
	notes.Education: {"311401005", "Patient education (procedure)"},
}

// assessments are each assessment as a QuestionnaireResponse (the
// contract's answers, flattened to dotted linkIds), the pain it reported,
// the self-care advice as a CarePlan, and a Provenance naming the
// protocol and version that produced it; one Questionnaire describes the
// form.
func (bd *builder) assessments(rec Record) {
	if len(rec.Assessments) == 0 {
		return
	}
	seen := map[string]m.QuestionnaireItemType{}
	for _, a := range rec.Assessments {
		items, pain, at := flattenInput(a.Input, seen)
		if at.IsZero() {
			at = a.CreatedAt
		}
		qr := m.QuestionnaireResponse{Id: ptr(a.ID), Questionnaire: ptr(AssessmentForm), Status: m.QuestionnaireResponseStatusCompleted,
			Subject: &bd.patient, Authored: ptr(instant(a.CreatedAt)), Author: &bd.patient, Item: items,
			Identifier: &m.Identifier{System: ptr(IdentifierSystem), Value: ptr(a.ID)}}
		bd.add("QuestionnaireResponse", a.ID, qr)
		qrRef := ref("QuestionnaireResponse", a.ID, "")
		targets := []m.Reference{qrRef}
		if pain != nil {
			bd.painObservation("pain-"+a.ID, *pain, at, &qrRef)
			targets = append(targets, ref("Observation", "pain-"+a.ID, ""))
		}
		cp := m.CarePlan{Id: ptr("plan-" + a.ID), Status: m.RequestStatusActive, Intent: m.CarePlanIntentPlan, Subject: bd.patient,
			Title: ptr("Self-care plan"), Description: ptr("Triage advice: " + a.Disposition + " (unknot does not diagnose)"),
			Created: ptr(instant(a.CreatedAt)), SupportingInfo: []m.Reference{qrRef}}
		bd.add("CarePlan", "plan-"+a.ID, cp)
		targets = append(targets, ref("CarePlan", "plan-"+a.ID, ""))
		bd.add("Provenance", "prov-"+a.ID, m.Provenance{Id: ptr("prov-" + a.ID), Target: targets, Recorded: instant(a.CreatedAt),
			Policy: []string{"urn:unknot:protocol:" + a.ProtocolID + ":" + a.ProtocolVersion},
			Agent:  []m.ProvenanceAgent{{Who: m.Reference{Display: ptr("unknot triage, protocol " + a.ProtocolID + " version " + a.ProtocolVersion)}}}})
	}
	q := m.Questionnaire{Id: ptr("assessment"), Url: ptr(AssessmentForm), Version: ptr("1"), Status: m.PublicationStatusActive,
		Title: ptr("unknot assessment (contract version 1)"), SubjectType: []m.ResourceType{m.ResourceTypePatient}}
	for _, k := range sortedKeys(seen) {
		q.Item = append(q.Item, m.QuestionnaireItem{LinkId: k, Text: ptr(k), Type: seen[k]})
	}
	bd.add("Questionnaire", "assessment", q)
}

// flattenInput turns the contract's JSON into items with dotted linkIds
// (pain.now, lump.size_cm), lists as repeated answers; it returns pain.now
// and the assessment's "at" when given.
func flattenInput(raw json.RawMessage, seen map[string]m.QuestionnaireItemType) (items []m.QuestionnaireResponseItem, pain *int, at time.Time) {
	var v map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(&v) != nil {
		return nil, nil, at
	}
	var walk func(prefix string, obj map[string]any)
	walk = func(prefix string, obj map[string]any) {
		for _, k := range sortedKeys(obj) {
			id := prefix + k
			var answers []m.QuestionnaireResponseItemAnswer
			typ := m.QuestionnaireItemTypeString
			switch x := obj[k].(type) {
			case map[string]any:
				walk(id+".", x)
				continue
			case []any:
				for _, e := range x {
					answers = append(answers, m.QuestionnaireResponseItemAnswer{ValueString: ptr(strings.Trim(jsonText(e), `"`))})
				}
			case bool:
				typ = m.QuestionnaireItemTypeBoolean
				answers = append(answers, m.QuestionnaireResponseItemAnswer{ValueBoolean: ptr(x)})
			case json.Number:
				if n, err := x.Int64(); err == nil {
					typ = m.QuestionnaireItemTypeInteger
					answers = append(answers, m.QuestionnaireResponseItemAnswer{ValueInteger: ptr(int(n))})
					if id == "pain.now" {
						pain = ptr(int(n))
					}
				} else {
					typ = m.QuestionnaireItemTypeDecimal
					answers = append(answers, m.QuestionnaireResponseItemAnswer{ValueDecimal: ptr(x)})
				}
			case string:
				answers = append(answers, m.QuestionnaireResponseItemAnswer{ValueString: ptr(x)})
				if id == "at" {
					at, _ = time.Parse(time.RFC3339, x)
				}
			default:
				continue
			}
			if _, ok := seen[id]; !ok || typ == m.QuestionnaireItemTypeDecimal {
				seen[id] = typ
			}
			if len(answers) > 0 {
				items = append(items, m.QuestionnaireResponseItem{LinkId: id, Answer: answers})
			}
		}
	}
	walk("", v)
	return items, pain, at
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// outcomes are each instrument answered: its Questionnaire, each response
// as a QuestionnaireResponse, and its score as an Observation under the
// instrument's code (LOINC where it has one, unknot's own otherwise).
func (bd *builder) outcomes(rec Record) {
	byID := map[string]outcome.Instrument{}
	for _, in := range rec.Instruments {
		byID[in.ID] = in
	}
	used := map[string]bool{}
	for _, o := range rec.Outcomes {
		url := "urn:unknot:questionnaire:" + o.Instrument
		qr := m.QuestionnaireResponse{Id: ptr(o.ID), Questionnaire: ptr(url), Status: m.QuestionnaireResponseStatusCompleted,
			Subject: &bd.patient, Authored: ptr(instant(o.TakenAt)), Author: &bd.patient}
		for _, a := range o.Answers {
			item := m.QuestionnaireResponseItem{LinkId: a.LinkID}
			if a.Text != "" {
				item.Answer = append(item.Answer, m.QuestionnaireResponseItemAnswer{ValueString: ptr(a.Text)})
			}
			if a.Value != nil {
				item.Answer = append(item.Answer, m.QuestionnaireResponseItemAnswer{ValueInteger: ptr(*a.Value)})
			}
			qr.Item = append(qr.Item, item)
		}
		bd.add("QuestionnaireResponse", o.ID, qr)
		used[o.Instrument] = true
		code := m.Coding{System: ptr(MeasureSystem), Code: ptr(o.Instrument), Display: ptr(o.Instrument + " score")}
		if in, ok := byID[o.Instrument]; ok && in.Code != nil {
			code = m.Coding{System: ptr(in.Code.System), Code: ptr(in.Code.Code), Display: ptr(in.Code.Display)}
		}
		qrRef := ref("QuestionnaireResponse", o.ID, "")
		bd.observation("score-"+o.ID, code, o.Score, "{score}", o.TakenAt, &qrRef)
	}
	for _, id := range sortedKeys(used) {
		in, ok := byID[id]
		q := m.Questionnaire{Id: ptr("instrument-" + id), Url: ptr("urn:unknot:questionnaire:" + id), Status: m.PublicationStatusActive,
			Title: ptr(id), SubjectType: []m.ResourceType{m.ResourceTypePatient}}
		if ok {
			q.Title, q.Version = ptr(in.Title), ptr(in.Version)
			if in.Terms != "" {
				q.Copyright = ptr(in.Terms)
			}
			for _, it := range in.Items {
				qi := m.QuestionnaireItem{LinkId: it.LinkID, Type: m.QuestionnaireItemTypeInteger}
				if it.Text != "" {
					qi.Text = ptr(it.Text)
				}
				q.Item = append(q.Item, qi)
			}
		}
		bd.add("Questionnaire", "instrument-"+id, q)
	}
}

// programs are each version of a therapist's program as a CarePlan: the
// current one active, the ones it replaced revoked.
func (bd *builder) programs(list []program.Version) {
	for _, v := range list {
		status := m.RequestStatusRevoked
		if v.Current {
			status = m.RequestStatusActive
		}
		cp := m.CarePlan{Id: ptr("program-" + v.ID), Status: status, Intent: m.CarePlanIntentPlan, Subject: bd.patient,
			Title: ptr("Exercise program, version " + itoa(v.Version)), Created: ptr(instant(v.CreatedAt)),
			Period: &m.Period{Start: ptr(v.StartsOn)}}
		if v.Program.Notes != "" {
			cp.Description = ptr(v.Program.Notes)
		}
		for _, e := range v.Program.Exercises {
			d := "exercise " + e.ExerciseID
			if e.Side != "" {
				d += ", " + e.Side
			}
			cp.Activity = append(cp.Activity, m.CarePlanActivity{Detail: &m.CarePlanActivityDetail{
				Code: &m.CodeableConcept{Text: ptr(e.ExerciseID)}, Status: m.CarePlanActivityStatusScheduled,
				Description: ptr(d + ", " + itoa(e.TimesADay) + " a day, " + itoa(e.DaysAWeek) + " days a week")}})
		}
		bd.add("CarePlan", "program-"+v.ID, cp)
	}
}

// notes are the interventions of each signed session note as Procedures,
// its trigger-point findings as Conditions the clinician recorded, and its
// pain before and after as Observations. Drafts stay out: they are not yet
// the clinician's record.
func (bd *builder) notes(list []notes.Note) {
	for _, n := range list {
		if !n.Signed() {
			continue
		}
		at := n.SignedAt.UTC()
		for i, iv := range n.Body.Interventions {
			code := &m.CodeableConcept{Text: ptr(label(iv.Kind))}
			if sc, ok := snomedInterventions[iv.Kind]; ok {
				code.Coding = []m.Coding{{System: ptr(SNOMED), Code: ptr(sc[0]), Display: ptr(sc[1])}}
			}
			id := "proc-" + n.ID + "-" + itoa(i)
			p := m.Procedure{Id: ptr(id), Status: m.EventStatusCompleted, Code: code, Subject: bd.patient, PerformedDateTime: ptr(n.Date)}
			if iv.Details != "" {
				p.Note = []m.Annotation{{Text: iv.Details}}
			}
			bd.add("Procedure", id, p)
		}
		for i, f := range n.Body.Findings {
			if !f.TriggerPoint {
				continue
			}
			id := "cond-" + n.ID + "-" + itoa(i)
			bd.add("Condition", id, m.Condition{Id: ptr(id), Subject: bd.patient, RecordedDate: ptr(instant(at)),
				ClinicalStatus: &m.CodeableConcept{Coding: []m.Coding{{System: ptr("http://terminology.hl7.org/CodeSystem/condition-clinical"), Code: ptr("active")}}},
				Code:           &m.CodeableConcept{Text: ptr("Myofascial trigger point, " + strings.ReplaceAll(f.Muscle, "_", " ") + ", " + f.Side)}})
		}
		if n.Body.PainBefore != nil {
			bd.painObservation("pain-"+n.ID+"-before", *n.Body.PainBefore, at, nil)
		}
		if n.Body.PainAfter != nil {
			bd.painObservation("pain-"+n.ID+"-after", *n.Body.PainAfter, at, nil)
		}
	}
}

func label(kind string) string {
	if l, ok := notes.InterventionLabels[kind]; ok {
		return l
	}
	return kind
}

func itoa(i int) string { return strconv.Itoa(i) }
