package app

import (
	"encoding/json"
	"fmt"
	"hash/maphash"
	"sync"
	"time"

	"unknot/internal/clinical"
	"unknot/internal/domain"
	"unknot/internal/library"
	"unknot/internal/plan"
)

// A stored assessment never changes, so neither does the plan built from
// it: every check-in rebuilt it (plan.Build, about a fifth of a check-in's
// time, inside its unit of work, which group commit runs one after the
// other; docs/PERFORMANCE.md). Plans are kept here by what they are built
// from: the library, the zone and the stored answers and result
// themselves (hashed), so that two databases' records with one id never
// share a plan. Callers only read a cached plan (plan.Adjust takes a copy).

// planCacheSize bounds the cache; when full it starts again empty.
const planCacheSize = 4096

type planKey struct {
	lib  *library.Library
	tz   string
	id   string
	hash uint64
}

type planEntry struct {
	plan *plan.Plan
	err  error
	at   time.Time // the result's own time (clinical.Result.At)
}

var plans = struct {
	sync.Mutex
	seed maphash.Seed
	m    map[planKey]planEntry
}{seed: maphash.MakeSeed(), m: map[planKey]planEntry{}}

// cachedPlan returns the plan of rec, built once, and the time of its
// result. The stored result (~4 KB of JSON) is decoded only to build the
// plan: a check-in, which needs no more of it, no longer decodes it each
// time (encoding/json's reflection, a tenth of a check-in's CPU:
// docs/PERFORMANCE.md). A result that cannot be decoded is an error, and
// not kept.
func cachedPlan(lib *library.Library, rec *domain.Assessment, in clinical.Input, loc *time.Location) (*plan.Plan, time.Time, error) {
	var h maphash.Hash
	h.SetSeed(plans.seed)
	h.Write(rec.Input)
	h.WriteByte(0)
	h.Write(rec.Result)
	k := planKey{lib: lib, tz: loc.String(), id: rec.ID, hash: h.Sum64()}
	plans.Lock()
	e, ok := plans.m[k]
	plans.Unlock()
	if ok {
		return e.plan, e.at, e.err
	}
	var res clinical.Result
	if err := json.Unmarshal(rec.Result, &res); err != nil {
		return nil, time.Time{}, fmt.Errorf("decoding the stored result of an assessment: %w", err)
	}
	p, err := plan.Build(in, res, lib, loc)
	if err == nil {
		e = planEntry{plan: &p, at: res.At}
	} else {
		e = planEntry{err: err, at: res.At}
	}
	plans.Lock()
	if len(plans.m) >= planCacheSize {
		clear(plans.m)
	}
	plans.m[k] = e
	plans.Unlock()
	return e.plan, e.at, e.err
}
