"""huanjie (换届): the re-election of an owners' committee, lawful and checkable by every owner."""

__version__ = "0.1.0"
