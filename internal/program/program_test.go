package program

import (
	"strings"
	"testing"
	"time"

	"unknot/internal/library"
	"unknot/internal/plan"
)

func TestCheck(t *testing.T) {
	lib := library.Default()
	ok := Exercise{ExerciseID: "knee_to_chest", Reps: 5, TimesADay: 2, DaysAWeek: 7}
	cases := []struct {
		name  string
		p     Program
		f     Facts
		field string // "" for no problem
	}{
		{"fine", Program{Exercises: []Exercise{ok}}, Facts{}, ""},
		{"no exercise", Program{}, Facts{}, "exercises"},
		{"unknown exercise", Program{Exercises: []Exercise{{ExerciseID: "nope", TimesADay: 1, DaysAWeek: 1}}}, Facts{}, "exercises[0].exercise_id"},
		{"not safe in pregnancy", Program{Exercises: []Exercise{{ExerciseID: "figure4_stretch", Side: "left", TimesADay: 1, DaysAWeek: 7}}}, Facts{Pregnant: true}, "exercises[0].exercise_id"},
		{"hold over 60 s", Program{Exercises: []Exercise{{ExerciseID: "knee_to_chest", HoldSeconds: 90, TimesADay: 1, DaysAWeek: 7}}}, Facts{}, "exercises[0].hold_seconds"},
		{"no times a day", Program{Exercises: []Exercise{{ExerciseID: "knee_to_chest", DaysAWeek: 7}}}, Facts{}, "exercises[0].times_a_day"},
		{"eight days a week", Program{Exercises: []Exercise{{ExerciseID: "knee_to_chest", TimesADay: 1, DaysAWeek: 8}}}, Facts{}, "exercises[0].days_a_week"},
		{"side of an unsided exercise", Program{Exercises: []Exercise{{ExerciseID: "cat_cow", Side: "left", TimesADay: 1, DaysAWeek: 7}}}, Facts{}, "exercises[0].side"},
		{"twice", Program{Exercises: []Exercise{ok, ok}}, Facts{}, "exercises[1].exercise_id"},
		{"unknown article", Program{Exercises: []Exercise{ok}, Articles: []string{"nope"}}, Facts{}, "articles[0]"},
		{"bad date", Program{Exercises: []Exercise{ok}, ReassessOn: "soon"}, Facts{}, "reassess_on"},
	}
	for _, c := range cases {
		probs := Check(c.p, lib, c.f)
		if c.field == "" {
			if len(probs) != 0 {
				t.Errorf("%s: %v", c.name, probs)
			}
			continue
		}
		if len(probs) == 0 || probs[0].Field != c.field {
			t.Errorf("%s: problems %v; want %s first", c.name, probs, c.field)
		}
	}
}

func TestScheduledSpreadsTheWeek(t *testing.T) {
	for dpw := 1; dpw <= 7; dpw++ {
		for week := range 3 {
			n := 0
			for k := 7 * week; k < 7*week+7; k++ {
				if Scheduled(dpw, k) {
					n++
				}
			}
			if n != dpw {
				t.Errorf("%d days a week: %d in week %d", dpw, n, week)
			}
		}
	}
}

func TestApplyReplacesTheExercises(t *testing.T) {
	lib := library.Default()
	loc, _ := time.LoadLocation("Europe/London")
	start := time.Date(2026, 11, 1, 9, 0, 0, 0, loc)
	p := plan.Plan{TZ: "Europe/London", Start: start}
	for d := range 15 {
		date := start.AddDate(0, 0, d).Format(time.DateOnly)
		p.Days = append(p.Days, plan.Day{Day: d, Date: date, Items: []plan.Item{
			{Kind: plan.Exercise, ExerciseID: "cat_cow", Title: "Cat-cow"}, {Kind: plan.Heat, Title: "Heat"},
			{Kind: plan.Exercise, ExerciseID: "walking", Title: "Short walks"}}})
	}
	v := Version{Version: 3, StartsOn: "2026-11-10", Program: Program{Exercises: []Exercise{{ExerciseID: "bird_dog", Reps: 6, TimesADay: 2, DaysAWeek: 7}}}}
	out := Apply(p, v, lib, loc)
	if out.Program == nil || out.Program.Version != 3 || len(out.Exercises) != 1 || out.Exercises[0].ExerciseID != "bird_dog" {
		t.Fatalf("program not applied: %+v", out.Program)
	}
	if got, want := out.Days[len(out.Days)-1].Date, "2026-11-24"; got != want {
		t.Errorf("the days end %s; want %s (14 days after the start)", got, want)
	}
	for _, d := range out.Days {
		var ids []string
		for _, it := range d.Items {
			ids = append(ids, it.ExerciseID)
		}
		joined := strings.Join(ids, " ")
		if d.Date < "2026-11-10" && (!strings.Contains(joined, "cat_cow") || strings.Contains(joined, "bird_dog")) {
			t.Errorf("%s, before the program: %v", d.Date, ids)
		}
		if d.Date >= "2026-11-10" && (strings.Contains(joined, "cat_cow") || !strings.Contains(joined, "bird_dog")) {
			t.Errorf("%s, in the program: %v", d.Date, ids)
		}
		if d.Date >= "2026-11-10" && d.Date < "2026-11-16" && !strings.Contains(joined, "walking") {
			t.Errorf("%s: the plan's own walks went too: %v", d.Date, ids)
		}
		for _, it := range d.Items {
			if it.ExerciseID == "bird_dog" && (len(it.Times) != 2 || it.Times[0].In(loc).Hour() != 8 || it.Dosage != "6 times, 2 times a day") {
				t.Errorf("%s: bird dog at %v, %q", d.Date, it.Times, it.Dosage)
			}
		}
	}
}

func TestAdherence(t *testing.T) {
	cases := []struct {
		start, today string
		dpw, done    int
		want         Adherence
		low          bool
	}{
		{"2026-11-01", "2026-11-20", 7, 7, Adherence{7, 7, 100}, false},
		{"2026-11-01", "2026-11-20", 7, 2, Adherence{2, 7, 28}, true},
		{"2026-11-19", "2026-11-20", 7, 0, Adherence{0, 2, 0}, false}, // within the grace days
		{"2026-11-01", "2026-11-20", 3, 3, Adherence{3, 3, 100}, false},
		{"2026-11-21", "2026-11-20", 7, 0, Adherence{}, false}, // not started
	}
	for _, c := range cases {
		a := AdherenceOf(c.start, c.today, c.dpw, c.done)
		if a != c.want || a.Low(c.start, c.today) != c.low {
			t.Errorf("%+v: %+v low=%v", c, a, a.Low(c.start, c.today))
		}
	}
}
