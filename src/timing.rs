//! How long each stage of a build takes, for profiling (the benchmark reads
//! these lines).
//!
//! A leaf, so that stages below `build` (the search index) can time their
//! parts without importing `build`. It measures and keeps the times; it
//! never prints and reads no environment: the caller switches it on
//! (`BuildOptions::timings`, which `main.rs` sets from `GONGKAI_TIMINGS`) and
//! prints what comes back in the build's report. Which stages exist is the
//! callers' business.

use std::fmt;
use std::time::{Duration, Instant};

/// How long one stage (or one part of a stage) took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timing {
    /// The stage, e.g. `markdown` or `search index, analysis`.
    pub stage: String,
    pub millis: u128,
    /// The process's resident memory when the stage ended, in MB (Linux
    /// only): where the peak builds up.
    pub resident_mb: Option<u64>,
}

impl fmt::Display for Timing {
    /// The line the benchmark reads: `timing markdown: 12 ms`, then the
    /// memory held when it ended: ` (resident 231 MB)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "timing {}: {} ms", self.stage, self.millis)?;
        match self.resident_mb {
            Some(mb) => write!(f, " (resident {mb} MB)"),
            None => Ok(()),
        }
    }
}

/// The resident memory of this process in MB, from `/proc/self/statm`
/// (its second field, in pages of 4 KiB); `None` where there is none.
fn resident_mb() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096 / (1024 * 1024))
}

/// Times stages run one after another, when switched on.
pub(crate) struct Stages {
    on: bool,
    last: Instant,
    done: Vec<Timing>,
}

impl Stages {
    /// Starts timing now; `on = false` keeps nothing.
    pub(crate) fn new(on: bool) -> Self {
        Stages {
            on,
            last: Instant::now(),
            done: Vec::new(),
        }
    }

    /// The stage named `stage` ended now (it began when the last one ended).
    pub(crate) fn done(&mut self, stage: &str) {
        if self.on {
            self.done.push(Timing {
                stage: stage.to_string(),
                millis: self.last.elapsed().as_millis(),
                resident_mb: resident_mb(),
            });
        }
        self.last = Instant::now();
    }

    /// Adds times measured elsewhere (a stage's parts) after those so far.
    pub(crate) fn extend(&mut self, timings: Vec<Timing>) {
        if self.on {
            self.done.extend(timings);
        }
    }

    /// Every time kept, in the order the stages ended.
    pub(crate) fn into_timings(self) -> Vec<Timing> {
        self.done
    }
}

/// The parts of a stage whose work is interleaved (the search index's
/// batches): time added up per part. Always measured (a few clock reads per
/// batch); the caller of the stage keeps the times or drops them.
pub(crate) struct Parts {
    spent: Vec<(&'static str, Duration)>,
}

impl Parts {
    pub(crate) fn start() -> Self {
        Parts { spent: Vec::new() }
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

    /// The time of each part, named `<stage>, <part>`, in the order the
    /// parts first ran.
    pub(crate) fn timings(&self, stage: &str) -> Vec<Timing> {
        self.spent
            .iter()
            .map(|(part, spent)| Timing {
                stage: format!("{stage}, {part}"),
                millis: spent.as_millis(),
                resident_mb: None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_keep_nothing_unless_switched_on() {
        let mut off = Stages::new(false);
        off.done("content");
        off.extend(vec![Timing {
            stage: "x".into(),
            millis: 1,
            resident_mb: None,
        }]);
        assert!(off.into_timings().is_empty());
        let mut on = Stages::new(true);
        on.done("content");
        on.done("derive");
        let names: Vec<String> = on.into_timings().into_iter().map(|t| t.stage).collect();
        assert_eq!(names, ["content", "derive"]);
    }

    #[test]
    fn parts_add_up_per_part_and_print_as_the_benchmark_reads_them() {
        let mut parts = Parts::start();
        parts.time("analysis", || ());
        parts.time("postings", || ());
        parts.time("analysis", || ());
        let lines: Vec<String> = parts
            .timings("search index")
            .iter()
            .map(|t| {
                format!(
                    "{}",
                    Timing {
                        millis: 0,
                        ..t.clone()
                    }
                )
            })
            .collect();
        assert_eq!(
            lines,
            [
                "timing search index, analysis: 0 ms",
                "timing search index, postings: 0 ms"
            ]
        );
    }
}
