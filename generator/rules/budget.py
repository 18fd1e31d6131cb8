"""How long rule code may run, and how much text rules may write, for one profile.

Time is the processor time the rule code uses, checked wherever it can spend it (`tick`),
at three levels:

- TIME_LIMIT: one condition or one text, run once;
- RULE_BUDGET: everything one rule runs for one profile (its condition on each platform,
  its evidence, actions, checklist and advice), so twenty slow fields cannot add up;
- PLAN_BUDGET: every rule together for one profile, one run of the rulebook for one plan,
  so many rules that each stay under their budget cannot add up either.

And one size: MAX_PLAN_TEXT characters of rendered rule text in one plan (each text is
capped at MAX_OUTPUT on its own, in sandbox.py).

Runs for one profile are told apart from runs for another by the variables the code gets:
the engine builds them once per profile, and every run for that profile shares its
`client` value. So no caller has to say when a profile starts.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import Mark, Problem, ProblemsError

# Seconds of processor time one condition or one text may use on one profile. The slowest
# of the bundled rules takes under 0.1 ms, so this is over 5,000 times that, while a rule
# that loops over millions of items fails within a second instead of hanging `rules check`,
# a plan or the guide's build. Processor time, not wall-clock: on a loaded machine whose
# scheduler stalls the process, a quick rule must not fail for time it never used.
TIME_LIMIT = 0.5
# Seconds all of one rule's code may run for one profile, and all rules' code together.
RULE_BUDGET = 1.0
PLAN_BUDGET = 5.0
# Characters of rendered rule text one plan may hold: a few hundred printed pages, some
# twenty times what the bundled rules write for the largest example.
MAX_PLAN_TEXT = 500_000
TIME_MESSAGE = f"the rule took longer than {TIME_LIMIT:g} s on this profile: simplify its loops"
RULE_MESSAGE = (
    f"the rule's code ran for more than {RULE_BUDGET:g} s in all on this profile (the "
    "budget of one rule for one profile): simplify its loops"
)


class RuleCodeError(Exception):
    """A rule's expression or text cannot be compiled or run; the message says why.

    `where` is the path of the failing field inside the rule file, such as
    ("actions", 2, "text"), so the error can point at its line.
    """

    def __init__(self, message: str, where: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.where = where


class BudgetError(RuleCodeError):
    """A rule spent its time for one profile. It points at the rule itself, not at the field
    where the time ran out, so every field that fails after it gives the same one line."""

    def __init__(self) -> None:
        super().__init__(RULE_MESSAGE, ())


class PlanLimitError(ProblemsError):
    """The rules together spent the plan's time or wrote more than its text: the plan
    stops at once, with one line naming the rules that spent the most."""


@dataclass(frozen=True)
class Owner:
    """The rule a piece of code belongs to: its file and id."""

    path: str
    id: str


class _Account(threading.local):
    """What the rules spent on the profile being planned in this thread."""

    def __init__(self) -> None:
        self.profile: object = None  # held, so that its id is never reused while we look
        self.seconds: dict[Owner, float] = {}
        self.chars: dict[Owner, int] = {}
        self.total = 0.0
        self.written = 0
        self.client = ""
        self.deadline = math.inf  # on the cheap wall clock, checked first by `tick`
        self.left = math.inf  # processor seconds the running code may use
        self.cpu_started = 0.0
        self.limit = "one"  # which limit `deadline` stands for: one run, rule or plan

    def switch(self, context: Mapping[str, Any]) -> None:
        """Start a new account when the code runs for another profile."""
        client = context.get("client", context)
        if client is self.profile:
            return
        self.profile = client
        self.seconds, self.chars = {}, {}
        self.total, self.written = 0.0, 0
        name = client.get("name") if isinstance(client, Mapping) else None
        self.client = str(name) if name is not None else "this profile"

    def top(self, spent: Mapping[Owner, float] | Mapping[Owner, int]) -> list[Owner]:
        return sorted(spent, key=lambda o: (-spent[o], o.id))

    def plan_error(self, what: str, hint: str, owners: list[Owner]) -> PlanLimitError:
        mark = Mark(owners[0].path, 1, 1) if owners else Mark("rules", 1, 1)
        return PlanLimitError([Problem(mark, what, hint)])

    def time_up(self) -> None:
        """The wall clock passed the deadline: fail only when the code really used its
        processor time, else move the deadline on by what is left."""
        used = time.thread_time() - self.cpu_started
        if used < self.left:
            self.deadline = time.monotonic() + (self.left - used)
            return
        self.overrun()

    def overrun(self) -> None:
        """Raise the error for the limit that ran out."""
        if self.limit == "rule":
            raise BudgetError()
        if self.limit == "plan":
            owners = self.top(self.seconds)
            shares = ", ".join(f"'{o.id}' {self.seconds[o]:.1f} s" for o in owners[:3])
            raise self.plan_error(
                f"the rules' code ran for more than {PLAN_BUDGET:g} s in all on the profile "
                f"of {self.client} (the budget of one plan); the slowest: {shares}",
                "simplify those rules' loops, or take the rules out of the rules folder",
                owners,
            )
        raise RuleCodeError(TIME_MESSAGE)


_ACCOUNT = _Account()


def tick(now: Callable[[], float] = time.monotonic) -> None:
    """Fail the running rule code once its time is up; called wherever it can spend time."""
    # The wall clock is read on every tick because it is cheap; the thread's processor
    # time, ten times dearer, only once the wall clock says the time may be up.
    if now() > _ACCOUNT.deadline:
        _ACCOUNT.time_up()


def start(owner: Owner | None, context: Mapping[str, Any]) -> float:
    """Start the clock for one run of `owner`'s code on `context`; returns the thread's
    processor time at the start, for `stop`.
    Code with no owner (built outside a rule file) has TIME_LIMIT and nothing more."""
    account = _ACCOUNT
    now = time.monotonic()
    account.limit, left = "one", TIME_LIMIT
    if owner is not None:
        account.switch(context)
        for limit, budget in (
            ("rule", RULE_BUDGET - account.seconds.get(owner, 0.0)),
            ("plan", PLAN_BUDGET - account.total),
        ):
            if budget < left:
                account.limit, left = limit, budget
        if left <= 0:
            account.overrun()
    account.deadline, account.left = now + left, left
    account.cpu_started = time.thread_time()
    return account.cpu_started


def stop(owner: Owner | None, started: float) -> None:
    """Stop the clock, and charge the time to the owner (also when its code failed)."""
    account = _ACCOUNT
    account.deadline = account.left = math.inf
    if owner is not None:
        spent = time.thread_time() - started
        account.seconds[owner] = account.seconds.get(owner, 0.0) + spent
        account.total += spent


def charge_text(owner: Owner | None, context: Mapping[str, Any], size: int) -> None:
    """Count `size` characters of rendered text against the plan's MAX_PLAN_TEXT."""
    if owner is None:
        return
    account = _ACCOUNT
    account.switch(context)
    account.chars[owner] = account.chars.get(owner, 0) + size
    account.written += size
    if account.written > MAX_PLAN_TEXT:
        owners = account.top(account.chars)
        shares = ", ".join(f"'{o.id}' ({account.chars[o]})" for o in owners[:3])
        more = f" and {len(owners) - 3} more" if len(owners) > 3 else ""
        raise account.plan_error(
            f"the plan for {account.client} would hold more than {MAX_PLAN_TEXT} characters "
            f"of rule text (the limit of one plan); the rules that write most: {shares}{more}",
            "shorten those rules' texts, or switch some off for this client under rules: skip:",
            owners,
        )
