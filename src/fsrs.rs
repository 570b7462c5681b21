//! The FSRS-5 scheduler (Free Spaced Repetition Scheduler, open-spaced-repetition), with its
//! published default weights: given a card's memory state and a grade, the next state and the
//! next interval. Pure arithmetic: the caller passes the time in; nothing here reads a clock.
//!
//! The formulas are those of FSRS-5 as the open-spaced-repetition wiki gives them ("The
//! Algorithm"): retrievability `R(t, S) = (1 + F·t/S)^D` with `D = -0.5`, `F = 19/81`; initial
//! stability `w[G-1]`; initial difficulty `w4 - e^(w5·(G-1)) + 1`; difficulty moves by
//! `-w6·(G-3)` damped by `(10-D)/9` and reverts toward `D0(Easy)` by `w7`; stability after a
//! recall `S·(e^w8·(11-D)·S^-w9·(e^(w10·(1-R))-1)·penalty·bonus + 1)`, after a lapse
//! `w11·D^-w12·((S+1)^w13-1)·e^(w14·(1-R))` (never above the old stability), and a recall on
//! the same day `S·e^(w17·(G-3+w18))`. Intervals target 90 % retention, so the interval in days
//! is the stability, rounded, at least one day.

/// FSRS-5's default weights.
pub const DEFAULT_WEIGHTS: [f64; 19] = [
    0.40255, 1.18385, 3.173, 15.69105, 7.1949, 0.5345, 1.4604, 0.0046, 1.54575, 0.1192, 1.01925,
    1.9395, 0.11, 0.29605, 2.2698, 0.2315, 2.9898, 0.51655, 0.6621,
];

const DECAY: f64 = -0.5;
const FACTOR: f64 = 19.0 / 81.0;
/// The longest interval given, in days (a hundred years: effectively "learnt").
pub const MAX_INTERVAL_DAYS: i64 = 36_500;
/// One day in milliseconds, the unit of intervals.
pub const DAY_MS: i64 = 86_400_000;

/// How a review went. The checker grades, not the learner: see `crate::review`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Grade {
    /// Forgotten: the check failed.
    Again = 1,
    /// Recalled with effort.
    Hard = 2,
    /// Recalled.
    Good = 3,
    /// Recalled at once.
    Easy = 4,
}

impl Grade {
    /// The lowercase name, as stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Again => "again",
            Grade::Hard => "hard",
            Grade::Good => "good",
            Grade::Easy => "easy",
        }
    }

    /// The grade named by [`Grade::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy]
            .into_iter()
            .find(|g| g.as_str() == s)
    }

    fn value(self) -> f64 {
        self as i32 as f64
    }
}

/// A card's memory state after at least one review.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Memory {
    /// Days for recall probability to fall to 90 %.
    pub stability: f64,
    /// 1 (easy) to 10 (hard).
    pub difficulty: f64,
}

/// The scheduler, with its weights.
#[derive(Debug, Clone)]
pub struct Scheduler {
    w: [f64; 19],
}

impl Default for Scheduler {
    fn default() -> Self {
        Self { w: DEFAULT_WEIGHTS }
    }
}

impl Scheduler {
    /// The probability of recall `elapsed_days` after a review that left `stability`.
    pub fn retrievability(&self, elapsed_days: f64, stability: f64) -> f64 {
        (1.0 + FACTOR * elapsed_days.max(0.0) / stability).powf(DECAY)
    }

    /// The memory after the first review of a new card.
    pub fn first(&self, grade: Grade) -> Memory {
        Memory {
            stability: self.w[grade as usize - 1].max(0.1),
            difficulty: self.initial_difficulty(grade).clamp(1.0, 10.0),
        }
    }

    /// The memory after reviewing a card `elapsed_days` after its last review.
    pub fn next(&self, m: Memory, elapsed_days: f64, grade: Grade) -> Memory {
        let w = &self.w;
        let difficulty = self.next_difficulty(m.difficulty, grade);
        let stability = if grade == Grade::Again {
            let r = self.retrievability(elapsed_days, m.stability);
            let lapse = w[11]
                * m.difficulty.powf(-w[12])
                * ((m.stability + 1.0).powf(w[13]) - 1.0)
                * (w[14] * (1.0 - r)).exp();
            lapse.min(m.stability)
        } else if elapsed_days < 1.0 {
            m.stability * (w[17] * (grade.value() - 3.0 + w[18])).exp()
        } else {
            let r = self.retrievability(elapsed_days, m.stability);
            let penalty = if grade == Grade::Hard { w[15] } else { 1.0 };
            let bonus = if grade == Grade::Easy { w[16] } else { 1.0 };
            m.stability
                * (w[8].exp()
                    * (11.0 - m.difficulty)
                    * m.stability.powf(-w[9])
                    * ((w[10] * (1.0 - r)).exp() - 1.0)
                    * penalty
                    * bonus
                    + 1.0)
        };
        Memory {
            stability: stability.max(0.1),
            difficulty,
        }
    }

    /// Whole days until the next review, for 90 % retention: the stability, rounded, at least 1.
    pub fn interval_days(&self, stability: f64) -> i64 {
        let days = stability / FACTOR * (0.9f64.powf(1.0 / DECAY) - 1.0);
        (days.round() as i64).clamp(1, MAX_INTERVAL_DAYS)
    }

    fn initial_difficulty(&self, grade: Grade) -> f64 {
        self.w[4] - (self.w[5] * (grade.value() - 1.0)).exp() + 1.0
    }

    fn next_difficulty(&self, d: f64, grade: Grade) -> f64 {
        let delta = -self.w[6] * (grade.value() - 3.0);
        let damped = d + delta * (10.0 - d) / 9.0;
        let reverted =
            self.w[7] * self.initial_difficulty(Grade::Easy) + (1.0 - self.w[7]) * damped;
        reverted.clamp(1.0, 10.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_reviews_use_the_default_initial_stabilities() {
        let s = Scheduler::default();
        assert_eq!(s.interval_days(s.first(Grade::Again).stability), 1);
        assert_eq!(s.interval_days(s.first(Grade::Hard).stability), 1);
        assert_eq!(s.interval_days(s.first(Grade::Good).stability), 3);
        assert_eq!(s.interval_days(s.first(Grade::Easy).stability), 16);
        let d = |g| s.first(g).difficulty;
        assert!(d(Grade::Again) > d(Grade::Hard) && d(Grade::Hard) > d(Grade::Good));
        assert!(d(Grade::Good) > d(Grade::Easy));
    }

    #[test]
    fn retrievability_is_ninety_percent_after_one_stability() {
        let s = Scheduler::default();
        assert!((s.retrievability(10.0, 10.0) - 0.9).abs() < 1e-9);
        assert_eq!(s.retrievability(0.0, 10.0), 1.0);
        assert!(s.retrievability(30.0, 10.0) < 0.9);
    }

    #[test]
    fn recalls_on_time_grow_the_interval_and_a_lapse_shrinks_it() {
        let s = Scheduler::default();
        let mut m = s.first(Grade::Good);
        let mut last = s.interval_days(m.stability);
        for _ in 0..4 {
            m = s.next(m, last as f64, Grade::Good);
            let now = s.interval_days(m.stability);
            assert!(now > last, "{now} after {last}");
            last = now;
        }
        let hard = s.next(m, last as f64, Grade::Hard);
        let easy = s.next(m, last as f64, Grade::Easy);
        assert!(hard.stability < easy.stability);
        let lapsed = s.next(m, last as f64, Grade::Again);
        assert!(s.interval_days(lapsed.stability) < last);
        assert!(lapsed.difficulty > m.difficulty, "a lapse makes it harder");
    }

    #[test]
    fn grades_round_trip_through_their_names() {
        for g in [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy] {
            assert_eq!(Grade::parse(g.as_str()), Some(g));
        }
        assert_eq!(Grade::parse("meh"), None);
    }
}
