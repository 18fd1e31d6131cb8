"""Judging a profile: which rules fire and why, the recommended posting mix, the checklist,
the plan as data, and progress over check-ins. Pure functions, no I/O."""
