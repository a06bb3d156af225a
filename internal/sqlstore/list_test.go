package sqlstore

import (
	"encoding/json"
	"reflect"
	"testing"
)

// decodeList reads back whatever jsonList wrote exactly as encoding/json
// does, and refuses what encoding/json refuses.
func FuzzDecodeList(f *testing.F) {
	for _, l := range [][]string{nil, {}, {"heat"}, {"exercise", "bird_dog"}, {""}, {"a", ""}, {`say "hi"`}, {"<b>"}, {"é", "a b"}, {`back\slash`}} {
		s, err := jsonList(l)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(s)
	}
	for _, s := range []string{`["a",]`, `[""`, `["a"]x`, `["a","b"`, `[]`, `["\u0041"]`, `[ "a" ]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want []string
		werr := json.Unmarshal([]byte(s), &want)
		got, err := decodeList(s)
		if (err != nil) != (werr != nil) {
			t.Fatalf("decodeList(%q) error %v; encoding/json's %v", s, err, werr)
		}
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("decodeList(%q) = %#v; encoding/json reads %#v", s, got, want)
		}
	})
}

// What a check-in keeps comes back as it went in.
func TestDecodeListRoundTrip(t *testing.T) {
	for _, l := range [][]string{{}, {"heat", "ice"}, {"bird_dog"}, {`a"b`, "c"}} {
		s, _ := jsonList(l)
		got, err := decodeList(s)
		if err != nil || !reflect.DeepEqual(got, l) {
			t.Errorf("%q: %#v, %v; want %#v", s, got, err, l)
		}
	}
}
