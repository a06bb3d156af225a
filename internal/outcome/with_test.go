package outcome

import "testing"

func TestSetWith(t *testing.T) {
	base := Default()
	nprs, ok := base.Get("nprs")
	if !ok {
		t.Fatal("no nprs")
	}
	nprs.Title = "Pain today"
	s, err := base.With(nprs)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get("nprs"); got.Title != "Pain today" {
		t.Fatalf("replacement not used: %q", got.Title)
	}
	if got, _ := base.Get("nprs"); got.Title == "Pain today" {
		t.Fatal("With changed the original set")
	}
	if len(s.All()) != len(base.All()) {
		t.Fatal("With changed the number of instruments")
	}
	if _, err := base.With(Instrument{ID: "no-such"}); err == nil {
		t.Fatal("an unknown id was accepted")
	}
}
