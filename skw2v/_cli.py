"""Old home of the command line (console scripts installed before 0.1 point here)."""

from .cli import main

__all__ = ["main"]
