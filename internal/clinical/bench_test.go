package clinical

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

// The contract has one decoder, the hand-written scanner behind Decode.
// These two benchmarks are why: the same example input read by Decode
// (scan, refuse unknown words and fields, validate) and by encoding/json
// with Validate after it, which would still miss a field given twice.
func BenchmarkDecode(b *testing.B) {
	data, err := os.ReadFile("testdata/example.json")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeEncodingJSON(b *testing.B) {
	data, err := os.ReadFile("testdata/example.json")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var in Input
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil {
			b.Fatal(err)
		}
		if err := Validate(in); err != nil {
			b.Fatal(err)
		}
	}
}
