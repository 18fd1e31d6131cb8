"""The models: what a profile, a rule, a check-in and a coach's site settings hold.

Frozen dataclasses whose `Annotated` constraints are the one source of truth for validation,
the JSON Schemas and the guide's format reference. Imports nothing else of playbook."""
