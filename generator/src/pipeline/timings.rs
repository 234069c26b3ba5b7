//! How long each stage of a build took, as data: the edges decide whether to print it.

use std::time::{Duration, Instant};

/// Stage durations, in the order the stages ran.
#[derive(Debug, Clone)]
pub struct Timings {
    /// `(stage, how long it took)`.
    pub stages: Vec<(&'static str, Duration)>,
    lap_start: Instant,
}

impl Default for Timings {
    fn default() -> Self {
        Self::new()
    }
}

impl Timings {
    /// Starts timing now.
    pub fn new() -> Self {
        Self {
            stages: Vec::new(),
            lap_start: Instant::now(),
        }
    }

    /// Records that `stage` ended now (it began when the previous one ended).
    pub fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push((stage, now - self.lap_start));
        self.lap_start = now;
    }

    /// Appends another run's stages.
    pub fn extend(&mut self, other: &Timings) {
        self.stages.extend(other.stages.iter().copied());
    }

    /// One line per stage: `model: 12.3 ms`.
    pub fn lines(&self) -> impl Iterator<Item = String> + '_ {
        self.stages
            .iter()
            .map(|(stage, took)| format!("{stage}: {:.1} ms", took.as_secs_f64() * 1000.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laps_are_recorded_in_order() {
        let mut timings = Timings::new();
        timings.lap("first");
        timings.lap("second");
        let stages: Vec<&str> = timings.stages.iter().map(|(s, _)| *s).collect();
        assert_eq!(stages, ["first", "second"]);
        assert_eq!(timings.lines().count(), 2);
    }
}
