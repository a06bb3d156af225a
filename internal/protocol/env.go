package protocol

import (
	"sync"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
)

// Rules are written in a subset of CEL (cel.dev). CEL parses and
// type-checks them against typed declarations, so a rule such as
// `age >= "65"` or one naming an unknown variable fails when the protocol
// loads. unknot then compiles the checked expression to Go functions over
// Facts (compile.go), which is what makes evaluation cheap; a test checks
// that both give the same answers.

// Two functions beyond CEL's standard ones make rules about several words
// readable:
//
//	has_any(symptoms, ["numbness", "tingling"])        any of the words is in the list
//	count_of(symptoms, ["night_pain", "night_sweats"]) how many of the words are in the list
const (
	fnHasAny  = "has_any"
	fnCountOf = "count_of"
)

// env is the CEL environment every rule is checked in. It is built once:
// building it costs milliseconds and it is safe for concurrent use.
var env = sync.OnceValues(newEnv)

func newEnv() (*cel.Env, error) {
	strList := cel.ListType(cel.StringType)
	opts := []cel.EnvOption{
		cel.ClearMacros(),
		cel.CrossTypeNumericComparisons(true),
		cel.Function(fnHasAny,
			cel.Overload("has_any_list_list", []*cel.Type{strList, strList}, cel.BoolType,
				cel.BinaryBinding(func(l, words ref.Val) ref.Val {
					return types.Bool(countOf(l, words) > 0)
				}))),
		cel.Function(fnCountOf,
			cel.Overload("count_of_list_list", []*cel.Type{strList, strList}, cel.IntType,
				cel.BinaryBinding(func(l, words ref.Val) ref.Val {
					return types.Int(countOf(l, words))
				}))),
	}
	for _, v := range variables {
		var t *cel.Type
		switch v.kind {
		case kindList:
			t = strList
		case kindString:
			t = cel.StringType
		case kindBool:
			t = cel.BoolType
		case kindNum:
			t = cel.DoubleType
			if v.whole {
				t = cel.IntType
			}
		}
		opts = append(opts, cel.Variable(v.name, t))
	}
	return cel.NewEnv(opts...)
}

// countOf is the CEL interpreter's count_of, used only to check the
// compiled functions against CEL itself.
func countOf(l, words ref.Val) int {
	list, ok1 := l.(traits.Lister)
	ws, ok2 := words.(traits.Lister)
	if !ok1 || !ok2 {
		return 0
	}
	n := 0
	it := ws.Iterator()
	for it.HasNext() == types.True {
		if list.Contains(it.Next()) == types.True {
			n++
		}
	}
	return n
}
