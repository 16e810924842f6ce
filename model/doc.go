// Package model holds the records of the local action plan against
// violent extremism — observations, situational pictures, measures,
// cases, members, meetings and partners — their vocabularies with
// Swedish and English labels, their validation, their encoded form, and
// the derived views every screen and report needs.
//
// It does no I/O: pure types and functions, so the terminal app, the
// command line, the vault and the export bundles speak one language.
//
// # Records
//
// Every record embeds [Meta] and implements [Record]. [New] makes an empty
// record of a [Kind], [Prepare] fills in its ID, version, times and
// author, [Validate] returns every problem with it at once, and
// [Encode] and [Decode] convert it to and from its encoded form.
//
// # Vocabularies
//
// Each vocabulary is a typed string ([Milieu], [Dimension], [Org], …)
// whose values are stable lower snake case English codes, the same in
// JSON, on disk and in bundles. Labels come from one catalogue in both
// languages: code.Label(lang), or [Lang.T] for any [Msg].
//
// # Untrusted text
//
// Text from a user, the vault or a bundle is shown only through
// [Sanitize] or [SanitizeLine]; [Validate] rejects text that would need
// sanitizing, so stored records hold clean text.
//
// # Opinions are not registered (R2)
//
// No function of this package lists, filters or searches cases or
// persons by milieu. A [Case] has no milieu field; a milieu attaches to a
// case only inside its [ConcernStatement], the stated concern about
// violence. [CaseFilter] has no milieu criterion; an [ObservationFilter]
// with a milieu criterion never selects observations about an
// individual; and a test checks that no exported function taking cases
// takes a milieu.
//
// # Small counts are never published (R3)
//
// Every figure that leaves the vault or the security chief's own screen —
// the quarterly report in every form, meeting mode's breakdowns — goes
// through one suppression: [SuppressTable] (with [SuppressRow] and
// [Suppress] for the simple shapes), and for the report
// [QuarterReport.Figures]. A count from 1 to the threshold minus 1 is
// printed "< 5", and further figures are hidden until an exact audit finds
// no small figure that the published totals determine. The threshold is
// the vault's setting [SettingSuppressThreshold] (default
// [DefaultSuppressThreshold], never below [MinSuppressThreshold]).
//
// # Backwards compatibility
//
// The encoded form carries a format version ([FormatVersion]). Decode
// reads every earlier version; testdata holds golden files of each
// version that the tests decode.
package model
