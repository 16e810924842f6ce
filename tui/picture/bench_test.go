package picture

import (
	"sort"
	"testing"
	"time"

	"varn/model"
	"varn/model/demo"
)

func demoObservations(n int) []*model.Observation {
	var obs []*model.Observation
	_ = demo.Stream(1, demo.Scale{Observations: n}, func(r model.Record) error {
		if o, ok := r.(*model.Observation); ok {
			obs = append(obs, o)
		}
		return nil
	})
	return obs
}

// BenchmarkSearchKeystroke measures the filter of one keystroke of
// instant search over 100,000 observations: the query grows a letter at
// a time, as typed, and every prefix is one operation. It reports the
// median (p50) as well as the mean.
func BenchmarkSearchKeystroke(b *testing.B) {
	ix := NewIndex(demoObservations(100_000))
	queries := []string{"f", "fl", "fly", "flyg", "flygb", "flygblad", "flygblad v", "flygblad vid"}
	var rows []int
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		f, err := ParseFilter(queries[i%len(queries)])
		if err != nil {
			b.Fatal(err)
		}
		t := time.Now()
		rows = ix.Match(rows, f)
		times = append(times, time.Since(t))
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
}

// BenchmarkSearchFiltered is a keystroke with a milieu and concern
// filter in force as well.
func BenchmarkSearchFiltered(b *testing.B) {
	ix := NewIndex(demoObservations(100_000))
	f, err := ParseFilter("milieu:white_power concern:moderate flygblad")
	if err != nil {
		b.Fatal(err)
	}
	var rows []int
	b.ResetTimer()
	for range b.N {
		rows = ix.Match(rows, f)
	}
}
