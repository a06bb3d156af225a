package diary

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"unknot/internal/readability"
)

const skip = -1 // a day with no entry

// days makes one entry a day from start, with these pains now; skip leaves
// a day out. Every entry did the plan.
func days(start string, pains ...int) []Entry {
	var es []Entry
	for i, p := range pains {
		if p == skip {
			continue
		}
		d := AddDays(start, i)
		es = append(es, Entry{Date: d, PainNow: p, PainWorst: min(p+2, 10), Stiffness: p, Activity: p / 2,
			Done: []string{"exercise"}, RecordedAt: mustDate(d).Add(20 * time.Hour)})
	}
	return es
}

func mustDate(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr[T any](v T) *T { return &v }

func TestTrend(t *testing.T) {
	const start = "2026-11-01"
	type want struct {
		status                         Status
		baseline, recent, change       float64
		baselineFrom                   string
		baselineDays, recentDays, days int
		recentBackfilled               int
		daysSinceStart                 int
		doneDays7                      int
		adherent                       bool
	}
	tests := []struct {
		name    string
		entries []Entry
		today   string
		base    Baseline
		want    want
	}{
		{"no entries", nil, "2026-11-05", Baseline{Start: start},
			want{status: NotEnoughData, daysSinceStart: 4}},
		{"first days baseline, only 3 days", days(start, 6, 6, 6), "2026-11-03", Baseline{Start: start},
			want{status: NotEnoughData, baseline: 6, recent: 6, baselineFrom: BaselineFirstDays,
				baselineDays: 3, recentDays: 3, days: 3, daysSinceStart: 2, doneDays7: 3, adherent: true}},
		{"first days baseline, the week still holds them", days(start, 6, 6, 6, 0), "2026-11-04", Baseline{Start: start},
			want{status: Same, baseline: 6, recent: 4.5, change: -1.5, baselineFrom: BaselineFirstDays,
				baselineDays: 3, recentDays: 4, days: 4, daysSinceStart: 3, doneDays7: 4, adherent: true}},
		{"first days baseline, a week later", days(start, 6, 6, 6, 3, 3, 3, 3, 3, 3, 3), "2026-11-10", Baseline{Start: start},
			want{status: Better, baseline: 6, recent: 3, change: -3, baselineFrom: BaselineFirstDays,
				baselineDays: 3, recentDays: 7, days: 10, daysSinceStart: 9, doneDays7: 7, adherent: true}},
		{"assessment baseline, day 0", days(start, 3), start, Baseline{Pain: ptr(6), Start: start},
			want{status: Better, baseline: 6, recent: 3, change: -3, baselineFrom: BaselineAssessment,
				baselineDays: 1, recentDays: 1, days: 1, doneDays7: 1, adherent: true}},
		{"exactly 2 points better over a week", days(start, 6, 6, 6, 6, 6, 6, 6, 4, 4, 4, 4, 4, 4, 4), "2026-11-14",
			Baseline{Pain: ptr(6), Start: start},
			want{status: Better, baseline: 6, recent: 4, change: -2, baselineFrom: BaselineAssessment,
				baselineDays: 1, recentDays: 7, days: 14, daysSinceStart: 13, doneDays7: 7, adherent: true}},
		{"up 0.6 from 5 is the same", days(start, 5, 5, 5, 6, 7), "2026-11-05",
			Baseline{Pain: ptr(5), Start: start},
			want{status: Same, baseline: 5, recent: 5.6, change: 0.6, baselineFrom: BaselineAssessment,
				baselineDays: 1, recentDays: 5, days: 5, daysSinceStart: 4, doneDays7: 5, adherent: true}},
		{"exactly 30% of 5 worse, last week", days(start, 5, 5, 5, 5, 5, 5, 5, 6, 7, skip, 6, 7, 6, 7), "2026-11-14",
			Baseline{Pain: ptr(5), Start: start},
			want{status: Worse, baseline: 5, recent: 6.5, change: 1.5, baselineFrom: BaselineAssessment,
				baselineDays: 1, recentDays: 6, days: 13, daysSinceStart: 13, doneDays7: 6, adherent: true}},
		{"missing days are skipped, not zero", days(start, 6, 6, 6, skip, skip, skip, 6, skip, 6), "2026-11-09",
			Baseline{Start: start},
			want{status: Same, baseline: 6, recent: 6, baselineFrom: BaselineFirstDays,
				baselineDays: 3, recentDays: 3, days: 5, daysSinceStart: 8, doneDays7: 3}},
		{"no entry in the last 7 days", days(start, 6, 6, 6, 6), "2026-11-20", Baseline{Start: start},
			want{status: NotEnoughData, baseline: 6, baselineFrom: BaselineFirstDays,
				baselineDays: 3, days: 4, daysSinceStart: 19}},
		{"entries before start and after today are left out",
			append(append(days("2026-10-25", 9, 9, 9), days(start, 4, 4, 4, 4)...), days("2026-11-10", 0)...),
			"2026-11-04", Baseline{Start: start},
			want{status: Same, baseline: 4, recent: 4, baselineFrom: BaselineFirstDays,
				baselineDays: 3, recentDays: 4, days: 4, daysSinceStart: 3, doneDays7: 4, adherent: true}},
		{"no start: the first entry's day; 40% and 1.6 points", days(start, 4, 4, 4, 0, 0), "2026-11-05", Baseline{},
			want{status: Better, baseline: 4, recent: 2.4, change: -1.6, baselineFrom: BaselineFirstDays,
				baselineDays: 3, recentDays: 5, days: 5, daysSinceStart: 4, doneDays7: 5, adherent: true}},
		{"a quarter down is the same", days(start, 4, 4, 4, 3, 3, 3, 3, 3, 3, 3), "2026-11-10", Baseline{},
			want{status: Same, baseline: 4, recent: 3, change: -1, baselineFrom: BaselineFirstDays,
				baselineDays: 3, recentDays: 7, days: 10, daysSinceStart: 9, doneDays7: 7, adherent: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := TrendOf(tt.entries, tt.today, tt.base)
			got := want{tr.Status, tr.Baseline, round1(tr.Recent), round1(tr.Change), tr.BaselineFrom,
				tr.BaselineDays, tr.RecentDays, tr.Days, tr.RecentBackfilled, tr.DaysSinceStart, tr.DoneDays7, tr.Adherent}
			if d := cmp.Diff(tt.want, got, cmp.AllowUnexported(want{})); d != "" {
				t.Errorf("(-want +got)\n%s\ntext: %s", d, tr.Text)
			}
			if len(tr.Series) != tr.Days {
				t.Errorf("%d points for %d days", len(tr.Series), tr.Days)
			}
		})
	}
}

func round1(v float64) float64 { return float64(int(v*10+sign(v)*0.5)) / 10 }

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}

func TestTrendBackfilled(t *testing.T) {
	es := days("2026-11-01", 6, 6, 6, 5, 4, 3, 3)
	// Days 4 and 5 were filled in on day 6.
	for i := 3; i <= 4; i++ {
		es[i].Backfilled = true
		es[i].RecordedAt = mustDate("2026-11-06").Add(19 * time.Hour)
	}
	tr := TrendOf(es, "2026-11-07", Baseline{Start: "2026-11-01"})
	if tr.Backfilled != 2 || tr.RecentBackfilled != 2 {
		t.Errorf("backfilled %d, recent %d", tr.Backfilled, tr.RecentBackfilled)
	}
	if !tr.Series[3].Backfilled || !tr.Series[4].Backfilled || tr.Series[5].Backfilled {
		t.Errorf("series marks: %+v", tr.Series)
	}
	// They count: the mean of 6,6,6,5,4,3,3 is 33/7.
	if tr.RecentDays != 7 || tr.recentSum != 33 {
		t.Errorf("recent %d days, sum %d", tr.RecentDays, tr.recentSum)
	}
	if !strings.Contains(tr.Text, "filled in later") {
		t.Errorf("text does not say so: %s", tr.Text)
	}
}

func TestTrendOrderAndDuplicates(t *testing.T) {
	es := days("2026-11-01", 6, 6, 6, 2, 2)
	shuffled := []Entry{es[4], es[1], es[3], es[0], es[2]}
	a, b := TrendOf(es, "2026-11-05", Baseline{}), TrendOf(shuffled, "2026-11-05", Baseline{})
	if d := cmp.Diff(a, b, cmp.AllowUnexported(Trend{})); d != "" {
		t.Errorf("order changes the trend (-sorted +shuffled)\n%s", d)
	}
	// The same day twice: the later in the slice wins (an edit).
	edited := es[4]
	edited.PainNow = 6
	c := TrendOf(append(es[:5:5], edited), "2026-11-05", Baseline{})
	if c.Days != 5 || c.Series[4].PainNow != 6 {
		t.Errorf("duplicate day: %d days, last pain %d", c.Days, c.Series[4].PainNow)
	}
	if shuffled[0].Date != "2026-11-05" {
		t.Error("TrendOf reordered the caller's slice")
	}
}

func TestTrendAdherence(t *testing.T) {
	es := days("2026-11-01", 5, 5, 5, 5, 5, 5, 5, 5, 5, 5)
	for i := range es {
		if i%3 != 0 { // done on days 0, 3, 6, 9
			es[i].Done = nil
		}
	}
	tr := TrendOf(es, "2026-11-10", Baseline{Start: "2026-11-01"})
	if tr.Adherence != 0.4 || tr.DoneDays7 != 3 || tr.Adherent {
		t.Errorf("adherence %v, done days %d, adherent %v", tr.Adherence, tr.DoneDays7, tr.Adherent)
	}
	// Day 2 of the plan: done on 2 of its 3 days is most.
	tr = TrendOf(days("2026-11-01", 5, skip, 5), "2026-11-03", Baseline{Start: "2026-11-01"})
	if !tr.Adherent {
		t.Errorf("2 of 3 days should be adherent: %+v", tr)
	}
}

// Every text the trend can say reads at grade 8 or below.
func TestTrendTextReadable(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	seen := map[string]bool{}
	for i := 0; i < 2000; i++ {
		tr := TrendOf(randomDiary(r), "2026-12-31", randomBaseline(r))
		key := string(tr.Status) + fmt.Sprint(tr.RecentBackfilled > 0, tr.RecentDays == 1, tr.Days == 0)
		if seen[key] {
			continue
		}
		seen[key] = true
		if g := readability.Grade(tr.Text); g > 8 {
			t.Errorf("grade %.1f: %s", g, tr.Text)
		}
	}
	for _, s := range []Status{Better, Same, Worse, NotEnoughData} {
		found := false
		for k := range seen {
			found = found || strings.HasPrefix(k, string(s))
		}
		if !found {
			t.Errorf("no diary gave %s", s)
		}
	}
}

func randomBaseline(r *rand.Rand) Baseline {
	b := Baseline{Start: "2026-12-01"}
	if r.IntN(2) == 0 {
		b.Pain = ptr(r.IntN(11))
	}
	if r.IntN(4) == 0 {
		b.Start = ""
	}
	return b
}

// randomDiary is up to 40 days of entries before 2026-12-31, with gaps,
// back-filled days and a drift up or down.
func randomDiary(r *rand.Rand) []Entry {
	var es []Entry
	n := r.IntN(40)
	p, drift := r.IntN(11), r.IntN(3)-1
	for i := 0; i < n; i++ {
		if r.IntN(4) == 0 {
			continue
		}
		if r.IntN(3) == 0 {
			p += drift
		}
		p = min(max(p+r.IntN(3)-1, 0), 10)
		e := Entry{Date: AddDays("2026-12-31", i-n+1), PainNow: p, Backfilled: r.IntN(6) == 0}
		if r.IntN(3) > 0 {
			e.Done = []string{"exercise"}
		}
		es = append(es, e)
	}
	return es
}

// TestWorseDefinition writes the rule of change.go out in integers, as the
// store's SQL must compute it, and checks that it gives "getting worse" for
// the same diaries as TrendOf; and that BaselineOf, RecentFrom and Judge,
// which the store derives its SQL from, give TrendOf's baseline and status.
func TestWorseDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const today = "2026-12-31"
	worse := 0
	for i := 0; i < 5000; i++ {
		es, base := randomDiary(r), randomBaseline(r)
		if r.IntN(3) == 0 {
			r.Shuffle(len(es), func(a, b int) { es[a], es[b] = es[b], es[a] })
		}
		tr := TrendOf(es, today, base)

		start := base.Start
		if start == "" {
			start = today
			for _, e := range es {
				start = min(start, e.Date)
			}
		}
		from := max(start, AddDays(today, -(RecentWindowDays-1)))
		if got := RecentFrom(start, today); got != from {
			t.Fatalf("RecentFrom(%s, %s) = %s, want %s", start, today, got, from)
		}
		sorted := slices.Clone(es)
		slices.SortFunc(sorted, func(a, b Entry) int { return strings.Compare(a.Date, b.Date) })
		var s, n, bs, bn, all int
		fromAssessment := base.Pain != nil
		if fromAssessment {
			bs, bn = *base.Pain, 1
		}
		for _, e := range sorted {
			if e.Date < start || e.Date > today {
				continue
			}
			all++
			if !fromAssessment && bn < BaselineEntries {
				bs, bn = bs+e.PainNow, bn+1
			}
			if e.Date >= from {
				s, n = s+e.PainNow, n+1
			}
		}
		c, d := s*bn-bs*n, n*bn
		isWorse := n >= 1 && (fromAssessment || all > bn) &&
			(c >= MCIDPoints*d || (c >= MCIDPercentFloor*d && 100*c >= MCIDPercent*bs*n))
		if isWorse != (tr.Status == Worse) {
			t.Fatalf("diary %d: the definition says worse=%v, TrendOf says %s (%+v)", i, isWorse, tr.Status, tr)
		}
		if isWorse {
			worse++
		}

		b := BaselineOf(es, base)
		if b.Sum != bs || b.N != bn || b.From != tr.BaselineFrom || b.N != tr.BaselineDays {
			t.Fatalf("diary %d: BaselineOf = %+v; the definition gives %d/%d, TrendOf %s over %d", i, b, bs, bn, tr.BaselineFrom, tr.BaselineDays)
		}
		if got := Judge(s, n, b, all); got != tr.Status {
			t.Fatalf("diary %d: Judge = %s, TrendOf %s", i, got, tr.Status)
		}
	}
	if worse < 100 {
		t.Fatalf("only %d worse diaries: the test is weak", worse)
	}
}

func TestBaselineOf(t *testing.T) {
	es := []Entry{{Date: "2026-11-30", PainNow: 9}, {Date: "2026-12-03", PainNow: 6}, {Date: "2026-12-01", PainNow: 4},
		{Date: "2026-12-02", PainNow: 5}, {Date: "2026-12-04", PainNow: 1}}
	tests := []struct {
		name string
		base Baseline
		want BaselineSums
	}{
		{"the assessment's pain", Baseline{Pain: ptr(7), Start: "2026-12-01"}, BaselineSums{Sum: 7, N: 1, From: BaselineAssessment}},
		{"the first 3 days from the start, in date order", Baseline{Start: "2026-12-01"},
			BaselineSums{Sum: 15, N: 3, From: BaselineFirstDays, Last: "2026-12-03"}},
		{"no start: from the first entry", Baseline{}, BaselineSums{Sum: 18, N: 3, From: BaselineFirstDays, Last: "2026-12-02"}},
		{"fewer than 3 days", Baseline{Start: "2026-12-04"}, BaselineSums{Sum: 1, N: 1, From: BaselineFirstDays, Last: "2026-12-04"}},
		{"nothing yet", Baseline{Start: "2026-12-05"}, BaselineSums{}},
	}
	for _, tt := range tests {
		if got := BaselineOf(es, tt.base); got != tt.want {
			t.Errorf("%s: BaselineOf = %+v, want %+v", tt.name, got, tt.want)
		}
	}
	// A first-days baseline is not compared with itself.
	b := BaselineSums{Sum: 3, N: 3, From: BaselineFirstDays}
	if got := Judge(30, 3, b, 3); got != NotEnoughData {
		t.Errorf("Judge on the baseline days alone = %s", got)
	}
	if got := Judge(30, 3, b, 4); got != Worse {
		t.Errorf("Judge with a day beyond the baseline = %s", got)
	}
}

func BenchmarkTrend365(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	es := make([]Entry, 365)
	p := 6
	for i := range es {
		p = min(max(p+r.IntN(3)-1, 0), 10)
		es[i] = Entry{Date: AddDays("2026-01-01", i), PainNow: p, PainWorst: min(p+2, 10),
			Done: []string{"exercise", "heat"}, RecordedAt: time.Date(2026, 1, 1, 20, 0, 0, 0, time.UTC)}
	}
	base := Baseline{Pain: ptr(6), Start: "2026-01-01"}
	b.ReportAllocs()
	for b.Loop() {
		TrendOf(es, "2026-12-31", base)
	}
}
