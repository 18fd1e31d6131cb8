"""Reading input files: YAML with line and column, models built from it with every problem
at once, the JSON Schemas, and a client's check-ins."""
