package main

import "runtime/debug"

// tuneGC sets the garbage collector for a server, unless GOGC or
// GOMEMLIMIT in the environment say otherwise: collect when the heap has
// grown to three times what is live (GOGC=200) instead of twice, with a
// soft ceiling of 512 MiB on all of Go's memory. A request's garbage is
// mostly encoding buffers and rows; at the default the collector took
// 8–9% of the CPU under load. Measured (docs/PERFORMANCE.md): assessments
// ~2,650 → ~3,200 per second and p99 ~23.5 → ~20 ms, RSS under that load
// 68 → 83 MB; GOGC=400 crossed 100 MB. The ceiling keeps a burst of
// sign-ins (argon2id, 64 MiB each, four at a time) from growing the heap
// to three times their 256 MiB before a collection.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(512 << 20)
	}
}
