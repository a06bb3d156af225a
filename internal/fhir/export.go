// Package fhir maps unknot's records to FHIR R4 resources and back. It is
// pure: it takes records and a time and returns resources (or the facts
// read from them); it knows neither HTTP nor SQL. The resource types are
// the samply golang-fhir-models, generated from the official definitions,
// so no resource struct is typed by hand here.
package fhir

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	m "github.com/samply/golang-fhir-models/fhir-models/fhir"

	"unknot/internal/diary"
	"unknot/internal/domain"
	"unknot/internal/notes"
	"unknot/internal/outcome"
	"unknot/internal/program"
)

// Code systems and codes the export uses.
const (
	LOINC  = "http://loinc.org"
	SNOMED = "http://snomed.info/sct"
	// PainCode is LOINC's 0–10 numeric pain rating.
	PainCode = "72514-3"
	// PainDisplay is its long common name.
	PainDisplay = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
	// MeasureSystem names unknot's own measures where no standard code
	// exists (stiffness, interference with activity, instrument scores
	// without a code).
	MeasureSystem = "urn:unknot:measure"
	// IdentifierSystem is where an unknot id is unique.
	IdentifierSystem = "urn:unknot:id"
	// AssessmentForm is the canonical URL of the assessment's Questionnaire.
	AssessmentForm = "urn:unknot:questionnaire:assessment"
)

// Checkin is one diary day with the assessment it belongs to.
type Checkin struct {
	AssessmentID string
	diary.Entry
}

// Record is everything that goes into one person's Bundle.
type Record struct {
	Patient     domain.User
	Assessments []domain.Assessment
	Checkins    []Checkin
	Outcomes    []outcome.Response
	Programs    []program.Version
	Notes       []notes.Note
	// Instruments define the outcome forms answered, for their
	// Questionnaires and codes.
	Instruments []outcome.Instrument
}

// Bundle is a built Bundle and how many resources of each type it holds.
type Bundle struct {
	Bundle m.Bundle
	Counts map[string]int
}

type builder struct {
	base    string
	patient m.Reference
	b       Bundle
}

// Export builds the person's record as a FHIR R4 collection Bundle at
// now. base is the absolute URL entries' fullUrls start with (the
// server's, or a urn for the CLI), e.g. "https://unknot.example/fhir".
func Export(rec Record, base string, now time.Time) (Bundle, error) {
	bd := &builder{base: strings.TrimRight(base, "/"), b: Bundle{Counts: map[string]int{}}}
	bd.patient = ref("Patient", rec.Patient.ID, rec.Patient.Name)
	bd.b.Bundle = m.Bundle{Id: ptr("export-" + rec.Patient.ID), Type: m.BundleTypeCollection, Timestamp: ptr(instant(now))}
	bd.add("Patient", rec.Patient.ID, patientOf(rec.Patient))
	bd.assessments(rec)
	bd.checkins(rec.Checkins)
	bd.outcomes(rec)
	bd.programs(rec.Programs)
	bd.notes(rec.Notes)
	for _, e := range bd.b.Bundle.Entry {
		if e.Resource == nil {
			return Bundle{}, fmt.Errorf("fhir: an entry could not be encoded")
		}
	}
	return bd.b, nil
}

// add encodes r as the entry for Type/id.
func (bd *builder) add(typ, id string, r json.Marshaler) {
	raw, err := r.MarshalJSON()
	if err != nil {
		raw = nil
	}
	bd.b.Bundle.Entry = append(bd.b.Bundle.Entry, m.BundleEntry{FullUrl: ptr(bd.base + "/" + typ + "/" + id), Resource: raw})
	bd.b.Counts[typ]++
}

func patientOf(u domain.User) m.Patient {
	p := m.Patient{Id: ptr(u.ID), Active: ptr(true),
		Identifier: []m.Identifier{{System: ptr(IdentifierSystem), Value: ptr(u.ID)}}}
	if u.Name != "" {
		p.Name = []m.HumanName{{Text: ptr(u.Name)}}
		if parts := strings.Fields(u.Name); len(parts) > 1 {
			p.Name[0].Family = ptr(parts[len(parts)-1])
			p.Name[0].Given = parts[:len(parts)-1]
		}
	}
	if u.Email != "" {
		sys := m.ContactPointSystemEmail
		p.Telecom = []m.ContactPoint{{System: &sys, Value: ptr(u.Email)}}
	}
	return p
}

// painObservation is a 0–10 pain rating at a time.
func (bd *builder) painObservation(id string, value int, at time.Time, derivedFrom *m.Reference) {
	bd.observation(id, m.Coding{System: ptr(LOINC), Code: ptr(PainCode), Display: ptr(PainDisplay)}, float64(value), "{score}", at, derivedFrom)
}

func (bd *builder) observation(id string, code m.Coding, value float64, unit string, at time.Time, derivedFrom *m.Reference) {
	o := m.Observation{Id: ptr(id), Status: m.ObservationStatusFinal, Subject: &bd.patient,
		Category: []m.CodeableConcept{{Coding: []m.Coding{{System: ptr("http://terminology.hl7.org/CodeSystem/observation-category"),
			Code: ptr("survey"), Display: ptr("Survey")}}}},
		Code:              m.CodeableConcept{Coding: []m.Coding{code}, Text: code.Display},
		EffectiveDateTime: ptr(instant(at)),
		ValueQuantity: &m.Quantity{Value: number(value), Unit: ptr(unit),
			System: ptr("http://unitsofmeasure.org"), Code: ptr(unit)}}
	if derivedFrom != nil {
		o.DerivedFrom = []m.Reference{*derivedFrom}
	}
	bd.add("Observation", id, o)
}

// checkins are the diary's days: pain now and worst (LOINC 72514-3, the
// worst marked in its text), stiffness and interference (unknot's own).
func (bd *builder) checkins(list []Checkin) {
	for _, c := range list {
		at := c.RecordedAt
		key := c.AssessmentID + "-" + c.Date
		bd.painObservation("pain-"+key, c.PainNow, at, nil)
		bd.observation("stiff-"+key, m.Coding{System: ptr(MeasureSystem), Code: ptr("stiffness"), Display: ptr("Stiffness, 0-10")},
			float64(c.Stiffness), "{score}", at, nil)
		bd.observation("activ-"+key, m.Coding{System: ptr(MeasureSystem), Code: ptr("activity-interference"),
			Display: ptr("How much pain stopped normal activity, 0-10")}, float64(c.Activity), "{score}", at, nil)
	}
}

func ref(typ, id, display string) m.Reference {
	r := m.Reference{Reference: ptr(typ + "/" + id)}
	if display != "" {
		r.Display = ptr(display)
	}
	return r
}

func ptr[T any](v T) *T { return &v }

// instant is a FHIR dateTime with seconds and an offset, always UTC, so a
// round trip compares equal.
func instant(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func number(v float64) *json.Number {
	n := json.Number(strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.4f", v), "0"), "."))
	return &n
}

func sortedKeys[V any](mp map[string]V) []string {
	keys := make([]string, 0, len(mp))
	for k := range mp {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
