"""The public guide: its generated pages, their files on disk, the MkDocs plugin, and the
plugin-free copy for any builder."""
