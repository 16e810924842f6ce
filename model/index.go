package model

// milieuIndex returns the position of m in AllMilieus, or -1.
func milieuIndex(m Milieu) int {
	switch m {
	case MilieuWhitePower:
		return 0
	case MilieuAutonomous:
		return 1
	case MilieuViolentIslamist:
		return 2
	case MilieuOther:
		return 3
	case MilieuUnclear:
		return 4
	case MilieuCrossMilieu:
		return 5
	}
	return -1
}

// dimensionIndex returns the position of d in AllDimensions, or -1.
func dimensionIndex(d Dimension) int {
	switch d {
	case DimensionSituation:
		return 0
	case DimensionArea:
		return 1
	case DimensionPhenomenon:
		return 2
	case DimensionTrend:
		return 3
	case DimensionGroup:
		return 4
	case DimensionIndividual:
		return 5
	}
	return -1
}

// tierIndex returns the position of t in AllTiers, or -1.
func tierIndex(t Tier) int {
	switch t {
	case TierGeneral:
		return 0
	case TierSpecific:
		return 1
	case TierIndividual:
		return 2
	}
	return -1
}

// statusIndex returns the position of s in AllMeasureStatuses, or -1.
func statusIndex(s MeasureStatus) int {
	switch s {
	case StatusProposed:
		return 0
	case StatusDecided:
		return 1
	case StatusOngoing:
		return 2
	case StatusOnHold:
		return 3
	case StatusCompleted:
		return 4
	case StatusFollowedUp:
		return 5
	case StatusCancelled:
		return 6
	}
	return -1
}

const (
	numMilieus    = 6
	numDimensions = 6
	numTiers      = 3
	numStatuses   = 7
)
