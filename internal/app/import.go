package app

import (
	"context"
	"errors"
	"fmt"

	"unknot/internal/authz"
	"unknot/internal/domain"
	"unknot/internal/fhir"
)

// ImportStore is what the FHIR import needs of a database.
type ImportStore interface {
	PutImportedPatient(ctx context.Context, p *fhir.ImportedPatient) error
	FindImportedPatient(ctx context.Context, clinicID, sourceID string) (*fhir.ImportedPatient, error)
	ListImportedPatients(ctx context.Context, clinicID string) ([]fhir.ImportedPatient, error)
	PutImportedObservation(ctx context.Context, o *fhir.ImportedObservation) error
	ListImportedObservations(ctx context.Context, clinicID, patientID string) ([]fhir.ImportedObservation, error)
}

// ImportReport says what became of each resource of an import.
type ImportReport struct {
	Imported int              `json:"imported"`
	Refused  int              `json:"refused"`
	Results  []ImportedResult `json:"results"`
}

// ImportedResult is one resource's fate: imported with its new id, or
// refused with the reason.
type ImportedResult struct {
	Resource string `json:"resource"`
	Imported bool   `json:"imported"`
	ID       string `json:"id,omitempty"`
	Reason   string `json:"reason,omitempty"`
}

// ImportFHIR brings a clinic's Patients and Observations in from a Bundle
// or NDJSON. Each resource is checked and written in a transaction of its
// own with its audit entry, Patients first so that Observations can name
// them; a refused resource is reported with its reason and leaves nothing
// behind, and the others still import.
func (s *Interop) ImportFHIR(ctx context.Context, actor domain.Actor, clinicID string, data []byte) (rep *ImportReport, err error) {
	defer domain.Wrap(&err, "ImportFHIR(%q)", clinicID)
	if err := authz.Check(actor, authz.Write, authz.Resource{Kind: authz.KindImport, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	list, err := fhir.Split(data)
	if errors.Is(err, fhir.ErrTooMany) {
		return nil, invalid("body", err.Error()+": split it into several")
	}
	if err != nil {
		return nil, domain.Errorf(domain.EMalformed, "The import could not be read: %v.", err)
	}
	rep = &ImportReport{Results: make([]ImportedResult, len(list))}
	// Patients before Observations, each result kept in the input's order.
	for _, pass := range []string{"Patient", "Observation"} {
		for i, r := range list {
			switch {
			case r.Type != "Patient" && r.Type != "Observation":
				if pass == "Patient" {
					rep.Results[i] = ImportedResult{Resource: r.Name, Reason: refusedType(r)}
				}
				continue
			case r.Type != pass:
				continue
			}
			id, err := s.importOne(ctx, actor, clinicID, r)
			rep.Results[i] = ImportedResult{Resource: r.Name, Imported: err == nil, ID: id}
			if err != nil {
				if domain.ErrorCode(err) == domain.EInternal {
					return nil, err
				}
				rep.Results[i].Reason = domain.ErrorMessage(err)
			}
		}
	}
	for _, r := range rep.Results {
		if r.Imported {
			rep.Imported++
		} else {
			rep.Refused++
		}
	}
	return rep, nil
}

func refusedType(r fhir.Resource) string {
	if r.Type == "" {
		return "not a FHIR resource (no resourceType)"
	}
	return fmt.Sprintf("a %s: only Patient and Observation resources are imported", r.Type)
}

// importOne writes one resource and its audit entry as one unit of work.
// A reason to refuse it is an invalid or conflict error.
func (s *Interop) importOne(ctx context.Context, actor domain.Actor, clinicID string, r fhir.Resource) (id string, err error) {
	if r.Type == "Patient" {
		p, err := fhir.ReadPatient(r)
		if err != nil {
			return "", domain.Errorf(domain.EInvalid, "%v", err)
		}
		p.ID, p.ClinicID, p.ImportedBy = NewID(), clinicID, actor.ID
		err = s.inTx(ctx, func(tx InteropStore) error {
			if err := tx.PutImportedPatient(ctx, &p); err != nil {
				return err
			}
			return audit(ctx, tx, actor, "import", "imported-patient:"+p.ID, clinicID, "")
		})
		if domain.ErrorCode(err) == domain.EConflict {
			return "", domain.Errorf(domain.EConflict, "already imported: the clinic has a patient with the source id %q", p.SourceID)
		}
		return p.ID, err
	}
	o, err := fhir.ReadObservation(r)
	if err != nil {
		return "", domain.Errorf(domain.EInvalid, "%v", err)
	}
	o.ID, o.ClinicID = NewID(), clinicID
	err = s.inTx(ctx, func(tx InteropStore) error {
		p, err := tx.FindImportedPatient(ctx, clinicID, o.PatientSource)
		if err != nil {
			var de *domain.Error
			if errors.As(err, &de) && de.Code == domain.ENotFound {
				return domain.Errorf(domain.EInvalid, "its subject Patient/%s is not among the clinic's imported patients: import the Patient first", o.PatientSource)
			}
			return err
		}
		o.PatientID = p.ID
		if err := tx.PutImportedObservation(ctx, &o); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "import", "imported-observation:"+o.ID, clinicID, "")
	})
	if domain.ErrorCode(err) == domain.EConflict {
		return "", domain.Errorf(domain.EConflict, "already imported: the clinic has an Observation with the source id %q", o.SourceID)
	}
	return o.ID, err
}

// ImportedPatient is an imported patient with their Observations.
type ImportedPatient struct {
	fhir.ImportedPatient
	Observations []fhir.ImportedObservation
}

// ImportedPatients lists what the clinic imported, audited as one read.
func (s *Interop) ImportedPatients(ctx context.Context, actor domain.Actor, clinicID string) (out []ImportedPatient, err error) {
	defer domain.Wrap(&err, "ImportedPatients(%q)", clinicID)
	if err := authz.Check(actor, authz.Read, authz.Resource{Kind: authz.KindImport, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx InteropStore) error {
		ps, err := tx.ListImportedPatients(ctx, clinicID)
		if err != nil {
			return err
		}
		out = make([]ImportedPatient, 0, len(ps))
		for _, p := range ps {
			obs, err := tx.ListImportedObservations(ctx, clinicID, p.ID)
			if err != nil {
				return err
			}
			out = append(out, ImportedPatient{ImportedPatient: p, Observations: obs})
		}
		return audit(ctx, tx, actor, "read", "imported-patients:"+clinicID, clinicID, "")
	})
	return out, err
}
