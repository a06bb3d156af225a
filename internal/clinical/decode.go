package clinical

import (
	"math"
	"strconv"
	"time"
)

// Decode reads one assessment input in the contract's JSON form. It is
// strict: an unknown field at any level, a field given twice, a value of the
// wrong type, a word not in the vocabulary or a value out of range is
// refused, naming the field. It reports every problem it finds as an
// *InputError, which is Malformed when the body is not a JSON object at all.
// Decode never panics.
//
// When the input gives no at, Decode cannot know the time of the
// assessment; use ValidateAt (app.Evaluate does) to check onset against it.
func Decode(data []byte) (Input, error) {
	d := decoder{s: scanner{data: data}}
	d.st = &store{}
	var in Input
	d.input(&in)
	if d.s.bad == "" {
		if d.s.peek() != 0 {
			d.s.fail("unexpected data after the object")
		}
	}
	if d.s.bad != "" {
		p := problems{}
		p.add("", d.s.bad)
		return Input{}, p.err(true)
	}
	if d.notObject {
		p := problems{}
		p.add("", "the body must be a JSON object")
		return Input{}, p.err(true)
	}
	d.finishLists(&in)

	var v problems
	validate(&in, &v)
	for _, q := range v.list {
		if !d.p.has(q.Field) {
			d.p.add(q.Field, q.Problem)
		}
	}
	if err := d.p.err(false); err != nil {
		return Input{}, err
	}
	return in, nil
}

// store holds every value an Input points to, so that decoding makes one
// allocation for them all.
type store struct {
	at, onset  time.Time
	age        int
	now, worst int
	activity   int
	lump       Lump
	size       float64
	weeks      float64
	lifestyle  Lifestyle
	sitting    float64
	activeDays int
	stress     int
	water      float64
	sleep      float64
}

// span marks where one list's words sit in the shared words slice.
type span struct {
	start, end int
	set        bool
}

type decoder struct {
	s         scanner
	p         problems
	st        *store
	words     []string
	spans     [numLists]span
	notObject bool
}

// Field names, as bits, to catch a field given twice.
const (
	fAt = 1 << iota
	fTZ
	fAge
	fSex
	fOnset
	fRegions
	fRadiation
	fPain
	fLump
	fSymptoms
	fHistory
	fInterference
	fSelfCare
	fTriggers
	fLifestyle
)

func (d *decoder) input(in *Input) {
	if d.s.peek() != '{' {
		if d.s.bad == "" {
			if d.s.pos >= len(d.s.data) {
				d.s.fail("the body is empty")
			} else {
				d.s.skip(0)
				d.notObject = true
			}
		}
		return
	}
	d.s.pos++
	var seen uint32
	for first := true; d.s.next(first, '}'); first = false {
		k := d.s.key()
		if d.s.bad != "" {
			return
		}
		var bit uint32
		switch string(k) {
		case "at":
			bit = fAt
			in.At = d.time("at", &d.st.at)
		case "tz":
			bit = fTZ
			in.TZ = d.word("tz", "must be a time zone name like Europe/London")
		case "age":
			bit = fAge
			in.Age = d.readInt(specAge, &d.st.age)
		case "sex":
			bit = fSex
			in.Sex = d.word("sex", "must be one of female, male or other")
		case "onset":
			bit = fOnset
			in.Onset = d.time("onset", &d.st.onset)
		case "regions":
			bit = fRegions
			d.list(ListRegions)
		case "radiation":
			bit = fRadiation
			d.list(ListRadiation)
		case "pain":
			bit = fPain
			d.pain(&in.Pain)
		case "lump":
			bit = fLump
			in.Lump = d.lump()
		case "symptoms":
			bit = fSymptoms
			d.list(ListSymptoms)
		case "history":
			bit = fHistory
			d.list(ListHistory)
		case "interference":
			bit = fInterference
			d.interference(&in.Interference)
		case "self_care":
			bit = fSelfCare
			d.selfCare(&in.SelfCare)
		case "triggers":
			bit = fTriggers
			d.list(ListTriggers)
		case "lifestyle":
			bit = fLifestyle
			in.Lifestyle = d.lifestyle()
		default:
			d.unknown("", k)
			continue
		}
		if seen&bit != 0 {
			d.p.add(string(k), "is given more than once")
		}
		seen |= bit
	}
}

// unknown reports an unknown field and skips its value.
func (d *decoder) unknown(prefix string, k []byte) {
	name := fieldName(k)
	if prefix != "" {
		name = prefix + "." + name
	}
	d.p.add(name, "is not a field of the assessment")
	d.s.skip(1)
}

// fieldName prints a key as a field name, quoted when it is empty or holds
// anything but letters, digits and underscores.
func fieldName(k []byte) string {
	if len(k) == 0 || len(k) > 64 {
		return strconv.Quote(string(k))
	}
	for _, c := range k {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			return strconv.Quote(string(k))
		}
	}
	return string(k)
}

// wrong reports a value of the wrong type and skips it.
func (d *decoder) wrong(field, problem string) {
	d.p.add(field, problem)
	d.s.skip(1)
}

// isNull consumes a null, which stands for "not answered".
func (d *decoder) isNull() bool {
	if d.s.peek() == 'n' {
		d.s.literal()
		return true
	}
	return false
}

func (d *decoder) time(field string, dst *time.Time) *time.Time {
	if d.isNull() {
		return nil
	}
	const problem = "must be a time like 2026-11-24T09:00:00Z (RFC 3339)"
	if d.s.peek() != '"' {
		d.wrong(field, problem)
		return nil
	}
	raw, esc := d.s.rawString()
	if d.s.bad != "" {
		return nil
	}
	v := string(raw)
	if esc {
		v = unescape(raw)
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		d.p.add(field, problem)
		return nil
	}
	*dst = t
	return dst
}

func (d *decoder) word(field, problem string) string {
	if d.isNull() {
		return ""
	}
	if d.s.peek() != '"' {
		d.wrong(field, problem)
		return ""
	}
	return d.s.str()
}

// num reads a number for spec; ok is false (and the problem reported) when
// the value is not a number.
func (d *decoder) num(s numSpec) (v float64, ok bool) {
	c := d.s.peek()
	if c != '-' && (c < '0' || c > '9') {
		d.wrong(s.field, s.problem())
		return 0, false
	}
	v = d.s.number()
	return v, d.s.bad == ""
}

func (d *decoder) readInt(s numSpec, dst *int) *int {
	if d.isNull() {
		return nil
	}
	v, ok := d.num(s)
	if !ok {
		return nil
	}
	// Whole numbers of any size within reason are stored, so that Validate
	// reports the range; fractions and huge values are refused here.
	if v != math.Trunc(v) || math.Abs(v) > 1e9 {
		d.p.add(s.field, s.problem())
		return nil
	}
	*dst = int(v)
	return dst
}

func (d *decoder) readFloat(s numSpec, dst *float64) *float64 {
	if d.isNull() {
		return nil
	}
	v, ok := d.num(s)
	if !ok {
		return nil
	}
	*dst = v
	return dst
}

func (d *decoder) readBool(field string) bool {
	c := d.s.peek()
	if c == 't' || c == 'f' {
		_, v := d.s.literal()
		return v
	}
	if c == 'n' {
		d.s.literal()
		return false
	}
	d.wrong(field, "must be true or false")
	return false
}

// object starts reading a nested object; it reports false (having reported
// the problem or consumed a null) when the value is not one.
func (d *decoder) object(field string) bool {
	if d.isNull() {
		return false
	}
	if d.s.peek() != '{' {
		d.wrong(field, "must be an object")
		return false
	}
	d.s.pos++
	return true
}
