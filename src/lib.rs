//! yingshang (营商) — a Telegram bot that takes complaints about the local business environment,
//! files each under one of seven categories, sends it to the responsible department and holds
//! that department to its time limits.
//!
//! # Layout
//! - [`domain`] — the core, free of I/O: categories, the complaint life-cycle state machine
//!   (one `transition` function), tracking numbers, validated input, default time limits.
//! - [`classifier`] — rules (`config/rules.toml`) plus a naive Bayes model trained at start-up
//!   on `config/examples.jsonl`; routing to departments and conflict-of-interest detection.
//! - [`storage`] — all SQL, on SQLite (embedded default) or PostgreSQL; migrations in
//!   `migrations/sqlite` and `migrations/postgres`.
//! - [`service`] — the conversation and the complainant's operations, shared by both fronts.
//! - [`telegram`] — the thin teloxide adapter: updates in, messages and keyboards out.
//! - [`workers`] — background jobs under one supervised runner: the notification outbox,
//!   housekeeping.
//! - [`console`] — the same conversation in a terminal, on the embedded database.
//! - [`i18n`] — all user-facing text, from `locales/zh-CN` and `locales/en` (Fluent).
//! - [`clock`] — injected time; [`config`] — configuration from the environment.
//! - `src/main.rs` and [`cli`] — the command line: `run`, `console`, `classify`, `migrate`.

pub mod classifier;
pub mod cli;
pub mod clock;
pub mod config;
pub mod console;
pub mod domain;
pub mod i18n;
pub mod service;
pub mod storage;
pub mod telegram;
pub mod workers;
