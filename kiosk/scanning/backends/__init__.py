"""Scanner backends: SANE (scanimage), eSCL (AirScan), a watched folder, file import."""
