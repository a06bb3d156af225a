package app

import (
	"context"
	"testing"
	"time"
)

// TestSignUpsLeaveRoomForSignIns is finding 7's slowdown: 459 sign-ups in
// 12 s took every hashing slot, and a real sign-in waited over a second.
// New hashes may hold at most half the slots; with those taken, a sign-in
// still verifies at once, and one more new hash waits.
func TestSignUpsLeaveRoomForSignIns(t *testing.T) {
	h := newHasher(PasswordParams{MemoryKiB: 1024, Time: 1, Threads: 1, Concurrent: 4})
	enc, err := h.Hash(context.Background(), "correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	// Two sign-ups hashing now: both of the new-hash slots, two of four in all.
	for range 2 {
		h.fresh <- struct{}{}
		h.sem <- struct{}{}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if ok, err := h.Verify(ctx, "correct horse battery staple", enc); err != nil || !ok {
		t.Fatalf("a sign-in during a sign-up flood: %v, %v", ok, err)
	}
	short, cancel2 := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel2()
	if _, err := h.Hash(short, "another passphrase here"); err == nil {
		t.Fatal("a third sign-up hashed while two held the new-hash slots")
	}
}
