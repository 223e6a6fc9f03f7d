"""The demo organization and the generator behind it.

``demo_dataset()`` returns Harbour & Vale Group's survey round as frames (responses,
relationships, the intended archetypes, parties); the CLI writes them. The pieces are public so
that a facilitator or a test can build other synthetic organizations the same way.
"""

from parity.demo.company import COMPANY_NAME, PARTIES, RELATIONSHIPS, DemoDataset, demo_dataset
from parity.demo.profiles import PROFILES, Profile
from parity.demo.sampling import sample_side
from parity.demo.voices import STANCES, sample_voices

__all__ = [
    "COMPANY_NAME",
    "PARTIES",
    "PROFILES",
    "RELATIONSHIPS",
    "STANCES",
    "DemoDataset",
    "Profile",
    "demo_dataset",
    "sample_side",
    "sample_voices",
]
