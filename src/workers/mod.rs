//! Background work: the notification outbox, and the jobs that keep the database tidy (the
//! deadline watcher and the weekly report join them). Each job is a [`Job`]: one bounded
//! `step` at an injected time that says when it next has work, so a test runs a single step
//! with a fake clock and production runs them all in a [`Runner`].
//!
//! The runner supervises: a step that fails is logged and retried after a growing pause; a step
//! that panics is contained (each step runs on a task of its own) and the job goes on; nothing
//! a job does can end the process. Jobs are safe to run in several instances at once: what they
//! take is claimed in the database.

pub mod deadlines;
pub mod outbox;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::clock::SharedClock;
use crate::domain::limits::RATING_DAYS;
use crate::service::Service;

/// When a job next has work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// More is due now: run again at once.
    Now,
    /// Nothing before this long from now (unless woken).
    After(Duration),
}

/// One kind of background work.
pub trait Job: Send + Sync + 'static {
    fn name(&self) -> &'static str;

    /// Does one bounded batch of work due at `now`.
    fn step(&self, now: DateTime<Utc>) -> impl Future<Output = anyhow::Result<Next>> + Send;
}

/// The longest a job sleeps without being woken, and the longest pause after failures.
const MAX_PAUSE: Duration = Duration::from_secs(60);
/// The first pause after a failure; it doubles with each failure in a row.
const FIRST_BACKOFF: Duration = Duration::from_secs(1);

/// Runs jobs until cancelled.
pub struct Runner {
    clock: SharedClock,
    /// Woken when new work was queued (a notice written), so a sleeping job looks at once.
    wake: Arc<Notify>,
    stop: CancellationToken,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Runner {
    /// A runner for `svc`'s jobs: it wakes when the service says work was queued.
    pub fn new(svc: &Service, stop: CancellationToken) -> Runner {
        Runner {
            clock: svc.clock.clone(),
            wake: svc.wake.clone(),
            stop,
            tasks: Vec::new(),
        }
    }

    /// Starts `job` under supervision.
    pub fn spawn<J: Job>(&mut self, job: J) {
        let job = Arc::new(job);
        let (clock, wake, stop) = (self.clock.clone(), self.wake.clone(), self.stop.clone());
        self.tasks
            .push(tokio::spawn(supervise(job, clock, wake, stop)));
    }

    /// Waits for every job to finish its current step after cancellation (at most `grace`).
    pub async fn join(self, grace: Duration) {
        let all = async {
            for t in self.tasks {
                let _ = t.await;
            }
        };
        if tokio::time::timeout(grace, all).await.is_err() {
            tracing::warn!("background jobs did not stop in time");
        }
    }
}

/// One job's loop: step, then sleep until its next work, a wake-up or cancellation.
async fn supervise<J: Job>(
    job: Arc<J>,
    clock: SharedClock,
    wake: Arc<Notify>,
    stop: CancellationToken,
) {
    let mut failures = 0u32;
    while !stop.is_cancelled() {
        let now = clock.now();
        let step = {
            let job = job.clone();
            tokio::spawn(async move { job.step(now).await })
        };
        let pause = match step.await {
            Ok(Ok(next)) => {
                failures = 0;
                match next {
                    Next::Now => Duration::ZERO,
                    Next::After(d) => d.min(MAX_PAUSE),
                }
            }
            Ok(Err(e)) => {
                failures += 1;
                tracing::error!(job = job.name(), error = %format!("{e:#}"), failures, "a background job failed");
                backoff(failures)
            }
            Err(e) => {
                failures += 1;
                tracing::error!(job = job.name(), error = %e, "a background job panicked; it goes on");
                backoff(failures)
            }
        };
        if pause.is_zero() {
            tokio::task::yield_now().await;
            continue;
        }
        tokio::select! {
            _ = tokio::time::sleep(pause) => {}
            _ = wake.notified(), if failures == 0 => {}
            _ = stop.cancelled() => {}
        }
    }
}

fn backoff(failures: u32) -> Duration {
    (FIRST_BACKOFF * 2u32.saturating_pow(failures.saturating_sub(1).min(6))).min(MAX_PAUSE)
}

/// 回访: an answer not rated within the window is closed (办结), and the complainant told.
pub struct AutoClose {
    pub svc: Service,
}

impl Job for AutoClose {
    fn name(&self) -> &'static str {
        "auto-close"
    }

    async fn step(&self, now: DateTime<Utc>) -> anyhow::Result<Next> {
        const BATCH: i64 = 50;
        let calendar = self.svc.calendar().await?;
        // A window of three working days is never shorter than two calendar days: answers
        // older than that are the candidates, oldest first. Windows end in the order the
        // answers were given, so the first one still open ends the round.
        let candidates = self
            .svc
            .db
            .unrated_since((now - chrono::Duration::days(2)).timestamp_millis(), BATCH)
            .await?;
        let mut closed = 0;
        for (id, resolved_at) in &candidates {
            let Some(resolved) = DateTime::from_timestamp_millis(*resolved_at) else {
                continue;
            };
            if calendar.due(resolved, RATING_DAYS).at > now {
                break;
            }
            // Rated meanwhile, or closed by another instance: the refusal is the answer.
            let _ = self
                .svc
                .act_as(
                    crate::domain::Actor::System,
                    *id,
                    crate::domain::Action::AutoClose,
                )
                .await?;
            closed += 1;
        }
        Ok(if closed == BATCH as usize {
            Next::Now
        } else {
            Next::After(Duration::from_secs(600))
        })
    }
}

/// How long update ids are remembered for recognising redeliveries (Telegram redelivers only
/// recent updates).
const KEEP_UPDATE_IDS: chrono::Duration = chrono::Duration::days(7);

/// Forgets what is no longer needed: old update ids, expired prompts.
pub struct Housekeeping {
    pub svc: Service,
}

impl Job for Housekeeping {
    fn name(&self) -> &'static str {
        "housekeeping"
    }

    async fn step(&self, now: DateTime<Utc>) -> anyhow::Result<Next> {
        let before = (now - KEEP_UPDATE_IDS).timestamp_millis();
        self.svc.db.prune_processed_updates(before).await?;
        self.svc.db.prune_prompts(now.timestamp_millis()).await?;
        Ok(Next::After(Duration::from_secs(3600)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    /// Fails, then panics, then works: the runner must keep it going.
    struct Flaky {
        calls: Arc<AtomicU32>,
    }

    impl Job for Flaky {
        fn name(&self) -> &'static str {
            "flaky"
        }

        async fn step(&self, _now: DateTime<Utc>) -> anyhow::Result<Next> {
            match self.calls.fetch_add(1, Ordering::SeqCst) {
                0 => anyhow::bail!("the database is away"),
                1 => panic!("a bug"),
                _ => Ok(Next::After(Duration::from_secs(3600))),
            }
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_failing_or_panicking_job_is_retried_and_a_cancelled_runner_stops() {
        let calls = Arc::new(AtomicU32::new(0));
        let stop = CancellationToken::new();
        let clock: SharedClock = Arc::new(crate::clock::FixedClock::at("2026-11-25T10:00:00Z"));
        let wake = Arc::new(Notify::new());
        let task = tokio::spawn(supervise(
            Arc::new(Flaky {
                calls: calls.clone(),
            }),
            clock,
            wake.clone(),
            stop.clone(),
        ));
        tokio::time::sleep(Duration::from_secs(5)).await;
        assert_eq!(
            calls.load(Ordering::SeqCst),
            3,
            "an error, a panic, then work"
        );
        // Asleep for an hour, but a wake-up runs it at once.
        wake.notify_one();
        tokio::time::sleep(Duration::from_millis(10)).await;
        assert_eq!(calls.load(Ordering::SeqCst), 4);
        stop.cancel();
        tokio::time::timeout(Duration::from_secs(1), task)
            .await
            .expect("the job stops when cancelled")
            .unwrap();
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff(1), Duration::from_secs(1));
        assert_eq!(backoff(3), Duration::from_secs(4));
        assert_eq!(backoff(30), MAX_PAUSE);
    }
}
