package outcome

import (
	"strings"
	"testing"
)

func TestScoreStartBack(t *testing.T) {
	tests := []struct {
		name       string
		answers    [9]int
		total, psy int
		risk       Risk
	}{
		{"nothing", [9]int{}, 0, 0, RiskLow},
		{"total 3 is low, whatever the subscale", [9]int{0, 0, 0, 0, 1, 1, 0, 0, 3}, 3, 3, RiskLow},
		{"total 3 from physical items", [9]int{1, 1, 1, 0, 0, 0, 0, 0, 0}, 3, 0, RiskLow},
		{"total 4, subscale 0 is medium", [9]int{1, 1, 1, 1, 0, 0, 0, 0, 0}, 4, 0, RiskMedium},
		{"total 4, subscale 3 is medium", [9]int{1, 0, 0, 0, 1, 1, 1, 0, 0}, 4, 3, RiskMedium},
		{"total 4, subscale 4 is high", [9]int{0, 0, 0, 0, 1, 1, 1, 1, 0}, 4, 4, RiskHigh},
		{"subscale 4 with item 9 very much", [9]int{1, 0, 0, 0, 1, 1, 1, 0, 3}, 5, 4, RiskHigh},
		{"subscale 3 with item 9 moderately (does not count)", [9]int{1, 0, 0, 0, 1, 1, 1, 0, 2}, 4, 3, RiskMedium},
		{"item 9 extremely counts", [9]int{1, 1, 1, 0, 0, 0, 0, 0, 4}, 4, 1, RiskMedium},
		{"item 9 slightly does not count", [9]int{1, 1, 1, 0, 0, 0, 0, 0, 1}, 3, 0, RiskLow},
		{"item 9 not at all", [9]int{1, 1, 1, 0, 0, 0, 0, 0, 0}, 3, 0, RiskLow},
		{"everything", [9]int{1, 1, 1, 1, 1, 1, 1, 1, 4}, 9, 5, RiskHigh},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			total, psy, risk, err := ScoreStartBack(tt.answers)
			if err != nil || total != tt.total || psy != tt.psy || risk != tt.risk {
				t.Errorf("ScoreStartBack(%v) = %d, %d, %s, %v; want %d, %d, %s", tt.answers, total, psy, risk, err, tt.total, tt.psy, tt.risk)
			}
		})
	}
	for _, bad := range [][9]int{{2}, {0, 0, 0, 0, 0, 0, 0, -1}, {0, 0, 0, 0, 0, 0, 0, 0, 5}, {0, 0, 0, 0, 0, 0, 0, 0, Unanswered}} {
		if _, _, _, err := ScoreStartBack(bad); err == nil {
			t.Errorf("ScoreStartBack(%v): no error", bad)
		}
	}
}

func TestScoreODI(t *testing.T) {
	const u = Unanswered
	tests := []struct {
		name     string
		sections [10]int
		percent  float64
		band     string
		err      string
	}{
		{"none", [10]int{}, 0, "minimal", ""},
		{"10 answered, 20 is minimal", [10]int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 20, "minimal", ""},
		{"10 answered, 22 is moderate", [10]int{2, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 22, "moderate", ""},
		{"16 of 50 is 32", [10]int{2, 2, 2, 2, 2, 2, 1, 1, 1, 1}, 32, "moderate", ""},
		{"40 is moderate", [10]int{2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, 40, "moderate", ""},
		{"42 is severe", [10]int{3, 2, 2, 2, 2, 2, 2, 2, 2, 2}, 42, "severe", ""},
		{"60 is severe", [10]int{3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, 60, "severe", ""},
		{"62 is crippled", [10]int{4, 3, 3, 3, 3, 3, 3, 3, 3, 3}, 62, "crippled", ""},
		{"80 is crippled", [10]int{4, 4, 4, 4, 4, 4, 4, 4, 4, 4}, 80, "crippled", ""},
		{"82 is bed-bound", [10]int{5, 4, 4, 4, 4, 4, 4, 4, 4, 4}, 82, "bed-bound", ""},
		{"100", [10]int{5, 5, 5, 5, 5, 5, 5, 5, 5, 5}, 100, "bed-bound", ""},
		// Nine sections: the denominator is 45.
		{"9 answered, 16 of 45 is 35.6", [10]int{2, 2, 2, 2, 2, 2, 2, 1, 1, u}, 100 * 16.0 / 45, "moderate", ""},
		{"9 answered, 9 of 45 is 20, minimal", [10]int{u, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 20, "minimal", ""},
		{"9 answered, 10 of 45 is 22.2, moderate", [10]int{u, 2, 1, 1, 1, 1, 1, 1, 1, 1}, 100 * 10.0 / 45, "moderate", ""},
		{"9 answered, 18 of 45 is 40", [10]int{2, 2, 2, 2, 2, 2, 2, 2, 2, u}, 40, "moderate", ""},
		{"9 answered, all 5", [10]int{5, 5, 5, 5, u, 5, 5, 5, 5, 5}, 100, "bed-bound", ""},
		{"8 answered: no score", [10]int{1, 1, 1, 1, 1, 1, 1, 1, u, u}, 0, "", "8 sections answered"},
		{"none answered", [10]int{u, u, u, u, u, u, u, u, u, u}, 0, "", "0 sections answered"},
		{"6 is not an answer", [10]int{6}, 0, "", "section 1: answer 6"},
		{"-2 is not an answer", [10]int{0, -2}, 0, "", "section 2: answer -2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, band, err := ScoreODI(tt.sections)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("ScoreODI(%v) error %v, want %q", tt.sections, err, tt.err)
				}
				return
			}
			if err != nil || p != tt.percent || band != tt.band {
				t.Errorf("ScoreODI(%v) = %v, %s, %v; want %v, %s", tt.sections, p, band, err, tt.percent, tt.band)
			}
		})
	}
}

func TestODIBand(t *testing.T) {
	for p, want := range map[float64]string{0: "minimal", 20: "minimal", 21: "moderate", 40: "moderate",
		41: "severe", 60: "severe", 61: "crippled", 80: "crippled", 81: "bed-bound", 100: "bed-bound"} {
		if got := ODIBand(p); got != want {
			t.Errorf("ODIBand(%v) = %s, want %s", p, got, want)
		}
	}
	// No index a form can give falls strictly between two bands (20 < x < 21).
	for n := 1; n <= 10; n++ {
		for sum := 0; sum <= 5*n; sum++ {
			p := float64(sum) * 100 / float64(5*n)
			for _, b := range odiBands[:4] {
				if p > b.Max && p < b.Max+1 {
					t.Errorf("%d of %d sections gives %v, between bands", sum, n, p)
				}
			}
		}
	}
}

func TestCompare(t *testing.T) {
	set := Default()
	get := func(id string) Instrument {
		in, ok := set.Get(id)
		if !ok {
			t.Fatalf("no %s", id)
		}
		return in
	}
	tests := []struct {
		id            string
		baseline, now float64
		want          Status
	}{
		// Pain: 2 points, or 30% with at least 1 point (Ostelo 2008).
		{"nprs", 6, 4, Better},
		{"nprs", 6, 4.5, Same}, // 1.5 points, 25%
		{"nprs", 5, 3.5, Better},
		{"nprs", 5, 6.5, Worse},
		{"nprs", 2, 1, Better}, // 1 point, 50%
		{"nprs", 3, 2.1, Same}, // 30%, but under a point
		{"nprs", 8, 10, Worse}, // 2 points, 25%
		{"nprs", 0, 1, Worse},  // 1 point from none
		// Oswestry: 10 points, or 30% with at least 5 points.
		{"odi", 40, 30, Better},
		{"odi", 40, 31, Same},   // 9 points, 22.5%
		{"odi", 20, 14, Better}, // 6 points is 30%
		{"odi", 20, 14.2, Same}, // 29%
		{"odi", 10, 7, Same},    // 30% but 3 points
		{"odi", 30, 40, Worse},
		{"odi", 60, 50, Better},
		// PSFS: higher is better; detectable change 2 points of the mean.
		{"psfs", 4, 6, Better},
		{"psfs", 4, 5.9, Same},
		{"psfs", 6, 4, Worse},
		{"startback", 5, 2, ""},
	}
	for _, tt := range tests {
		c := get(tt.id).Compare(tt.baseline, tt.now)
		if c.Status != tt.want {
			t.Errorf("%s %v → %v: %s, want %s", tt.id, tt.baseline, tt.now, c.Status, tt.want)
		}
		if c.Points != tt.now-tt.baseline {
			t.Errorf("%s: points %v", tt.id, c.Points)
		}
	}
	if c := get("nprs").Compare(0, 3); c.Percent != nil {
		t.Error("a percentage of a zero baseline")
	}
}
