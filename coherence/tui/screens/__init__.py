"""The screens of the terminal UI: setup, overview, indicator, results, help."""
