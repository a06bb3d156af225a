package diary

import (
	"testing"
)

func TestClassifySums(t *testing.T) {
	tests := []struct {
		name                                     string
		recentSum, recentDays, baseSum, baseDays int
		want                                     Status
	}{
		// Points: 2 points is meaningful at any baseline.
		{"down exactly 2 from 8", 6, 1, 8, 1, Better},
		{"down 1.9 from 8 (under 30% too)", 43, 7, 8, 1, Same}, // 6.14…: 1.86 down, 23%
		{"up exactly 2 from 8", 10, 1, 8, 1, Worse},
		{"up 1.86 from 8", 69, 7, 8, 1, Same},
		// Percent: 30% of the baseline, when that is at least 1 point.
		{"down exactly 30% of 5 (1.5)", 7, 2, 5, 1, Better},                  // 3.5
		{"down 29% of 5 (1.43)", 25, 7, 5, 1, Same},                          // 3.571…
		{"up exactly 30% of 5", 13, 2, 5, 1, Worse},                          // 6.5
		{"up 1.43 from 5", 45, 7, 5, 1, Same},                                // 6.43
		{"down exactly 30% of 10/3 with 1-point floor", 7, 3, 10, 3, Better}, // 3⅓ → 2⅓: 1 point, 30%
		// Small baselines: the 1-point floor.
		{"1 to 0 is 1 point and 100%", 0, 1, 1, 1, Better},
		{"2 to 1.5 is 25% and half a point", 3, 2, 2, 1, Same},
		{"3 to 2 is 33% and 1 point", 2, 1, 3, 1, Better},
		{"3 to 2.1 is 30% but 0.9 point", 21, 10, 3, 1, Same},
		{"0 to 1 is worse (1 point)", 1, 1, 0, 1, Worse},
		{"0 to 0.9 is same", 9, 10, 0, 1, Same},
		{"1 to 2 is worse", 2, 1, 1, 1, Worse},
		// Large baselines: 30% is more than 2 points, so 2 points decides.
		{"10 to 8 is better (2 points, 20%)", 8, 1, 10, 1, Better},
		{"9 to 7.1 is same (1.9 points, 21%)", 71, 10, 9, 1, Same},
		// No data.
		{"no recent days", 0, 0, 5, 1, NotEnoughData},
		{"no baseline days", 5, 1, 0, 0, NotEnoughData},
		// Baseline as a mean of the first 3 days.
		{"first days 4,5,6 then 3", 3, 1, 15, 3, Better},
		{"first days 4,5,6 then 4", 4, 1, 15, 3, Same},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ClassifySums(tt.recentSum, tt.recentDays, tt.baseSum, tt.baseDays)
			if got != tt.want {
				t.Errorf("ClassifySums(%d, %d, %d, %d) = %s, want %s", tt.recentSum, tt.recentDays, tt.baseSum, tt.baseDays, got, tt.want)
			}
		})
	}
}
