"""Deploy rehearsal: every Terraform part applied against a local AWS emulator."""
