"""Reading clients' own account exports (zip, tar.gz, unpacked folder or posts file)."""
