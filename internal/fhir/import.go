package fhir

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"

	m "github.com/samply/golang-fhir-models/fhir-models/fhir"
)

// MaxImportResources bounds one import, so a single request cannot hold
// the writer for long.
const MaxImportResources = 5000

// Resource is one resource found in an import, named for messages by its
// type and id ("Observation/f202") or its place ("line 3").
type Resource struct {
	Name string
	Type string
	// Source is the id the resource is known by in its system: its id, or
	// the Bundle entry's fullUrl when it has none.
	Source string
	Raw    json.RawMessage
}

// Split reads an import: a Bundle (its entries), one resource, or NDJSON
// (one resource a line). It fails only when the input is neither; a resource it cannot
// read is returned with an empty Type for the caller to refuse.
func Split(data []byte) ([]Resource, error) {
	data = bytes.TrimSpace(data)
	var head struct {
		ResourceType string `json:"resourceType"`
		Entry        []struct {
			FullURL  string          `json:"fullUrl"`
			Resource json.RawMessage `json:"resource"`
		} `json:"entry"`
	}
	if json.Unmarshal(data, &head) == nil && head.ResourceType == "Bundle" {
		out := make([]Resource, 0, len(head.Entry))
		for i, e := range head.Entry {
			out = append(out, named(e.Resource, e.FullURL, fmt.Sprintf("entry %d", i+1)))
		}
		return limit(out)
	}
	if json.Valid(data) && len(data) > 0 && data[0] == '{' {
		// One resource on its own, however it is laid out.
		return []Resource{named(data, "", "the resource")}, nil
	}
	var out []Resource
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 8<<20)
	line := 0
	for sc.Scan() {
		line++
		if t := bytes.TrimSpace(sc.Bytes()); len(t) > 0 {
			out = append(out, named(append(json.RawMessage(nil), t...), "", fmt.Sprintf("line %d", line)))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading NDJSON: %w", err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("neither a Bundle nor NDJSON with a resource on a line")
	}
	return limit(out)
}

// ErrTooMany is an import over MaxImportResources.
var ErrTooMany = fmt.Errorf("more than %d resources in one import", MaxImportResources)

func limit(out []Resource) ([]Resource, error) {
	if len(out) > MaxImportResources {
		return nil, ErrTooMany
	}
	return out, nil
}

func named(raw json.RawMessage, fullURL, place string) Resource {
	var h struct {
		ResourceType string `json:"resourceType"`
		ID           string `json:"id"`
	}
	r := Resource{Name: place, Raw: raw}
	if json.Unmarshal(raw, &h) != nil {
		return r
	}
	r.Type, r.Source = h.ResourceType, h.ID
	if r.Source == "" {
		r.Source = fullURL
	}
	if h.ResourceType != "" && h.ID != "" {
		r.Name = h.ResourceType + "/" + h.ID
	} else if h.ResourceType != "" {
		r.Name = h.ResourceType + " at " + place
	}
	return r
}

// ImportedPatient is a Patient a clinic brought in from another system.
type ImportedPatient struct {
	ID         string
	ClinicID   string
	SourceID   string
	Name       string
	BirthDate  string
	Gender     string
	Resource   json.RawMessage
	ImportedBy string
	ImportedAt time.Time
}

// ImportedObservation is a numeric Observation of an imported Patient,
// with its value, code and time exactly as given.
type ImportedObservation struct {
	ID        string
	ClinicID  string
	PatientID string
	// PatientSource is the subject's id in the source system.
	PatientSource string
	SourceID      string
	System        string
	Code          string
	Display       string
	Value         float64
	Unit          string
	// Effective is the FHIR dateTime as given (its precision the source's).
	Effective  string
	Resource   json.RawMessage
	ImportedAt time.Time
}

var (
	fhirDate     = regexp.MustCompile(`^([0-9]{4})(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$`)
	fhirDateTime = regexp.MustCompile(`^([0-9]{4})(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?$`)
)

// ReadPatient checks a Patient and reads what unknot keeps of it; the
// error says why it is refused.
func ReadPatient(r Resource) (ImportedPatient, error) {
	var p m.Patient
	if err := json.Unmarshal(r.Raw, &p); err != nil {
		return ImportedPatient{}, fmt.Errorf("not a readable Patient: %v", err)
	}
	if r.Source == "" {
		return ImportedPatient{}, fmt.Errorf("has no id: the source's id is needed to link its Observations and to import it once")
	}
	name := ""
	for _, n := range p.Name {
		if n.Text != nil && strings.TrimSpace(*n.Text) != "" {
			name = strings.TrimSpace(*n.Text)
		} else {
			parts := append([]string{}, n.Given...)
			if n.Family != nil {
				parts = append(parts, *n.Family)
			}
			name = strings.TrimSpace(strings.Join(parts, " "))
		}
		if name != "" {
			break
		}
	}
	if name == "" {
		return ImportedPatient{}, fmt.Errorf("has no name: a clinic cannot tell who an unnamed patient is")
	}
	out := ImportedPatient{SourceID: r.Source, Name: name, Resource: r.Raw}
	if p.BirthDate != nil {
		if !fhirDate.MatchString(*p.BirthDate) {
			return ImportedPatient{}, fmt.Errorf("birthDate %q is not a FHIR date", *p.BirthDate)
		}
		out.BirthDate = *p.BirthDate
	}
	if p.Gender != nil {
		out.Gender = p.Gender.Code()
	}
	return out, nil
}

// ReadObservation checks an Observation and reads its value, code, time
// and subject; the error says why it is refused. Only a single numeric
// value is taken: components, text and coded values have no place in
// unknot's measures yet, and importing half of one would mislead.
func ReadObservation(r Resource) (ImportedObservation, error) {
	var o m.Observation
	if err := json.Unmarshal(r.Raw, &o); err != nil {
		return ImportedObservation{}, fmt.Errorf("not a readable Observation: %v", err)
	}
	if r.Source == "" {
		return ImportedObservation{}, fmt.Errorf("has no id: the source's id is needed to import it once")
	}
	switch o.Status {
	case m.ObservationStatusFinal, m.ObservationStatusAmended, m.ObservationStatusCorrected, m.ObservationStatusPreliminary:
	default:
		return ImportedObservation{}, fmt.Errorf("status %q: only final, amended, corrected or preliminary results are imported", o.Status.Code())
	}
	out := ImportedObservation{SourceID: r.Source, Resource: r.Raw}
	for _, c := range o.Code.Coding {
		if c.System != nil && c.Code != nil && *c.System != "" && *c.Code != "" {
			out.System, out.Code = *c.System, *c.Code
			if c.Display != nil {
				out.Display = *c.Display
			}
			break
		}
	}
	if out.Code == "" {
		return ImportedObservation{}, fmt.Errorf("code has no coding with a system and a code")
	}
	switch {
	case o.ValueQuantity != nil && o.ValueQuantity.Value != nil:
		v, err := o.ValueQuantity.Value.Float64()
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			return ImportedObservation{}, fmt.Errorf("valueQuantity.value %q is not a number", o.ValueQuantity.Value.String())
		}
		out.Value = v
		switch {
		case o.ValueQuantity.Code != nil:
			out.Unit = *o.ValueQuantity.Code
		case o.ValueQuantity.Unit != nil:
			out.Unit = *o.ValueQuantity.Unit
		}
	case o.ValueInteger != nil:
		out.Value = float64(*o.ValueInteger)
	default:
		return ImportedObservation{}, fmt.Errorf("has no numeric value (valueQuantity or valueInteger): components and coded values are not imported")
	}
	switch {
	case o.EffectiveDateTime != nil:
		out.Effective = *o.EffectiveDateTime
	case o.EffectiveInstant != nil:
		out.Effective = *o.EffectiveInstant
	case o.EffectivePeriod != nil && o.EffectivePeriod.Start != nil:
		out.Effective = *o.EffectivePeriod.Start
	default:
		return ImportedObservation{}, fmt.Errorf("has no effective time: a measure without a time cannot be charted or compared")
	}
	if !fhirDateTime.MatchString(out.Effective) {
		return ImportedObservation{}, fmt.Errorf("effective time %q is not a FHIR dateTime", out.Effective)
	}
	if o.Subject == nil || o.Subject.Reference == nil || *o.Subject.Reference == "" {
		return ImportedObservation{}, fmt.Errorf("has no subject: whose measure it is must be said")
	}
	ref := *o.Subject.Reference
	if i := strings.LastIndex(ref, "Patient/"); i >= 0 {
		out.PatientSource = ref[i+len("Patient/"):]
	} else if strings.HasPrefix(ref, "urn:") {
		out.PatientSource = ref
	} else {
		return ImportedObservation{}, fmt.Errorf("subject %q is not a Patient", ref)
	}
	return out, nil
}
