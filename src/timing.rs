//! How long each stage of a build takes, printed to stderr when
//! `GONGKAI_TIMINGS` is set (for profiling; the benchmark reads these lines).
//!
//! A leaf, so that stages below `build` (the search index) can time their
//! parts without importing `build`. Which stages exist is the callers'
//! business.

use std::time::Instant;

/// Prints how long each stage took when `GONGKAI_TIMINGS` is set (for profiling;
/// the benchmark reads these lines).
pub(crate) struct Stages {
    on: bool,
    last: Instant,
}

impl Stages {
    pub(crate) fn start() -> Self {
        Stages {
            on: std::env::var_os("GONGKAI_TIMINGS").is_some(),
            last: Instant::now(),
        }
    }

    pub(crate) fn done(&mut self, stage: &str) {
        if self.on {
            eprintln!("timing {stage}: {} ms", self.last.elapsed().as_millis());
        }
        self.last = Instant::now();
    }
}

/// The parts of a stage whose work is interleaved (the search index's
/// batches): time added up per part, printed like [`Stages`].
pub(crate) struct Parts {
    on: bool,
    spent: Vec<(&'static str, std::time::Duration)>,
}

impl Parts {
    pub(crate) fn start() -> Self {
        Parts {
            on: std::env::var_os("GONGKAI_TIMINGS").is_some(),
            spent: Vec::new(),
        }
    }

    pub(crate) fn time<T>(&mut self, part: &'static str, work: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let out = work();
        match self.spent.iter_mut().find(|(name, _)| *name == part) {
            Some((_, spent)) => *spent += started.elapsed(),
            None => self.spent.push((part, started.elapsed())),
        }
        out
    }

    pub(crate) fn print(&self, stage: &str) {
        if self.on {
            for (part, spent) in &self.spent {
                eprintln!("timing {stage}, {part}: {} ms", spent.as_millis());
            }
        }
    }
}
