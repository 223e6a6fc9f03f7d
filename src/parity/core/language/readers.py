"""The names of the stance readers: one home, light to import (the command line offers them
before anything heavy is loaded)."""

from __future__ import annotations

#: The two readers: ``light`` (cues and words; the default, no extra install) and
#: ``embeddings`` (the same plus the meaning of the whole sentence from a small language model;
#: needs ``parity[embeddings]``). Each has its own weights file, fitted on the same corpus.
LIGHT_READER = "light"
READERS: tuple[str, ...] = (LIGHT_READER, "embeddings")
DEFAULT_READER = LIGHT_READER
