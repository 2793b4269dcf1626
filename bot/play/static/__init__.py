"""The play page: one HTML file, its style sheet and its script (shipped, no CDN)."""
