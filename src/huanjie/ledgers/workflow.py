"""Which status a demand may move to from which: one step at a time, and back only by reopening."""

from __future__ import annotations

from huanjie.ledgers.models import Status

# The forward path; a demand never skips a step (a closed demand was answered, an answered one handled).
FORWARD: dict[str, str] = {
    Status.RECORDED: Status.ASSIGNED,
    Status.ASSIGNED: Status.IN_PROGRESS,
    Status.IN_PROGRESS: Status.ANSWERED,
    Status.ANSWERED: Status.CLOSED,
}
# Reopening (with a reason) sends an answered or closed demand back to be handled again.
REOPENABLE = frozenset({Status.ANSWERED, Status.CLOSED})
OPEN = frozenset({Status.RECORDED, Status.ASSIGNED, Status.IN_PROGRESS})


def allowed_targets(status: str) -> list[str]:
    targets = [FORWARD[status]] if status in FORWARD else []
    if status in REOPENABLE:
        targets.append(Status.IN_PROGRESS)
    return targets
