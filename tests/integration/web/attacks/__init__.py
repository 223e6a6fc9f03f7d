"""The attackers: tests that try to learn who answered what, each against one promise of
docs/privacy.md. Every test here failed on the code before the anonymity rewrite."""
