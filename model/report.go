package model

import (
	"fmt"
	"strings"
)

// ReportDoc is a report laid out as a title and blocks — headings,
// paragraphs, bullet lists and tables — so that one content renders both as
// Markdown ([ReportDoc.Markdown], for `varn report`) and as plain text for
// the terminal ([ReportDoc.Text]). Every string in it is plain text: the
// renderers sanitise it and, for Markdown, escape what Markdown would read
// as markup, so record text can neither format the report nor send control
// sequences anywhere.
type ReportDoc struct {
	Title  string
	Blocks []ReportBlock
}

// ReportBlock is one block of a [ReportDoc]; exactly one of its fields is
// set.
type ReportBlock struct {
	Heading string
	Para    string
	Items   []string
	// Table is a table whose first row is the header.
	Table [][]string
}

// QuarterDoc lays out the quarterly follow-up rep (M6) in language l: the
// picture per milieu (with the change against the previous picture and
// the key judgements), the measures, the cases as counts only (R2) and
// the gender perspective (M7). asOf is the day the figures are taken on.
// The text of a TLP:RED picture is withheld: only its levels are shown.
//
// The report becomes a public record: every figure in it is one of
// rep.Figures(threshold) (R3), so no count from 1 to threshold−1 can be
// read or worked out from it. threshold is the vault's setting
// [SettingSuppressThreshold]; below [MinSuppressThreshold] it means
// [DefaultSuppressThreshold].
func QuarterDoc(rep QuarterReport, l Lang, asOf Date, threshold int) ReportDoc {
	fig := rep.Figures(threshold)
	q := rep.Quarter
	d := ReportDoc{Title: l.T(MtgReportTitle, q.String())}
	add := func(b ReportBlock) { d.Blocks = append(d.Blocks, b) }
	add(ReportBlock{Para: l.T(MtgReportPeriod, q.Start().String(), q.End().String(), asOf.String())})

	// The picture per milieu.
	add(ReportBlock{Heading: l.T(MtgReportPicture)})
	p := rep.Picture
	if p == nil {
		add(ReportBlock{Para: l.T(MtgReportNoPicture)})
	} else {
		state := l.T(MtgReportDraft)
		if p.IsPublished() {
			state = l.T(MtgReportPublished, p.Published.UTC().Format("2006-01-02"), p.ApprovedBy)
		}
		para := l.T(MtgReportPictureOf, p.Title, p.From.String(), p.To.String(), state)
		if rep.Previous != nil {
			para += " " + l.T(MtgReportComparedWith, rep.Previous.Title)
		}
		add(ReportBlock{Para: para})
	}
	tab := [][]string{{l.T(MtgColMilieu), l.T(MtgColObservations), l.T(MtgColPresence), l.T(MtgColActivity), l.T(MtgColTrend), l.T(MtgColChange)}}
	changes := map[Milieu]LevelChange{}
	for _, c := range rep.Changes {
		changes[c.Milieu] = c
	}
	for i, m := range AllMilieus() {
		row := []string{m.Label(l), fig.Observations[i].String(), "–", "–", "–", "–"}
		if p != nil {
			if ml, ok := p.Level(m); ok {
				row[2] = ml.Presence.Label(l)
				row[3] = ml.Activity.Label(l)
				row[4] = ml.Trend.Label(l)
			}
			if c, ok := changes[m]; ok && rep.Previous != nil {
				row[5] = changeText(c, l)
			}
		}
		tab = append(tab, row)
	}
	add(ReportBlock{Table: tab})
	if p != nil {
		switch {
		case p.TLP == TLPRed:
			add(ReportBlock{Para: l.T(MtgReportRedWithheld)})
		default:
			if s := strings.TrimSpace(p.Summary); s != "" {
				add(ReportBlock{Para: s})
			}
			if len(p.Judgements) > 0 {
				add(ReportBlock{Para: l.T(MtgReportJudgements)})
				items := make([]string, 0, len(p.Judgements))
				for _, j := range p.Judgements {
					t := j.Text + " (" + j.Likelihood.Label(l) + ")"
					if j.Milieu != "" {
						t = j.Milieu.Label(l) + ": " + t
					}
					items = append(items, t)
				}
				add(ReportBlock{Items: items})
			}
		}
	}

	// The measures.
	add(ReportBlock{Heading: l.T(MtgReportMeasures)})
	tiers := AllTiers()
	byTier := make([]string, len(tiers))
	for i, t := range tiers {
		byTier[i] = t.Label(l) + " " + fig.StartedByTier[i].String()
	}
	add(ReportBlock{Items: []string{
		l.T(SupReportStarted, fig.Started.String(), strings.Join(byTier, ", ")),
		l.T(SupReportCompleted, fig.Completed.String()),
		l.T(SupReportFollowedUp, fig.FollowedUp.String()),
		l.T(SupReportOverdue, fig.Overdue.String()),
	}})

	// The cases, as counts only.
	add(ReportBlock{Heading: l.T(MtgReportCases)})
	add(ReportBlock{Items: []string{
		l.T(SupReportCasesOpened, fig.CasesOpened.String()),
		l.T(SupReportCasesClosed, fig.CasesClosed.String()),
		l.T(SupReportCasesActive, fig.CasesActive.String()),
	}})
	add(ReportBlock{Para: l.T(MtgReportCasesNote)})

	// The gender perspective.
	add(ReportBlock{Heading: l.T(MtgReportGender)})
	g := [][]string{{""}}
	for _, x := range Genders() {
		g[0] = append(g[0], x.Label(l))
	}
	g[0] = append(g[0], l.T(MtgColTotal))
	grow := func(label string, cells []Count, total Count) []string {
		row := []string{label}
		for _, c := range cells {
			row = append(row, c.Share(total))
		}
		return append(row, total.String())
	}
	for i, t := range tiers {
		if i < len(fig.ReachByTier) {
			g = append(g, grow(l.T(MtgReportReachOf, t.Label(l)), fig.ReachByTier[i], fig.ReachTierTotal[i]))
		}
	}
	g = append(g, grow(l.T(MtgReportReachAll), fig.Reach, fig.ReachTotal))
	g = append(g, grow(l.T(MtgReportCasesByGender), fig.CasesByGender, fig.CasesActive))
	add(ReportBlock{Table: g})
	add(ReportBlock{Para: l.T(MtgReportGenderNote)})
	add(ReportBlock{Para: l.T(SupReportNote, fig.Threshold-1, fig.Threshold, fig.Threshold)})
	return d
}

// changeText describes a milieu's change against the previous picture.
func changeText(c LevelChange, l Lang) string {
	switch {
	case !c.Before:
		return l.T(MtgChangeNew)
	case !c.After:
		return l.T(MtgChangeGone)
	case !c.Changed():
		return l.T(MtgChangeNone)
	}
	var parts []string
	if c.PresenceBefore != c.PresenceAfter {
		parts = append(parts, fmt.Sprintf("%s %d→%d", l.T(MtgColPresence), c.PresenceBefore, c.PresenceAfter))
	}
	if c.ActivityBefore != c.ActivityAfter {
		parts = append(parts, fmt.Sprintf("%s %d→%d", l.T(MtgColActivity), c.ActivityBefore, c.ActivityAfter))
	}
	if c.TrendBefore != c.TrendAfter {
		parts = append(parts, c.TrendBefore.Label(l)+"→"+c.TrendAfter.Label(l))
	}
	return strings.Join(parts, ", ")
}

// Markdown renders the report as CommonMark (with a GFM table for the
// tables). Text is sanitised to one line per paragraph, item or cell and
// every character Markdown could read as markup is escaped.
func (d ReportDoc) Markdown() string {
	var b strings.Builder
	b.WriteString("# " + MarkdownEscape(d.Title) + "\n")
	for _, bl := range d.Blocks {
		b.WriteByte('\n')
		switch {
		case bl.Heading != "":
			b.WriteString("## " + MarkdownEscape(bl.Heading) + "\n")
		case bl.Para != "":
			b.WriteString(MarkdownEscape(bl.Para) + "\n")
		case bl.Items != nil:
			for _, it := range bl.Items {
				b.WriteString("- " + MarkdownEscape(it) + "\n")
			}
		case bl.Table != nil:
			for i, row := range bl.Table {
				b.WriteString("|")
				for _, c := range row {
					b.WriteString(" " + MarkdownEscape(c) + " |")
				}
				b.WriteByte('\n')
				if i == 0 {
					b.WriteString("|")
					for j := range row {
						if numericColumn(bl.Table, j) {
							b.WriteString(" ---: |")
						} else {
							b.WriteString(" --- |")
						}
					}
					b.WriteByte('\n')
				}
			}
		}
	}
	return b.String()
}

// numericColumn reports whether every body cell of column j is a figure:
// it starts with a digit or is a suppressed figure ("< 5", "≥ 5", "..").
// Such columns are right-aligned.
func numericColumn(t [][]string, j int) bool {
	if j == 0 || len(t) < 2 {
		return false
	}
	for _, row := range t[1:] {
		if j >= len(row) || !isFigure(row[j]) {
			return false
		}
	}
	return true
}

func isFigure(s string) bool {
	switch {
	case s == "":
		return false
	case s[0] >= '0' && s[0] <= '9', s == "..", strings.HasPrefix(s, "< "), strings.HasPrefix(s, "≥ "):
		return true
	}
	return false
}

// MarkdownEscape makes s safe as inline Markdown text: it is sanitised to
// one line (no control or escape sequences, no line breaks) and every
// character that could start markup — emphasis, code, links, HTML, tables,
// entities, headings and list markers at the start — is backslash-escaped.
func MarkdownEscape(s string) string {
	s = strings.TrimSpace(SanitizeLine(s))
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '#', '~', '&', '!', '$':
			b.WriteByte('\\')
		case '-', '+', '=':
			if i == 0 {
				b.WriteByte('\\')
			}
		case '.', ')':
			if i > 0 && allDigits(s[:i]) { // "1." or "1)" would start a list
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Text renders the report as plain text for a terminal of width w: the
// title and headings underlined, paragraphs wrapped, bullets, and tables
// with aligned columns (cut to w). Text is sanitised.
func (d ReportDoc) Text(w int) []string {
	w = max(w, 20)
	var out []string
	under := func(t string, c string) {
		t = cutRunes(t, w)
		out = append(out, t, strings.Repeat(c, runeWidth(t)))
	}
	under(SanitizeLine(d.Title), "═")
	for _, bl := range d.Blocks {
		switch {
		case bl.Heading != "":
			out = append(out, "")
			under(SanitizeLine(bl.Heading), "─")
		case bl.Para != "":
			out = append(out, wrap(SanitizeLine(bl.Para), w, "")...)
		case bl.Items != nil:
			for _, it := range bl.Items {
				out = append(out, wrap(SanitizeLine(it), w, "• ")...)
			}
		case bl.Table != nil:
			widths := map[int]int{}
			for _, row := range bl.Table {
				for j, c := range row {
					widths[j] = max(widths[j], runeWidth(SanitizeLine(c)))
				}
			}
			for _, row := range bl.Table {
				var line strings.Builder
				for j, c := range row {
					c = SanitizeLine(c)
					pad := strings.Repeat(" ", widths[j]-runeWidth(c))
					if j == 0 {
						line.WriteString(c + pad)
					} else {
						line.WriteString("  " + pad + c)
					}
				}
				out = append(out, cutRunes(line.String(), w))
			}
		}
	}
	return out
}

// runeWidth counts runes: the report's texts are letters, digits and
// punctuation of one cell each.
func runeWidth(s string) int { return len([]rune(s)) }

func cutRunes(s string, w int) string {
	r := []rune(s)
	if len(r) <= w {
		return s
	}
	return string(r[:w-1]) + "…"
}

// wrap breaks s into lines of at most w runes at spaces, the first line
// starting with lead and the others indented as far.
func wrap(s string, w int, lead string) []string {
	ind := strings.Repeat(" ", runeWidth(lead))
	var out []string
	line, empty := lead, true
	for _, word := range strings.Fields(s) {
		if !empty && runeWidth(line)+1+runeWidth(word) > w {
			out = append(out, cutRunes(line, w))
			line, empty = ind, true
		}
		if !empty {
			line += " "
		}
		line += word
		empty = false
	}
	return append(out, cutRunes(line, w))
}
