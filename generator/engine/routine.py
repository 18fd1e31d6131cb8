"""The weekly routine: the plan's week day by day (what to post where, the answering
sessions and the measuring), every slot timed, all of it within the time budget."""

from __future__ import annotations

from .effort import WEEKS_PER_CHECKIN, Effort
from .mix import KIND_NOUNS, Nouns
from .plan import MixAdvice
from .posts import GROW_ORDER
from .week import DAYS, Budget, Routine, Slot

# Posts go out on these days in turn, so a week's posts are spread rather than bunched.
POST_DAYS = ("Tuesday", "Thursday", "Monday", "Wednesday", "Friday", "Saturday", "Sunday")
SESSION_DAYS = {
    5: DAYS[:5],
    3: ("Monday", "Wednesday", "Friday"),
    2: ("Tuesday", "Friday"),
    1: ("Wednesday",),
}
EVERY = {1: "", 2: ", every two weeks", 4: ", every four weeks", 13: ", once a quarter"}


def _post_slots(
    mix: tuple[MixAdvice, ...], effort: Effort, nouns: Nouns = KIND_NOUNS
) -> list[Slot]:
    """A slot per post: weekly where the count allows, else every two or four weeks."""
    slots: list[Slot] = []
    for advice in mix:
        counts = advice.counts
        if advice.paused or not counts.posts:
            continue
        for kind in GROW_ORDER:
            count = counts.recommended[kind]
            if counts.weeks == 4:
                cadences = [1] * (count // 4) + [2] * (count % 4 // 2) + [4] * (count % 2)
            else:
                cadences = [counts.weeks] * count
            minutes = effort.post_minutes(advice.platform, kind)
            for every in cadences:
                noun = nouns[kind][0]
                named = effort.label(advice.platform, kind)
                what = f"{named[:1].upper()}{named[1:]} ({noun})" if named else f"1 {noun}"
                task = f"{what}{EVERY.get(every, '')}"
                slots.append(Slot("", advice.platform, advice.label, task, kind, minutes, every))
    return [
        Slot(
            POST_DAYS[i % len(POST_DAYS)],
            s.platform,
            s.label,
            s.task,
            s.kind,
            s.minutes,
            s.every_weeks,
        )
        for i, s in enumerate(slots)
    ]


def build_routine(
    mix: tuple[MixAdvice, ...], budget: Budget, effort: Effort, nouns: Nouns = KIND_NOUNS
) -> Routine:
    """The routine for the mix as it fits the budget."""
    slots = _post_slots(mix, effort, nouns)
    every = "Every platform"
    for day in SESSION_DAYS[budget.reply_sessions]:
        slots.append(
            Slot(day, None, every, "Answer comments and messages", None, effort.reply_session)
        )
    slots.append(
        Slot(
            "Friday",
            None,
            every,
            "Weekly log: replies, messages, outcomes",
            None,
            effort.weekly_review,
        )
    )
    slots.append(
        Slot(
            "Monday",
            None,
            every,
            f"Monthly check-in{EVERY[WEEKS_PER_CHECKIN]}",
            None,
            effort.checkin,
            WEEKS_PER_CHECKIN,
        )
    )
    order = {day: i for i, day in enumerate(DAYS)}
    ranked = sorted(enumerate(slots), key=lambda pair: (order[pair[1].day], pair[0]))
    return Routine(budget, tuple(s for _, s in ranked))
