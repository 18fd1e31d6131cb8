"""Plans as pages: Markdown, JSON, one-file HTML and the starter files, all from templates in
`templates/` through one module of Jinja environments. Pure functions."""
