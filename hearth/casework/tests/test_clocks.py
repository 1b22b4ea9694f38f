"""Due dates on tricky calendars: weekends, bank holidays (Christmas, Easter, New Year), leap
years and the clock changes."""

from __future__ import annotations

import datetime as dt

import pytest

from hearth.casework import clocks
from hearth.core.calendar import LONDON

D = dt.date


def london(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


UTC = dt.UTC


class TestFrontDoor:
    def test_friday_contact_is_due_on_monday_at_the_same_time(self):
        due = clocks.front_door_decision_due(london(2024, 12, 20, 15, 0), child_protection=False)
        assert due == london(2024, 12, 23, 15, 0)

    def test_christmas_eve_contact_skips_christmas_and_boxing_day(self):
        due = clocks.front_door_decision_due(london(2024, 12, 24, 10, 0), child_protection=False)
        assert due == london(2024, 12, 27, 10, 0)

    def test_maundy_thursday_contact_skips_the_easter_weekend(self):
        due = clocks.front_door_decision_due(london(2024, 3, 28, 16, 0), child_protection=False)
        assert due == london(2024, 4, 2, 16, 0)

    def test_saturday_contact_is_due_on_monday(self):
        due = clocks.front_door_decision_due(london(2024, 6, 8, 9, 30), child_protection=False)
        assert due == london(2024, 6, 10, 9, 30)

    def test_child_protection_contact_is_due_in_four_hours_even_at_weekends(self):
        due = clocks.front_door_decision_due(london(2024, 6, 8, 9, 30), child_protection=True)
        assert due == london(2024, 6, 8, 13, 30)

    def test_four_hours_across_the_spring_clock_change_are_elapsed_hours(self):
        # 23:30 GMT on 30 March 2024; clocks go forward at 01:00 GMT.
        received = dt.datetime(2024, 3, 30, 23, 30, tzinfo=UTC)
        due = clocks.front_door_decision_due(received, child_protection=True)
        assert due == dt.datetime(2024, 3, 31, 3, 30, tzinfo=UTC)
        assert due.astimezone(LONDON).hour == 4  # 04:30 BST on the wall clock

    def test_four_hours_across_the_autumn_clock_change_are_elapsed_hours(self):
        received = dt.datetime(2024, 10, 26, 23, 30, tzinfo=UTC)  # 00:30 BST on 27 October
        due = clocks.front_door_decision_due(received, child_protection=True)
        assert due.astimezone(LONDON).replace(tzinfo=None) == dt.datetime(2024, 10, 27, 3, 30)

    def test_naive_datetimes_are_refused(self):
        with pytest.raises(ValueError):
            clocks.front_door_decision_due(dt.datetime(2024, 1, 1, 9), child_protection=False)


class TestAssessmentAndChildProtection:
    def test_assessment_is_45_working_days_counting_christmas_and_new_year(self):
        assert clocks.assessment_due(D(2024, 12, 2)) == D(2025, 2, 6)

    def test_assessment_clock_counts_working_days_elapsed(self):
        assert clocks.assessment_working_days(D(2024, 12, 2), on=D(2025, 2, 6)) == 45
        assert clocks.assessment_working_days(D(2024, 12, 20), on=D(2024, 12, 27)) == 3

    def test_icpc_is_15_working_days_from_the_strategy_discussion_over_easter(self):
        assert clocks.icpc_due(D(2024, 3, 28)) == D(2024, 4, 22)

    def test_first_review_three_months_after_icpc_lands_on_29_february_in_a_leap_year(self):
        assert clocks.cp_review_due(D(2023, 11, 30)) == D(2024, 2, 29)

    def test_first_review_clamps_to_28_february_in_a_common_year(self):
        assert clocks.cp_review_due(D(2024, 11, 30)) == D(2025, 2, 28)

    def test_later_reviews_are_six_monthly_from_the_last_review(self):
        due = clocks.cp_review_due(D(2023, 11, 30), reviews=[D(2024, 2, 29)])
        assert due == D(2024, 8, 29)

    def test_reviews_before_the_icpc_are_ignored(self):
        assert clocks.cp_review_due(D(2024, 1, 10), reviews=[D(2023, 6, 1)]) == D(2024, 4, 10)

    def test_cp_visits_every_10_working_days_skip_christmas_and_new_year(self):
        assert clocks.cp_visit_due(D(2023, 12, 22)) == D(2024, 1, 10)

    def test_cp_visit_frequency_can_be_set_per_plan(self):
        assert clocks.cp_visit_due(D(2024, 6, 3), every_working_days=5) == D(2024, 6, 10)

    def test_local_timescale_from_settings(self, settings):
        settings.HEARTH_CLOCKS = {"CP_VISIT_WORKING_DAYS": 5}
        assert clocks.cp_visit_due(D(2024, 6, 3)) == D(2024, 6, 10)


class TestLookedAfter:
    def test_first_review_20_working_days_over_christmas(self):
        assert clocks.lac_review_due(D(2023, 12, 15)) == D(2024, 1, 17)

    def test_second_review_three_months_after_the_first(self):
        assert clocks.lac_review_due(D(2023, 11, 1), reviews=[D(2023, 11, 30)]) == D(2024, 2, 29)

    def test_then_six_monthly(self):
        due = clocks.lac_review_due(D(2023, 11, 1), reviews=[D(2023, 11, 30), D(2024, 2, 29)])
        assert due == D(2024, 8, 29)

    def test_visit_within_a_week_of_a_new_placement(self):
        assert clocks.cla_visit_due(D(2024, 2, 26)) == D(2024, 3, 4)

    def test_a_visit_before_the_placement_does_not_count(self):
        assert clocks.cla_visit_due(D(2024, 2, 26), last_visit=D(2024, 2, 1)) == D(2024, 3, 4)

    def test_then_every_six_weeks_across_29_february(self):
        assert clocks.cla_visit_due(D(2024, 1, 1), last_visit=D(2024, 2, 1)) == D(2024, 3, 14)

    def test_long_term_placements_are_visited_three_monthly(self):
        due = clocks.cla_visit_due(D(2023, 1, 1), last_visit=D(2023, 11, 30), long_term=True)
        assert due == D(2024, 2, 29)

    def test_initial_health_assessment_20_working_days(self):
        due = clocks.health_assessment_due(D(2024, 12, 2), date_of_birth=D(2015, 1, 1))
        assert due == D(2025, 1, 2)

    def test_health_review_six_monthly_under_five(self):
        due = clocks.health_assessment_due(
            D(2024, 1, 1), date_of_birth=D(2020, 1, 1), last=D(2024, 6, 1)
        )
        assert due == D(2024, 12, 1)

    def test_health_review_yearly_from_five(self):
        due = clocks.health_assessment_due(
            D(2024, 1, 1), date_of_birth=D(2019, 1, 1), last=D(2024, 6, 1)
        )
        assert due == D(2025, 6, 1)

    def test_dental_check_yearly_from_29_february(self):
        assert clocks.dental_check_due(D(2023, 1, 1), last=D(2024, 2, 29)) == D(2025, 2, 28)

    def test_return_interview_72_elapsed_hours_across_the_clock_change(self):
        returned = london(2024, 3, 29, 12, 0)  # GMT; clocks go forward on 31 March
        due = clocks.return_interview_due(returned)
        assert due.astimezone(UTC) - returned.astimezone(UTC) == dt.timedelta(hours=72)
        assert due.astimezone(LONDON).replace(tzinfo=None) == dt.datetime(2024, 4, 1, 13, 0)

    def test_return_interview_across_the_autumn_change(self):
        returned = london(2024, 10, 26, 12, 0)  # BST; clocks go back on 27 October
        due = clocks.return_interview_due(returned)
        assert due.astimezone(LONDON).replace(tzinfo=None) == dt.datetime(2024, 10, 29, 11, 0)


class TestLeavingCareAndCourt:
    def test_pathway_plan_by_16_years_3_months_for_a_leap_day_birthday(self):
        assert clocks.pathway_plan_due(D(2008, 2, 29)) == D(2024, 5, 29)

    def test_pathway_plan_clamps_to_the_end_of_february(self):
        assert clocks.pathway_plan_due(D(2008, 11, 30)) == D(2025, 2, 28)
        assert clocks.pathway_plan_due(D(2007, 11, 30)) == D(2024, 2, 29)

    def test_proceedings_26_weeks(self):
        assert clocks.proceedings_due(D(2024, 2, 1)) == D(2024, 8, 1)


class TestPresentation:
    NOW = london(2024, 6, 12, 9, 0)  # a Wednesday

    @pytest.mark.parametrize(
        ("due", "state"),
        [
            (D(2024, 6, 11), "overdue"),
            (D(2024, 6, 12), "today"),
            (D(2024, 6, 19), "soon"),
            (D(2024, 6, 20), "later"),
            (london(2024, 6, 12, 8, 59), "overdue"),
            (london(2024, 6, 12, 17, 0), "today"),
        ],
    )
    def test_states(self, due, state):
        assert clocks.Due("Visit", due).state(now=self.NOW) == state

    def test_time_left(self):
        assert (
            clocks.time_left(london(2024, 6, 12, 11, 5), now=self.NOW) == "2 hours 5 minutes left"
        )
        assert clocks.time_left(london(2024, 6, 12, 8, 20), now=self.NOW) == "Overdue by 40 minutes"
        assert clocks.time_left(london(2024, 6, 13, 10, 0), now=self.NOW) == "1 day 1 hour left"
