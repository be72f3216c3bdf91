"""coherence: assess how well an authority has mainstreamed migration into local development planning."""

__version__ = "0.1.0"
