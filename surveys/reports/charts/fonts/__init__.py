"""The typeface shipped for charts (a subset of Noto Sans CJK SC; see README.md)."""
