package model

import (
	"errors"
	"fmt"
	"time"
)

// Date is a civil date (year, month, day) without a time of day or a time
// zone, such as an observation date or a follow-up date. The zero Date is
// unset. Dates compare with ==, [Date.Before] and [Date.After], and encode
// in JSON as "2026-11-22" (the zero Date as "").
type Date struct {
	// n is the number of days since 0001-01-01 plus one, so that the zero
	// value is unset and dates order like n.
	n int32
}

// Supported range of years.
const (
	minYear = 1
	maxYear = 9999
)

// NewDate returns the date y-m-d. Like [time.Date], out-of-range months
// and days are normalised: NewDate(2026, 1, 32) is 2026-02-01. It
// returns the zero Date for years outside 1–9999.
func NewDate(y int, m time.Month, d int) Date {
	if m < 1 || m > 12 || d < 1 || d > 28 {
		t := time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
		y, m, d = t.Date()
	}
	if y < minYear || y > maxYear {
		return Date{}
	}
	return Date{n: int32(daysFromCivil(y, int(m), d) - epochShift)}
}

// DateOf returns the civil date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// errDate is the one error of ParseDate; callers add the field.
var errDate = errors.New("not a date of the form YYYY-MM-DD")

// ParseDate parses a date of the form YYYY-MM-DD. The empty string parses
// as the zero (unset) Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	d, ok := parseDate(s)
	if !ok {
		return Date{}, fmt.Errorf("model: %q is %w", truncate(s, 20), errDate)
	}
	return d, nil
}

func parseDate(s string) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, false
	}
	num := func(b string) (int, bool) {
		n := 0
		for i := 0; i < len(b); i++ {
			c := b[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	y, ok1 := num(s[0:4])
	m, ok2 := num(s[5:7])
	d, ok3 := num(s[8:10])
	if !ok1 || !ok2 || !ok3 || y < minYear || m < 1 || m > 12 || d < 1 || d > daysIn(y, time.Month(m)) {
		return Date{}, false
	}
	return Date{n: int32(daysFromCivil(y, m, d) - epochShift)}, true
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d.n == 0 }

// Before reports whether d is before e. A zero Date is before every set date.
func (d Date) Before(e Date) bool { return d.n < e.n }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.n > e.n }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.n < e.n:
		return -1
	case d.n > e.n:
		return 1
	}
	return 0
}

// Date returns the year, month and day of d; zeros for the zero Date.
func (d Date) Date() (year int, month time.Month, day int) {
	if d.n == 0 {
		return 0, 0, 0
	}
	y, m, dd := civilFromDays(int(d.n) + epochShift)
	return y, time.Month(m), dd
}

// AddDays returns d plus n days (n may be negative). The zero Date stays zero.
func (d Date) AddDays(n int) Date {
	if d.n == 0 {
		return d
	}
	v := int(d.n) + n
	if v < 1 || v > maxDays {
		return Date{}
	}
	return Date{n: int32(v)}
}

// AddMonths returns d plus n months, keeping the day of the month but
// clamping it to the month's last day: 2026-01-31 plus one month is
// 2026-02-28 (not March 3 as with [time.Time.AddDate]). The zero Date
// stays zero.
func (d Date) AddMonths(n int) Date {
	if d.n == 0 {
		return d
	}
	y, m, dd := d.Date()
	total := y*12 + int(m-1) + n
	y, m = total/12, time.Month(total%12+1)
	if y < minYear || y > maxYear {
		return Date{}
	}
	if last := daysIn(y, m); dd > last {
		dd = last
	}
	return NewDate(y, m, dd)
}

// Sub returns the number of days from e to d (d − e).
func (d Date) Sub(e Date) int { return int(d.n) - int(e.n) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// 0001-01-01 (n = 1) was a Monday.
	return time.Weekday(int(d.n) % 7)
}

// ISOWeek returns the ISO 8601 year and week number of d.
func (d Date) ISOWeek() (year, week int) { return d.Time(time.UTC).ISOWeek() }

// Monday returns the Monday of d's ISO week.
func (d Date) Monday() Date {
	if d.n == 0 {
		return d
	}
	wd := int(d.Weekday()+6) % 7 // Monday = 0
	return d.AddDays(-wd)
}

// Time returns midnight at the start of d in loc.
func (d Date) Time(loc *time.Location) time.Time {
	y, m, dd := d.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, loc)
}

// String returns d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.n == 0 {
		return ""
	}
	var b [10]byte
	return string(d.appendTo(b[:0]))
}

func (d Date) appendTo(b []byte) []byte {
	y, m, dd := d.Date()
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(m)/10), byte('0'+int(m)%10), '-', byte('0'+dd/10), byte('0'+dd%10))
	return b
}

// MarshalText encodes d as YYYY-MM-DD ("" when unset).
func (d Date) MarshalText() ([]byte, error) {
	if d.n == 0 {
		return []byte{}, nil
	}
	return d.appendTo(make([]byte, 0, 10)), nil
}

// UnmarshalText decodes YYYY-MM-DD; the empty text is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, ok := parseDate(string(b))
	if !ok {
		return fmt.Errorf("model: %q is %w", truncate(string(b), 20), errDate)
	}
	*d = v
	return nil
}

// epochShift makes 0001-01-01 day 1: daysFromCivil(1, 1, 1) - 1.
// maxDays is the n of 9999-12-31. TestDateConstants checks both.
const (
	epochShift = -719163
	maxDays    = 3652059
)

// daysFromCivil returns the days since 1970-01-01 of y-m-d in the
// proleptic Gregorian calendar (H. Hinnant's algorithm).
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int) (y, m, d int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// daysIn returns the number of days of month m of year y.
func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// Quarter is a calendar quarter such as 2026Q3.
type Quarter struct {
	Year int
	N    int // 1–4
}

// QuarterOf returns the quarter d falls in.
func QuarterOf(d Date) Quarter {
	y, m, _ := d.Date()
	return Quarter{Year: y, N: (int(m)-1)/3 + 1}
}

// ParseQuarter parses a quarter written like "2026Q3" (or "2026-Q3").
func ParseQuarter(s string) (Quarter, error) {
	var q Quarter
	t := s
	if len(t) == 7 && t[4] == '-' {
		t = t[:4] + t[5:]
	}
	if len(t) != 6 || (t[4] != 'Q' && t[4] != 'q') || t[5] < '1' || t[5] > '4' {
		return q, fmt.Errorf("model: %q is not a quarter of the form 2026Q3", truncate(s, 20))
	}
	d, ok := parseDate(t[:4] + "-01-01")
	if !ok {
		return q, fmt.Errorf("model: %q is not a quarter of the form 2026Q3", truncate(s, 20))
	}
	y, _, _ := d.Date()
	return Quarter{Year: y, N: int(t[5] - '0')}, nil
}

// Start returns the first day of q.
func (q Quarter) Start() Date { return NewDate(q.Year, time.Month(3*(q.N-1)+1), 1) }

// End returns the last day of q.
func (q Quarter) End() Date { return q.Next().Start().AddDays(-1) }

// Contains reports whether d falls in q.
func (q Quarter) Contains(d Date) bool {
	return !d.IsZero() && !d.Before(q.Start()) && !d.After(q.End())
}

// Next returns the quarter after q.
func (q Quarter) Next() Quarter {
	if q.N == 4 {
		return Quarter{Year: q.Year + 1, N: 1}
	}
	return Quarter{Year: q.Year, N: q.N + 1}
}

// Prev returns the quarter before q.
func (q Quarter) Prev() Quarter {
	if q.N == 1 {
		return Quarter{Year: q.Year - 1, N: 4}
	}
	return Quarter{Year: q.Year, N: q.N - 1}
}

// String returns q as "2026Q3".
func (q Quarter) String() string { return fmt.Sprintf("%04dQ%d", q.Year, q.N) }
