"""The browser editor at /admin/: Decap CMS, configured from the same field tables as validation."""
