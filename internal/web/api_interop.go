package web

// The interoperability routes of the JSON API: a person's record as a FHIR
// R4 Bundle (their own, or a clinic's patient), FHIR import into a clinic,
// what a clinic imported, and a clinic's research exports.

import (
	"context"
	"fmt"
	"net/http"

	"unknot/internal/app"
	"unknot/internal/domain"
	"unknot/internal/fhir"
	"unknot/internal/research"
)

// Interop is what the HTTP layer needs of app.Interop.
type Interop interface {
	FHIRForMe(ctx context.Context, actor domain.Actor) (*fhir.Bundle, error)
	FHIRForPatient(ctx context.Context, actor domain.Actor, clinicID, patientID string) (*fhir.Bundle, error)
	ImportFHIR(ctx context.Context, actor domain.Actor, clinicID string, data []byte) (*app.ImportReport, error)
	ImportedPatients(ctx context.Context, actor domain.Actor, clinicID string) ([]app.ImportedPatient, error)
	Research(ctx context.Context, actor domain.Actor, clinicID string, q app.ResearchQuery) (*research.Table, error)
}

// fhirJSON is FHIR's own media type for JSON resources.
const fhirJSON = "application/fhir+json"

func (s *Server) writeBundle(w http.ResponseWriter, r *http.Request, b *fhir.Bundle, name string) {
	private(w)
	if r.URL.Query().Get("download") == "1" {
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%s.fhir.json"`, name, s.now().UTC().Format("2006-01-02")))
	}
	s.writeBody(w, r, http.StatusOK, fhirJSON, b.Bundle)
}

// apiMyFHIR is GET /api/v1/me/fhir: the person's own record as a Bundle.
func (s *Server) apiMyFHIR(w http.ResponseWriter, r *http.Request) {
	b, err := s.Interop.FHIRForMe(r.Context(), actorOf(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeBundle(w, r, b, "unknot-record")
}

// apiPatientFHIR is GET /api/v1/clinics/{clinic}/patients/{patient}/fhir.
func (s *Server) apiPatientFHIR(w http.ResponseWriter, r *http.Request) {
	b, err := s.Interop.FHIRForPatient(r.Context(), actorOf(r), r.PathValue("clinic"), r.PathValue("patient"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeBundle(w, r, b, "unknot-patient")
}

// apiImportFHIR is POST /api/v1/clinics/{clinic}/fhir/import: a Bundle or
// NDJSON of Patients and Observations. 200 with each resource's fate,
// also when some are refused: the others are imported.
func (s *Server) apiImportFHIR(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rep, err := s.Interop.ImportFHIR(r.Context(), actorOf(r), r.PathValue("clinic"), body)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if rep.Results == nil {
		rep.Results = []app.ImportedResult{}
	}
	s.writeJSON(w, r, http.StatusOK, rep)
}

// apiImportedPatients is GET /api/v1/clinics/{clinic}/imported-patients.
func (s *Server) apiImportedPatients(w http.ResponseWriter, r *http.Request) {
	list, err := s.Interop.ImportedPatients(r.Context(), actorOf(r), r.PathValue("clinic"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	type obsJSON struct {
		ID        string  `json:"id"`
		SourceID  string  `json:"source_id"`
		System    string  `json:"system"`
		Code      string  `json:"code"`
		Display   string  `json:"display"`
		Value     float64 `json:"value"`
		Unit      string  `json:"unit"`
		Effective string  `json:"effective"`
	}
	type patientJSON struct {
		ID           string    `json:"id"`
		SourceID     string    `json:"source_id"`
		Name         string    `json:"name"`
		BirthDate    string    `json:"birth_date,omitempty"`
		Gender       string    `json:"gender,omitempty"`
		Observations []obsJSON `json:"observations"`
	}
	out := make([]patientJSON, 0, len(list))
	for _, p := range list {
		pj := patientJSON{ID: p.ID, SourceID: p.SourceID, Name: p.Name, BirthDate: p.BirthDate, Gender: p.Gender, Observations: []obsJSON{}}
		for _, o := range p.Observations {
			pj.Observations = append(pj.Observations, obsJSON{ID: o.ID, SourceID: o.SourceID, System: o.System, Code: o.Code,
				Display: o.Display, Value: o.Value, Unit: o.Unit, Effective: o.Effective})
		}
		out = append(out, pj)
	}
	private(w)
	s.writeJSON(w, r, http.StatusOK, map[string]any{"patients": out})
}

// apiResearch is GET /api/v1/clinics/{clinic}/research/{dataset}
// ?format=csv|ndjson&deidentified=true.
func (s *Server) apiResearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	format := q.Get("format")
	if format == "" {
		format = "csv"
	}
	if format != "csv" && format != "ndjson" {
		s.writeError(w, r, queryError("format", "must be csv or ndjson"))
		return
	}
	deid := q.Get("deidentified")
	if deid != "" && deid != "true" && deid != "false" {
		s.writeError(w, r, queryError("deidentified", "must be true or false"))
		return
	}
	dataset := r.PathValue("dataset")
	t, err := s.Interop.Research(r.Context(), actorOf(r), r.PathValue("clinic"), app.ResearchQuery{Dataset: dataset, Deidentified: deid == "true"})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	name := "unknot-" + dataset
	if deid == "true" {
		name += "-deidentified"
	}
	if format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.csv"`, name))
		w.WriteHeader(http.StatusOK)
		if err := t.WriteCSV(w); err != nil {
			s.Logger.WarnContext(r.Context(), "writing research CSV", "err", err)
		}
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.ndjson"`, name))
	w.WriteHeader(http.StatusOK)
	if err := t.WriteNDJSON(w, dataset); err != nil {
		s.Logger.WarnContext(r.Context(), "writing research NDJSON", "err", err)
	}
}

// queryError is a 422 naming the query parameter that could not be used.
func queryError(field, problem string) error {
	return &domain.Error{Code: domain.EInvalid, Message: "Please check the request.", Problems: []domain.Problem{{Field: field, Problem: problem}}}
}
