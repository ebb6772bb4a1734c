//! The Telegram front: a thin adapter from updates to [`Service::handle`] and from replies to
//! messages and inline keyboards, plus the notification outbox sender.

mod handlers;
pub mod send;

use std::error::Error as _;
use std::future::IntoFuture;
use std::sync::Arc;
use std::time::Duration;

use teloxide::dispatching::ShutdownToken;
use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope, Me};
use teloxide::update_listeners::polling_default;
use teloxide::{ApiError, RequestError};
use tokio::sync::watch;

use crate::i18n::Lang;
use crate::service::{Command, Service};
use crate::workers::deadlines::{DailyDigest, DeadlineWatch};
use crate::workers::outbox::OutboxJob;
use crate::workers::{AutoClose, Housekeeping, Runner};
pub use handlers::schema;

/// The longest pause between two attempts to reach the Bot API.
const MAX_RETRY_DELAY: Duration = Duration::from_secs(30);

/// Builds the bot from `TELOXIDE_TOKEN`, `TELOXIDE_API_URL` and `TELOXIDE_PROXY` exactly as
/// [`Bot::from_env`] does, but a bad setting is an error to report, not a panic.
pub fn bot_from_env() -> anyhow::Result<Bot> {
    let token = std::env::var("TELOXIDE_TOKEN").unwrap_or_default();
    if token.trim().is_empty() {
        anyhow::bail!(
            "TELOXIDE_TOKEN is not set: get a token from @BotFather and run \
             `TELOXIDE_TOKEN=123:abc yingshang run` (or try `yingshang console`, which needs none)"
        );
    }
    // teloxide's client: its timeouts are tuned for long polling, and it honours TELOXIDE_PROXY.
    let bot = Bot::with_client(token, teloxide::net::client_from_env());
    let Ok(raw) = std::env::var("TELOXIDE_API_URL") else {
        return Ok(bot);
    };
    let not_a_url = |why: &dyn std::fmt::Display| {
        anyhow::anyhow!("TELOXIDE_API_URL is not a URL: {raw:?} ({why})")
    };
    // teloxide appends `/bot<token>/<Method>` to the URL's path, so a trailing `/` would
    // double it; `Bot::from_env` strips it the same way.
    let bot = bot.set_api_url(parse(raw.trim_end_matches('/')).map_err(|e| not_a_url(&e))?);
    let url = bot.api_url();
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(not_a_url(&"it must start with http:// or https://"));
    }
    Ok(bot)
}

/// `str::parse` for a type named only by where it goes (reqwest's `Url`, which this crate
/// does not depend on directly).
fn parse<T: std::str::FromStr>(s: &str) -> Result<T, String>
where
    T::Err: std::fmt::Display,
{
    s.parse().map_err(|e: T::Err| e.to_string())
}

/// Runs the bot with long polling until SIGINT or SIGTERM, with the outbox sender beside it.
///
/// It does not give up while the Bot API cannot be reached (a network outage, a proxy being
/// restarted): it waits, says so, and tries again. Only a refused token ends it, because no
/// retry can fix that.
pub async fn run(bot: Bot, svc: Service) -> anyhow::Result<()> {
    let mut stop = stop_on_signal();
    let Some(me) = wait_for_bot_api(&bot, &mut stop).await? else {
        return Ok(());
    };
    // Invite codes carry a deep link to this bot.
    svc.set_bot_username(me.username());
    if unless_stopped(&mut stop, register_commands(&bot, &svc))
        .await
        .is_none()
    {
        return Ok(());
    }

    // Replies to the person waiting go out at once; everything else goes through the outbox
    // job, which keeps to Telegram's limits itself (see `workers::outbox::Limiter`).
    let jobs_stop = tokio_util::sync::CancellationToken::new();
    let mut jobs = Runner::new(&svc, jobs_stop.clone());
    jobs.spawn(OutboxJob::new(svc.clone(), bot.clone()));
    jobs.spawn(Housekeeping { svc: svc.clone() });
    jobs.spawn(AutoClose { svc: svc.clone() });
    jobs.spawn(DeadlineWatch { svc: svc.clone() });
    jobs.spawn(DailyDigest { svc: svc.clone() });

    let served = serve(&bot, &svc, me, &mut stop).await;

    // The jobs stop after the dispatcher, so replies to the last updates still go out.
    jobs_stop.cancel();
    jobs.join(Duration::from_secs(10)).await;
    served
}

/// Dispatches updates until stopped; when the dispatcher cannot start (teloxide asks for the
/// bot's account again and fails if the Bot API went away meanwhile), waits for the Bot API
/// and starts it again.
async fn serve(
    bot: &Bot,
    svc: &Service,
    mut me: Me,
    stop: &mut watch::Receiver<bool>,
) -> anyhow::Result<()> {
    loop {
        let mut dispatcher = Dispatcher::builder(bot.clone(), schema())
            .dependencies(dptree::deps![svc.clone()])
            .default_handler(|_| async {})
            .error_handler(Arc::new(|e: anyhow::Error| async move {
                tracing::error!(error = %e, "error in a handler");
            }))
            .build();
        let token = dispatcher.shutdown_token();
        let redact = bot.token().to_owned();
        let listen = async {
            let listener = polling_default(bot.clone()).await;
            tracing::info!(
                bot = %format!("@{}", me.user.username.as_deref().unwrap_or_default()),
                "running on Telegram; Ctrl-C or SIGTERM stops it"
            );
            // teloxide's `LoggingErrorHandler` writes to the `log` crate, which this program
            // does not print; polling failures (an outage) must be visible.
            let on_poll_error = Arc::new(move |e: RequestError| {
                let why = describe(&e, &redact);
                async move { tracing::warn!(error = %why, "getting updates failed") }
            });
            dispatcher
                .try_dispatch_with_listener(listener, on_poll_error)
                .await
        };
        let failed = tokio::select! {
            result = listen => match result {
                Ok(()) => return Ok(()),
                Err(e) => e,
            },
            () = shut_down_when_stopped(stop.clone(), &token) => return Ok(()),
        };
        check_token(bot, &failed)?;
        tracing::warn!(
            url = %bot.api_url(),
            error = %describe(&failed, bot.token()),
            "could not start getting updates"
        );
        match wait_for_bot_api(bot, stop).await? {
            Some(again) => me = again,
            None => return Ok(()),
        }
    }
}

/// On a stop request, asks a dispatching dispatcher to finish the updates in hand (its future
/// then ends by itself) and never returns; returns if the dispatcher was not dispatching yet
/// (still deleting a webhook or asking for the bot's account), when dropping it loses nothing.
async fn shut_down_when_stopped(mut stop: watch::Receiver<bool>, token: &ShutdownToken) {
    let _ = stop.wait_for(|stopped| *stopped).await;
    if token.shutdown().is_ok() {
        std::future::pending::<()>().await;
    }
}

/// Asks the Bot API for the bot's own account until it answers, pausing 1, 2, 4 … up to
/// 30 seconds between attempts. `None` when stopped meanwhile; an error if the token is refused.
async fn wait_for_bot_api(
    bot: &Bot,
    stop: &mut watch::Receiver<bool>,
) -> anyhow::Result<Option<Me>> {
    let mut delay = Duration::from_secs(1);
    loop {
        let e = match unless_stopped(stop, bot.get_me()).await {
            None => return Ok(None),
            Some(Ok(me)) => return Ok(Some(me)),
            Some(Err(e)) => e,
        };
        check_token(bot, &e)?;
        tracing::warn!(
            url = %bot.api_url(),
            error = %describe(&e, bot.token()),
            "the Bot API is not available; trying again in {} s",
            delay.as_secs()
        );
        if unless_stopped(stop, tokio::time::sleep(delay))
            .await
            .is_none()
        {
            return Ok(None);
        }
        delay = (delay * 2).min(MAX_RETRY_DELAY);
    }
}

/// Runs `work` unless a stop is requested first (`None` then).
async fn unless_stopped<T>(
    stop: &mut watch::Receiver<bool>,
    work: impl IntoFuture<Output = T>,
) -> Option<T> {
    tokio::select! {
        done = work => Some(done),
        _ = stop.wait_for(|stopped| *stopped) => None,
    }
}

/// A refused token is final: Telegram answers 401 Unauthorized (or 404 Not Found for a
/// malformed one), which teloxide reports as `InvalidToken`. Everything else may pass.
fn check_token(bot: &Bot, e: &RequestError) -> anyhow::Result<()> {
    if matches!(e, RequestError::Api(ApiError::InvalidToken)) {
        anyhow::bail!(
            "the Bot API at {} refused the token: check TELOXIDE_TOKEN",
            bot.api_url()
        );
    }
    Ok(())
}

/// The error with its causes ("connection refused" is a cause of a network error), without
/// the token: reqwest's errors carry the request's URL, which contains it.
fn describe(e: &RequestError, token: &str) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        // teloxide's messages already quote their first cause.
        let c_text = c.to_string();
        if !text.contains(&c_text) {
            text = format!("{text}: {c_text}");
        }
        cause = c.source();
    }
    text.replace(token, "<token>")
}

/// Flips to `true` on SIGINT (Ctrl-C) or SIGTERM (how service managers stop programs).
/// One watch serves every phase: teloxide's own handler knows only SIGINT and only while it
/// dispatches, so it would ignore a stop while the Bot API is still out of reach.
/// A second signal ends the program at once, for a shutdown that hangs.
fn stop_on_signal() -> watch::Receiver<bool> {
    use tokio::signal::unix::{signal, SignalKind};
    let (tx, rx) = watch::channel(false);
    // Registered before `run` goes on, so that no signal from now on is missed.
    let mut int = signal(SignalKind::interrupt()).ok();
    let mut term = signal(SignalKind::terminate()).ok();
    tokio::spawn(async move {
        let name = tokio::select! {
            () = recv(&mut int) => "SIGINT",
            () = recv(&mut term) => "SIGTERM",
        };
        tracing::info!("{name}: finishing the updates in hand, then stopping");
        let _ = tx.send(true);
        tokio::select! {
            () = recv(&mut int) => {}
            () = recv(&mut term) => {}
        }
        tracing::warn!("second signal: stopping at once");
        std::process::exit(1);
    });
    rx
}

/// The next delivery of a signal, or never if it could not be registered.
async fn recv(signal: &mut Option<tokio::signal::unix::Signal>) {
    if let Some(s) = signal {
        if s.recv().await.is_some() {
            return;
        }
    }
    std::future::pending().await
}

/// Registers the command menu in both languages (Telegram shows the one matching the user's
/// app language). A failure is logged, not fatal: the bot works without the menu.
async fn register_commands(bot: &Bot, svc: &Service) {
    for lang in Lang::ALL {
        let commands: Vec<BotCommand> = Command::MENU
            .iter()
            .map(|(name, id)| BotCommand::new(*name, svc.i18n.t(lang, id, &[])))
            .collect();
        let mut req = bot
            .set_my_commands(commands)
            .scope(BotCommandScope::AllPrivateChats);
        if lang == Lang::En {
            req = req.language_code("en");
        }
        if let Err(e) = req.await {
            tracing::warn!(error = %e, %lang, "could not register the command menu");
        }
    }
}
