"""Private client sites: their pages (pure), charts, the MkDocs build, batches on every core,
PDFs, logos and the live preview."""
