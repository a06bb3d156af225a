package fhir

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const examples = "testdata/hl7.fhir.r4.examples"

func readExample(t *testing.T, name string) Resource {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(examples, name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	list, err := Split(data)
	if err != nil || len(list) != 1 {
		t.Fatalf("%s: %v, %d resources", name, err, len(list))
	}
	return list[0]
}

// TestOfficialExamplesRead: HL7's example Patients and numeric
// Observations are read with their value, code and time exactly; the
// examples unknot cannot take are refused, each for its reason.
func TestOfficialExamplesRead(t *testing.T) {
	for _, name := range []string{"Patient-example", "Patient-f001", "Patient-f201", "Patient-pat1"} {
		p, err := ReadPatient(readExample(t, name))
		if err != nil || p.Name == "" || p.SourceID == "" {
			t.Errorf("%s: %+v, %v", name, p, err)
		}
	}
	want := map[string]struct {
		code, effective, patient string
		value                    float64
	}{
		"Observation-example":          {"29463-7", "2016-03-28", "example", 185},
		"Observation-f001":             {"15074-8", "2013-04-02T09:30:10+01:00", "f001", 6.3},
		"Observation-f002":             {"11555-0", "2013-04-02T10:30:10+01:00", "f001", 12.6},
		"Observation-body-temperature": {"8310-5", "1999-07-02", "example", 36.5},
		"Observation-heart-rate":       {"8867-4", "1999-07-02", "example", 44},
		"Observation-satO2":            {"2708-6", "2014-12-05T09:30:10+01:00", "example", 95},
		"Observation-glasgow":          {"9269-2", "2014-12-11T04:44:16Z", "example", 13},
	}
	for name, w := range want {
		o, err := ReadObservation(readExample(t, name))
		if err != nil {
			t.Errorf("%s refused: %v", name, err)
			continue
		}
		if o.Code != w.code || o.Effective != w.effective || o.PatientSource != w.patient || o.Value != w.value {
			t.Errorf("%s = code %s at %s of %s value %v; want %+v", name, o.Code, o.Effective, o.PatientSource, o.Value, w)
		}
	}
	refused := map[string]string{
		"Observation-blood-pressure": "no numeric value",
		"Observation-f202":           "entered-in-error",
		"Observation-f204":           "no effective time",
	}
	for name, why := range refused {
		if _, err := ReadObservation(readExample(t, name)); err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("%s: %v, want refused for %q", name, err, why)
		}
	}
}

// TestSplit: a Bundle's entries and NDJSON's lines, named for messages.
func TestSplit(t *testing.T) {
	list, err := Split([]byte(`{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Patient"}},{"resource":{"resourceType":"Observation","id":"o1"}}]}`))
	if err != nil || len(list) != 2 || list[0].Source != "urn:uuid:1" || list[1].Name != "Observation/o1" {
		t.Fatalf("Bundle: %+v, %v", list, err)
	}
	list, err = Split([]byte("{\"resourceType\":\"Patient\",\"id\":\"p\"}\n\nnot json\n"))
	if err != nil || len(list) != 2 || list[0].Name != "Patient/p" || list[1].Name != "line 3" || list[1].Type != "" {
		t.Fatalf("NDJSON: %+v, %v", list, err)
	}
	if _, err := Split([]byte("  ")); err == nil {
		t.Error("an empty import was accepted")
	}
}

// TestReadObservationRefuses: each broken Observation is refused by what
// is wrong with it.
func TestReadObservationRefuses(t *testing.T) {
	base := `"resourceType":"Observation","id":"x","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"72514-3"}]},"subject":{"reference":"Patient/p"}`
	cases := map[string]string{
		`{` + base + `,"valueQuantity":{"value":3}}`:                                                                                                                 "no effective time",
		`{` + base + `,"effectiveDateTime":"2026-13-01","valueQuantity":{"value":3}}`:                                                                                "not a FHIR dateTime",
		`{` + base + `,"effectiveDateTime":"2026-11-01"}`:                                                                                                            "no numeric value",
		`{"resourceType":"Observation","id":"x","status":"final","code":{"text":"pain"},"effectiveDateTime":"2026","valueInteger":3}`:                                "no coding",
		`{` + strings.Replace(base, `"subject":{"reference":"Patient/p"}`, `"subject":{"reference":"Group/g"}`, 1) + `,"effectiveDateTime":"2026","valueInteger":1}`: "not a Patient",
		`{` + strings.Replace(base, `"id":"x",`, ``, 1) + `,"effectiveDateTime":"2026","valueInteger":1}`:                                                            "has no id",
	}
	for in, why := range cases {
		list, err := Split([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ReadObservation(list[0]); err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("%s: %v, want %q", in, err, why)
		}
	}
	list, _ := Split([]byte(`{"resourceType":"Patient","id":"p"}`))
	if _, err := ReadPatient(list[0]); err == nil || !strings.Contains(err.Error(), "no name") {
		t.Errorf("a Patient with no name: %v", err)
	}
}
