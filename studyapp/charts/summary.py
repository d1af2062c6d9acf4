"""The progress in words: the lines a report page, the Markdown report and the command line
print. Plain text, no matplotlib."""

from __future__ import annotations

from studyapp.domain.progress import CourseProgress, Pace, WeekActivity, WeekProgress, WeekReport


def _percent(value: float | None) -> str:
    return f"{value:.0%}" if value is not None else "-"


def item_lines(week: WeekProgress) -> list[str]:
    out = []
    for item in week.items:
        box = "[x]" if item.done else "[ ]"
        why = f"log: {item.evidence}" if item.evidence else item.source.value
        out.append(f"  {item.position}. {box} {' '.join(item.text.split())}  ({why})")
    return out


def week_line(week: WeekProgress) -> str:
    a = week.activity
    quiz = f"{a.quizzes} quizzes {_percent(a.quiz_score)}" if a.quizzes else "no quiz"
    return (
        f"week {week.week:<2} {week.start.isoformat()} – {week.end.isoformat()}  "
        f"{week.done}/{week.planned} done  {a.reviews} answers ({a.new_cards} new), "
        f"retention {_percent(a.true_retention)}, {a.study_minutes:g} min, "
        f"exercises {a.exercises_passed} passed / {a.exercises_due} due, {quiz}"
        + (f"  [{week.status}]" if week.status else "")
    )


def pace_line(today: Pace) -> str:
    ahead = today.ahead_by_items
    side = "ahead" if ahead > 0 else "behind"
    where = "on plan" if abs(ahead) < 0.05 else f"{abs(ahead):.1f} {side}"
    finish = today.projected_finish.isoformat() if today.projected_finish else "- (none done)"
    planned = today.planned_finish.isoformat() if today.planned_finish else "-"
    return (
        f"today {today.day.isoformat()} (week {today.week}): {today.done_items}/"
        f"{today.planned_items} items done, {today.expected_items:.1f} expected: {where}; "
        f"{today.items_per_week:.1f} items/week; projected finish {finish} (plan {planned})"
    )


def _quiet(week: WeekProgress) -> bool:
    return not week.items and week.activity == WeekActivity()


def overview_lines(weeks: list[WeekProgress], *, items: bool = True) -> list[str]:
    """A line per week (and its items); a run of weeks with nothing planned or studied is one
    line."""
    out: list[str] = []
    index = 0
    while index < len(weeks):
        week = weeks[index]
        run = 0
        while index + run < len(weeks) and _quiet(weeks[index + run]):
            run += 1
        if run > 1:
            last = weeks[index + run - 1]
            out.append(f"weeks {week.week}-{last.week} ({week.start} – {last.end}): "
                       "nothing planned or studied")  # fmt: skip
            index += run
            continue
        out.append(week_line(week))
        out.extend(item_lines(week) if items else [])
        index += 1
    return out


def course_lines(progress: CourseProgress, weeks: list[WeekProgress] | None = None) -> list[str]:
    planned = f"{progress.weeks_planned} weeks planned" if progress.weeks_planned else "no goal"
    out = [f"{progress.deck}: course from {progress.course_start.isoformat()}, {planned}"]
    out += overview_lines(list(progress.weeks if weeks is None else weeks))
    out.append(pace_line(progress.today))
    return out


def week_lines(report: WeekReport) -> list[str]:
    progress = report.data.progress
    week = progress.week(report.week)
    title = f"{progress.deck} · {week.week}주차 (week {week.week}) {week.start} – {week.end}"
    return [
        title,
        "",
        week_line(week),
        *item_lines(week),
        "",
        pace_line(progress.today),
        "",
        "all weeks:",
        *(f"  {line}" for line in overview_lines(list(progress.weeks), items=False)),
        "",
        f"generated {report.generated_at.isoformat(timespec='seconds')}",
    ]


def lapse_lines(report: WeekReport) -> list[str]:
    out = ["카드와 과제 (cards with the most lapses, exercises)", ""]
    out.append("lapses  reps  lecture  question")
    for card in report.lapses:
        question = " ".join(card.question.split())[:90]
        out.append(f"{card.lapses:>6}  {card.reps:>4}  L{card.lecture:<6}  {question}")
    if not report.lapses:
        out.append("  (no card has lapsed)")
    out += ["", "exercise                      status       attempts  due"]
    for ex in report.exercises:
        due = ex.due.date().isoformat() if ex.due else "-"
        out.append(f"{ex.id:<30}{ex.status:<13}{ex.attempts:>8}  {due}  {ex.title}")
    if not report.exercises:
        out.append("  (no exercises)")
    return out
