// Package research builds a clinic's research exports: tables of
// assessments, check-ins and outcomes, written as CSV or NDJSON, and
// their de-identified form (no names, contact details or exact dates:
// pseudonyms, dates shifted by a per-person offset, ages over 89 grouped).
// It is pure: it takes records and returns tables.
package research

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Datasets are the tables a clinic may export.
var Datasets = []string{"assessments", "checkins", "outcomes"}

// MaxShiftDays bounds the per-person date offset: large enough that a
// date cannot be matched to a visit, small enough to keep seasons and
// the spacing between a person's records exact.
const MaxShiftDays = 180

// Table is one dataset: named columns and rows of values (string, int,
// float64, bool or nil).
type Table struct {
	Columns []string
	Rows    [][]any
}

// WriteCSV writes the table as RFC 4180 CSV with a header line.
func (t Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Columns); err != nil {
		return err
	}
	rec := make([]string, len(t.Columns))
	for _, row := range t.Rows {
		for i, v := range row {
			rec[i] = csvCell(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvCell writes a value; text that a spreadsheet would run as a formula
// is quoted with a leading apostrophe (CSV injection).
func csvCell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		if x != "" && (x[0] == '=' || x[0] == '+' || x[0] == '-' || x[0] == '@') {
			return "'" + x
		}
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return fmt.Sprint(x)
	}
}

// WriteNDJSON writes one JSON object a row, keyed by column, with a
// "dataset" member naming the table.
func (t Table) WriteNDJSON(w io.Writer, dataset string) error {
	enc := json.NewEncoder(w)
	for _, row := range t.Rows {
		obj := make(map[string]any, len(row)+1)
		obj["dataset"] = dataset
		for i, v := range row {
			obj[t.Columns[i]] = v
		}
		if err := enc.Encode(obj); err != nil {
			return err
		}
	}
	return nil
}

// Deidentifier turns people into pseudonyms and shifts their dates. Its
// key is made for one export and never stored, so two exports cannot be
// linked to each other or back to the person.
type Deidentifier struct {
	key []byte
}

// NewDeidentifier returns a de-identifier over a random key (at least 16
// bytes).
func NewDeidentifier(key []byte) *Deidentifier { return &Deidentifier{key: key} }

func (d *Deidentifier) mac(kind, id string) []byte {
	h := hmac.New(sha256.New, d.key)
	h.Write([]byte(kind + "\x00" + id))
	return h.Sum(nil)
}

// Pseudonym is the person's (or record's) stand-in id in this export.
func (d *Deidentifier) Pseudonym(kind, id string) string {
	return kind[:1] + "-" + hex.EncodeToString(d.mac(kind, id))[:12]
}

// ShiftDays is the person's date offset: the same for all their records,
// never zero, within ±MaxShiftDays.
func (d *Deidentifier) ShiftDays(personID string) int {
	v := int(binary.BigEndian.Uint32(d.mac("shift", personID))%(2*MaxShiftDays)) - MaxShiftDays
	if v >= 0 {
		v++
	}
	return v
}

// Date shifts a YYYY-MM-DD date by the person's offset; a time becomes
// its shifted day only, since a time of day narrows who it was.
func (d *Deidentifier) Date(personID, date string) string {
	t, err := time.Parse("2006-01-02", date)
	if err != nil {
		return ""
	}
	return t.AddDate(0, 0, d.ShiftDays(personID)).Format("2006-01-02")
}

// Age is the age as exported: ages over 89 are one group ("90+"), as
// HIPAA's Safe Harbor asks, since so few people are that old.
func Age(age int, deidentified bool) any {
	if deidentified && age > 89 {
		return "90+"
	}
	return age
}
