"""The terminal workshop session (Textual). Start it with :func:`coherence.tui.app.run_tui`."""
