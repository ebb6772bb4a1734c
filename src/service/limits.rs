//! Time limits in the service: the limits of a category (from the rules data), and what the
//! watcher and the queue read (the schedule) for a complaint's facts.

use super::Service;
use crate::domain::calendar::Calendar;
use crate::domain::deadlines::{alerts, running};
use crate::domain::limits::Limits;
use crate::domain::{Category, Facts};
use crate::storage::Schedule;

impl Service {
    /// The time limits of a category, from the rules data.
    pub fn limits(&self, category: Category) -> Limits {
        self.classifier.rules().limits(category)
    }
}

/// When the watcher must look at a complaint (its first alert, even a past one: the watcher
/// sends what is due, once, and moves on to the next), and the end of its running limit.
pub fn schedule(f: &Facts, cal: &Calendar) -> Schedule {
    Schedule {
        next_alert_at: alerts(f, &f.deadlines, cal).first().map(|a| a.at),
        urgent_at: running(f, &f.deadlines).map(|(_, _, due)| due),
    }
}
