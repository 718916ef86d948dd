"""consilience: many news reports of one event, one cross-checked account."""

__version__ = "0.1.0"
