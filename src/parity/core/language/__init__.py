"""Reading the words: stance, feelings and traits in free text (no network, no model download)."""
