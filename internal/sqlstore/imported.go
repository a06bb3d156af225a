package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"unknot/internal/domain"
	"unknot/internal/fhir"
)

// PutImportedPatient stores a Patient a clinic imported; the same source
// id twice in a clinic is a conflict.
func (qs *Queries) PutImportedPatient(ctx context.Context, p *fhir.ImportedPatient) (err error) {
	defer domain.Wrap(&err, "PutImportedPatient(%q)", p.SourceID)
	if p.ImportedAt.IsZero() {
		p.ImportedAt = qs.now()
	}
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO imported_patients (id, clinic_id, source_id, name, birth_date, gender, resource,
			imported_by, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			p.ID, p.ClinicID, p.SourceID, p.Name, p.BirthDate, p.Gender, string(p.Resource), p.ImportedBy, p.ImportedAt.UTC())
		return qs.translate(err)
	})
}

// FindImportedPatient returns the clinic's imported patient with the
// source id given.
func (qs *Queries) FindImportedPatient(ctx context.Context, clinicID, sourceID string) (_ *fhir.ImportedPatient, err error) {
	defer domain.Wrap(&err, "FindImportedPatient(%q)", sourceID)
	list, err := qs.importedPatients(ctx, `clinic_id = $1 AND source_id = $2`, clinicID, sourceID)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound("imported patient", sourceID)
	}
	return &list[0], nil
}

// ListImportedPatients returns the clinic's imported patients by name.
func (qs *Queries) ListImportedPatients(ctx context.Context, clinicID string) (_ []fhir.ImportedPatient, err error) {
	defer domain.Wrap(&err, "ListImportedPatients(%q)", clinicID)
	return qs.importedPatients(ctx, `clinic_id = $1`, clinicID)
}

func (qs *Queries) importedPatients(ctx context.Context, where string, args ...any) ([]fhir.ImportedPatient, error) {
	rows, err := qs.read.QueryContext(ctx, `SELECT id, clinic_id, source_id, name, birth_date, gender, resource, imported_by, imported_at
		FROM imported_patients WHERE `+where+` ORDER BY name, id`, args...)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	var out []fhir.ImportedPatient
	for rows.Next() {
		var p fhir.ImportedPatient
		var res string
		if err := rows.Scan(&p.ID, &p.ClinicID, &p.SourceID, &p.Name, &p.BirthDate, &p.Gender, &res, &p.ImportedBy, &p.ImportedAt); err != nil {
			return nil, err
		}
		p.Resource, p.ImportedAt = []byte(res), p.ImportedAt.UTC()
		out = append(out, p)
	}
	return out, rows.Err()
}

// PutImportedObservation stores an imported patient's Observation; the
// same source id twice in a clinic is a conflict.
func (qs *Queries) PutImportedObservation(ctx context.Context, o *fhir.ImportedObservation) (err error) {
	defer domain.Wrap(&err, "PutImportedObservation(%q)", o.SourceID)
	if o.ImportedAt.IsZero() {
		o.ImportedAt = qs.now()
	}
	return qs.write(ctx, func(tx querier) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO imported_observations (id, clinic_id, patient_id, source_id, code_system, code,
			display, value, unit, effective, resource, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			o.ID, o.ClinicID, o.PatientID, o.SourceID, o.System, o.Code, o.Display, o.Value, o.Unit, o.Effective,
			string(o.Resource), o.ImportedAt.UTC())
		return qs.translate(err)
	})
}

// ListImportedObservations returns an imported patient's Observations,
// oldest first.
func (qs *Queries) ListImportedObservations(ctx context.Context, clinicID, patientID string) (_ []fhir.ImportedObservation, err error) {
	defer domain.Wrap(&err, "ListImportedObservations(%q)", patientID)
	rows, err := qs.read.QueryContext(ctx, `SELECT o.id, o.clinic_id, o.patient_id, p.source_id, o.source_id, o.code_system, o.code,
		o.display, o.value, o.unit, o.effective, o.resource, o.imported_at FROM imported_observations o
		JOIN imported_patients p ON p.id = o.patient_id WHERE o.clinic_id = $1 AND o.patient_id = $2 ORDER BY o.effective, o.id`,
		clinicID, patientID)
	if err != nil {
		return nil, qs.translate(err)
	}
	defer rows.Close()
	var out []fhir.ImportedObservation
	for rows.Next() {
		var o fhir.ImportedObservation
		var res string
		if err := rows.Scan(&o.ID, &o.ClinicID, &o.PatientID, &o.PatientSource, &o.SourceID, &o.System, &o.Code, &o.Display,
			&o.Value, &o.Unit, &o.Effective, &res, &o.ImportedAt); err != nil {
			return nil, err
		}
		o.Resource, o.ImportedAt = []byte(res), o.ImportedAt.UTC()
		out = append(out, o)
	}
	if err := rows.Err(); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	return out, nil
}
