package outcome

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"unknot/content"
	"unknot/internal/diary"
	"unknot/internal/readability"
)

func ptr[T any](v T) *T { return &v }

func TestDefaultInstruments(t *testing.T) {
	set := Default()
	var ids []string
	for _, in := range set.All() {
		ids = append(ids, in.ID)
	}
	if !slices.Equal(ids, []string{"nprs", "odi", "psfs", "startback"}) {
		t.Fatalf("instruments %v", ids)
	}
	// The meaningful changes in the files are REFERENCE §3's, and the pain
	// rating's is the diary's.
	nprs, _ := set.Get("nprs")
	odi, _ := set.Get("odi")
	psfs, _ := set.Get("psfs")
	if s := nprs.Scoring; s.MCID != diary.MCIDPoints || s.MCIDPercent != diary.MCIDPercent || s.PercentFloor != diary.MCIDPercentFloor {
		t.Errorf("pain rating change rule %+v differs from the diary's", s)
	}
	// The ODI's (Ostelo 2008): 10 points, or 30% of the baseline and at
	// least 5 points; the PSFS's detectable change is 2 points of the mean.
	if s := odi.Scoring; s.MCID != 10 || s.MCIDPercent != 30 || s.PercentFloor != 5 {
		t.Errorf("ODI change rule %+v", s)
	}
	if s := psfs.Scoring; s.MDC != 2 || s.MCID != 0 || s.MinAnswered != 3 || len(psfs.Items) != 5 {
		t.Errorf("PSFS %+v", s)
	}
	for _, id := range []string{"nprs", "psfs"} {
		in, _ := set.Get(id)
		if err := Ready(in); err != nil {
			t.Errorf("%s is not ready: %v", id, err)
		}
		for _, s := range []string{in.Instruction, in.Items[0].Text} {
			if g := readability.Grade(s); g > 8 {
				t.Errorf("%s: grade %.1f: %s", id, g, s)
			}
		}
	}
}

// unknot ships no licensed wording: every text of STarT Back and the
// Oswestry Disability Index in content/instruments is empty, and the
// loader refuses a licensed instrument that carries any.
func TestNoLicensedTextShipped(t *testing.T) {
	for _, id := range []string{"startback", "odi"} {
		in, _ := Default().Get(id)
		if !in.RequiresLicensedText || in.Licence != "" || in.Instruction != "" {
			t.Errorf("%s: requires_licensed_text %v, licence %q, instruction %q", id, in.RequiresLicensedText, in.Licence, in.Instruction)
		}
		for _, it := range in.Items {
			if it.Text != "" {
				t.Errorf("%s item %s has text", id, it.LinkID)
			}
			for _, o := range it.Options {
				if o.Text != "" {
					t.Errorf("%s item %s answer %d has text", id, it.LinkID, o.Value)
				}
			}
		}
		if Ready(in) == nil {
			t.Errorf("%s is ready without wording", id)
		}
	}
	// The raw files too: the loader is not the only reader.
	for _, f := range []string{"startback.json", "odi.json"} {
		data, err := content.Instruments.ReadFile("instruments/" + f)
		if err != nil {
			t.Fatal(err)
		}
		var raw struct {
			Items []struct {
				Text    string `json:"text"`
				Options []struct {
					Text string `json:"text"`
				} `json:"answerOption"`
			} `json:"items"`
		}
		if err := json.Unmarshal(data, &raw); err != nil {
			t.Fatal(err)
		}
		for _, it := range raw.Items {
			if it.Text != "" || slices.ContainsFunc(it.Options, func(o struct {
				Text string `json:"text"`
			}) bool {
				return o.Text != ""
			}) {
				t.Errorf("%s carries wording", f)
			}
		}
	}
}

func TestStartBackDataMatchesCode(t *testing.T) {
	in, _ := Default().Get("startback")
	// Every one of the 2^8 × 5 answer sets: the option scores in the file
	// sum to the code's total.
	for mask := 0; mask < 1<<8; mask++ {
		for last := 0; last <= 4; last++ {
			var a [9]int
			answers := make([]Answer, 9)
			sum := 0
			for i := range a {
				if i < 8 {
					a[i] = mask >> i & 1
				} else {
					a[i] = last
				}
				answers[i] = Answer{LinkID: in.Items[i].LinkID, Value: ptr(a[i])}
				for _, o := range in.Items[i].Options {
					if o.Value == a[i] {
						sum += o.Score
					}
				}
			}
			total, psy, risk, err := ScoreStartBack(a)
			if err != nil || total != sum {
				t.Fatalf("%v: code total %d, file total %d (%v)", a, total, sum, err)
			}
			sc, err := in.Score(answers)
			if err != nil || sc.Value != float64(total) || *sc.Subscale != psy || sc.Band != string(risk) || sc.Answered != 9 {
				t.Fatalf("%v: Score = %+v, %v", a, sc, err)
			}
		}
	}
}

func TestInstrumentScore(t *testing.T) {
	set := Default()
	nprs, _ := set.Get("nprs")
	psfs, _ := set.Get("psfs")
	odi, _ := set.Get("odi")
	sb, _ := set.Get("startback")
	odiAnswers := func(vals ...int) []Answer {
		var as []Answer
		for i, v := range vals {
			as = append(as, Answer{LinkID: odi.Items[i].LinkID, Value: ptr(v)})
		}
		return as
	}
	act := func(id, text string, v int) Answer { return Answer{LinkID: id, Text: text, Value: ptr(v)} }
	tests := []struct {
		name    string
		in      Instrument
		answers []Answer
		want    Score
		err     string
	}{
		{"pain", nprs, []Answer{{LinkID: "pain", Value: ptr(7)}}, Score{Instrument: "nprs", Value: 7, Unit: "points", Answered: 1}, ""},
		{"pain missing", nprs, []Answer{{LinkID: "pain"}}, Score{}, `item "pain" is required`},
		{"pain 11", nprs, []Answer{{LinkID: "pain", Value: ptr(11)}}, Score{}, "must be 0 to 10"},
		{"unknown item", nprs, []Answer{{LinkID: "pain", Value: ptr(1)}, {LinkID: "mood", Value: ptr(1)}}, Score{}, `no item "mood"`},
		{"twice", nprs, []Answer{{LinkID: "pain", Value: ptr(1)}, {LinkID: "pain", Value: ptr(2)}}, Score{}, "answered twice"},
		{"psfs 3", psfs, []Answer{act("activity_1", "Putting on socks", 3), act("activity_2", "Driving", 5), act("activity_3", "Gardening", 4)},
			Score{Instrument: "psfs", Value: 4, Unit: "points", Answered: 3}, ""},
		{"psfs 5", psfs, []Answer{act("activity_1", "a", 3), act("activity_2", "b", 5), act("activity_3", "c", 4), act("activity_4", "d", 0), act("activity_5", "e", 10)},
			Score{Instrument: "psfs", Value: 4.4, Unit: "points", Answered: 5}, ""},
		{"psfs 2", psfs, []Answer{act("activity_1", "a", 3), act("activity_2", "b", 5)}, Score{}, `item "activity_3" is required`},
		{"psfs unnamed", psfs, []Answer{act("activity_1", "", 3), act("activity_2", "b", 5), act("activity_3", "c", 5)}, Score{}, "name the activity"},
		{"odi 10", odi, odiAnswers(2, 2, 2, 2, 2, 2, 1, 1, 1, 1), Score{Instrument: "odi", Value: 32, Unit: "%", Band: "moderate", Answered: 10}, ""},
		{"odi 9", odi, odiAnswers(2, 2, 2, 2, 2, 2, 2, 1, 1), Score{Instrument: "odi", Value: 1600.0 / 45, Unit: "%", Band: "moderate", Answered: 9}, ""},
		{"odi 9, one given as no answer", odi, append(odiAnswers(2, 2, 2, 2, 2, 2, 2, 1, 1), Answer{LinkID: "10"}),
			Score{Instrument: "odi", Value: 1600.0 / 45, Unit: "%", Band: "moderate", Answered: 9}, ""},
		{"odi 8", odi, odiAnswers(2, 2, 2, 2, 2, 2, 2, 1), Score{}, "8 sections answered"},
		{"odi answer 6", odi, odiAnswers(6, 2, 2, 2, 2, 2, 2, 1, 1, 1), Score{}, "6 is not one of its answers"},
		{"startback missing item 9", sb, func() []Answer {
			var as []Answer
			for i := 1; i <= 8; i++ {
				as = append(as, Answer{LinkID: sb.Items[i-1].LinkID, Value: ptr(1)})
			}
			return as
		}(), Score{}, `item "9" is required`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.in.Score(tt.answers)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Score = %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

func TestScoreLabel(t *testing.T) {
	for sc, want := range map[Score]string{
		{Instrument: "odi", Value: 32, Unit: "%", Band: "moderate"}:          "32% (moderate)",
		{Instrument: "odi", Value: 1600.0 / 45, Unit: "%", Band: "moderate"}: "35.6% (moderate)",
		{Instrument: "startback", Value: 5, Band: "high"}:                    "5 (high risk)",
		{Instrument: "psfs", Value: 4.4}:                                     "4.4",
	} {
		if got := sc.Label(); got != want {
			t.Errorf("%+v: %q, want %q", sc, got, want)
		}
	}
}

func TestLoadWording(t *testing.T) {
	for _, tc := range []struct{ id, file string }{{"startback", "startback-wording.test.json"}, {"odi", "odi-wording.test.json"}} {
		def, _ := Default().Get(tc.id)
		data, err := os.ReadFile("testdata/" + tc.file)
		if err != nil {
			t.Fatal(err)
		}
		in, err := LoadWording(def, data)
		if err != nil {
			t.Fatalf("%s: %v", tc.id, err)
		}
		if err := Ready(in); err != nil {
			t.Errorf("%s: %v", tc.id, err)
		}
		if !strings.HasPrefix(in.Licence, "TEST DATA") || !strings.Contains(in.Items[0].Text, "TEST DATA") {
			t.Errorf("%s: licence %q, item 1 %q", tc.id, in.Licence, in.Items[0].Text)
		}
		if err := Check(in); err != nil {
			t.Errorf("%s with wording: %v", tc.id, err)
		}
		if def.Items[0].Text != "" || def.Items[0].Options[0].Text != "" {
			t.Errorf("%s: LoadWording changed the definition", tc.id)
		}
		if again, _ := Default().Get(tc.id); again.Items[0].Text != "" {
			t.Errorf("%s: LoadWording changed the default set", tc.id)
		}
		// The scoring is the definition's, wording or not.
		if !slices.EqualFunc(in.Items, def.Items, func(a, b Item) bool { return a.LinkID == b.LinkID && sameOptions(a.Options, b.Options) }) {
			t.Errorf("%s: structure changed", tc.id)
		}
	}
}

func TestLoadWordingRefuses(t *testing.T) {
	def, _ := Default().Get("startback")
	valid, err := os.ReadFile("testdata/startback-wording.test.json")
	if err != nil {
		t.Fatal(err)
	}
	edit := func(change func(w *Wording)) []byte {
		var w Wording
		if err := json.Unmarshal(valid, &w); err != nil {
			t.Fatal(err)
		}
		change(&w)
		b, _ := json.Marshal(w)
		return b
	}
	tests := []struct {
		name string
		file []byte
		want string
	}{
		{"another instrument", edit(func(w *Wording) { w.Instrument = "odi" }), `for instrument "odi"`},
		{"no licence", edit(func(w *Wording) { w.Licence = "" }), "licence"},
		{"an item left out", edit(func(w *Wording) { w.Items = w.Items[:8] }), "items [9"},
		{"an item without text", edit(func(w *Wording) { w.Items[2].Text = "" }), "items [3]"},
		{"an answer without text", edit(func(w *Wording) { w.Items[8].Options = w.Items[8].Options[:4] }), "9 answer 4"},
		{"an unknown item", edit(func(w *Wording) { w.Items = append(w.Items, WordingItem{LinkID: "10", Text: "x"}) }), `item "10" is not in the instrument`},
		{"an item twice", edit(func(w *Wording) { w.Items = append(w.Items, w.Items[0]) }), `item "1" given twice`},
		{"an unknown answer", edit(func(w *Wording) { w.Items[0].Options = append(w.Items[0].Options, WordingOption{Value: 2, Text: "x"}) }), `item "1" has no answer 2`},
		{"an answer twice", edit(func(w *Wording) { w.Items[0].Options = append(w.Items[0].Options, w.Items[0].Options[0]) }), "answer 0 given twice"},
		{"an unknown field", []byte(`{"instrument": "startback", "licence": "x", "items": [], "score": 1}`), "unknown field"},
		{"not JSON", []byte(`<xml/>`), "invalid character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadWording(def, tt.file)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("LoadWording error %v, want %q", err, tt.want)
			}
		})
	}
	psfs, _ := Default().Get("psfs")
	if _, err := LoadWording(psfs, []byte(`{"instrument": "psfs", "licence": "x", "items": [{"linkId": "activity_1", "text": "Walking"}]}`)); err == nil ||
		!strings.Contains(err.Error(), "own words") {
		t.Errorf("wording for an own-words item: %v", err)
	}
}

func TestLoadRejects(t *testing.T) {
	nprs, _ := content.Instruments.ReadFile("instruments/nprs.json")
	sb, _ := content.Instruments.ReadFile("instruments/startback.json")
	odi, _ := content.Instruments.ReadFile("instruments/odi.json")
	edit := func(data []byte, change func(in *Instrument)) []byte {
		var in Instrument
		if err := json.Unmarshal(data, &in); err != nil {
			t.Fatal(err)
		}
		change(&in)
		b, _ := json.Marshal(in)
		return b
	}
	tests := []struct {
		name  string
		files map[string][]byte
		want  string
	}{
		{"the same id twice", map[string][]byte{"a.json": nprs, "b.json": nprs}, "defined twice"},
		{"licensed text shipped", map[string][]byte{"sb.json": edit(sb, func(in *Instrument) { in.Items[3].Text = "Some wording" })},
			`item "4" has wording`},
		{"licensed answer text shipped", map[string][]byte{"odi.json": edit(odi, func(in *Instrument) { in.Items[0].Options[2].Text = "Some wording" })},
			`item "1" has wording`},
		{"free instrument without text", map[string][]byte{"n.json": edit(nprs, func(in *Instrument) { in.Items[0].Text = "" })}, "has no text"},
		{"unknown method", map[string][]byte{"n.json": edit(nprs, func(in *Instrument) { in.Scoring.Method = "sum" })}, `unknown scoring method "sum"`},
		{"STarT Back item 9 scoring changed", map[string][]byte{"sb.json": edit(sb, func(in *Instrument) { in.Items[8].Options[2].Score = 1 })}, "STarT Back item 9"},
		{"STarT Back subscale changed", map[string][]byte{"sb.json": edit(sb, func(in *Instrument) { in.Scoring.Subscale = []string{"4", "5", "6", "7", "8"} })}, "items 5 to 9"},
		{"ODI bands changed", map[string][]byte{"odi.json": edit(odi, func(in *Instrument) { in.Scoring.Bands[0].Max = 25 })}, "ODI bands"},
		{"ODI section required", map[string][]byte{"odi.json": edit(odi, func(in *Instrument) { in.Items[0].Required = true })}, "optional"},
		{"repeated linkId", map[string][]byte{"odi.json": edit(odi, func(in *Instrument) { in.Items[1].LinkID = "1" })}, `linkId "1" is empty or repeated`},
		{"every 1 week", map[string][]byte{"n.json": edit(nprs, func(in *Instrument) { in.EveryWeeks = 1 })}, "every_weeks"},
		{"no sources", map[string][]byte{"n.json": edit(nprs, func(in *Instrument) { in.Scoring.Sources = nil })}, "sources"},
		{"no terms", map[string][]byte{"n.json": edit(nprs, func(in *Instrument) { in.Terms = "" })}, "terms are required"},
		{"unknown field", map[string][]byte{"n.json": []byte(`{"id": "x", "colour": "red"}`)}, "unknown field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, data := range tt.files {
				fsys[name] = &fstest.MapFile{Data: data}
			}
			_, err := Load(fsys)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load error %v, want %q", err, tt.want)
			}
		})
	}
}

func TestGetReturnsACopy(t *testing.T) {
	in, _ := Default().Get("nprs")
	in.Items[0].Text = "changed"
	in.Scoring.Sources[0] = "changed"
	again, _ := Default().Get("nprs")
	if again.Items[0].Text == "changed" || again.Scoring.Sources[0] == "changed" {
		t.Error("Get shares the set's items")
	}
}
