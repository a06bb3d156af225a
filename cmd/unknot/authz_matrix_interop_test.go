package main

// Interoperability in the authorisation matrix: FHIR export (the person,
// the clinic's patient), FHIR import and the imported patients, research
// exports and the API page.

// importer: the clinic's therapists and admins, and its write tokens.
func importer(w *world, a matrixActor, c string) bool {
	if a.bearer != "" {
		return tokenOK(a) && a.clinic == c && a.write
	}
	return caseloadStaff(w, a, c)
}

func interopRoutes() map[string]matrixRoute {
	none := []string{""}
	emptyBundle := map[string]any{"resourceType": "Bundle", "type": "collection", "entry": []any{}}
	return map[string]matrixRoute{
		"GET /api/v1/me/fhir": {targets: none, call: func(*world, string) (string, string, any) { return "GET", "/api/v1/me/fhir", nil },
			allowed: self},
		// The patient's clinic's people and tokens read it, as the chart.
		"GET /api/v1/clinics/{clinic}/patients/{patient}/fhir": patientRoute("GET", "/fhir", true, nil, caseloadReader),
		"POST /api/v1/clinics/{clinic}/fhir/import":            clinicRoute("POST", "/fhir/import", emptyBundle, importer),
		"GET /api/v1/clinics/{clinic}/imported-patients":       clinicRoute("GET", "/imported-patients", nil, caseloadReader),
		// Every patient at once: the clinic's admins only.
		"GET /api/v1/clinics/{clinic}/research/{dataset}": clinicRoute("GET", "/research/checkins?deidentified=true", nil, clinicAdmin),
		"GET /api/v1/docs": {targets: none, call: func(*world, string) (string, string, any) { return "GET", "/api/v1/docs", nil },
			allowed: public},
	}
}
