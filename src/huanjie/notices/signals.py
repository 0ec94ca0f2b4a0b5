"""Signals of the notice engine, for the apps whose things a notice lists.

`objection_decided(objection, actor)` is sent inside the deciding transaction, so a receiver's
changes (a candidate withdrawn after an upheld objection) commit or fail with the decision.

`publishing(notice, today)` is sent before a draft is published: a receiver may refuse the
publication by raising its own error (the candidate list while nominations are open).
"""

from __future__ import annotations

from django.dispatch import Signal

objection_decided = Signal()
publishing = Signal()
