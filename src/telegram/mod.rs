//! The Telegram front: a thin adapter from updates to [`Service::handle`] and from replies to
//! messages and inline keyboards, plus the notification outbox sender.

mod handlers;
pub mod outbox;
pub mod send;

use std::time::Duration;

use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope};

use crate::i18n::Lang;
use crate::service::{Command, Service};
pub use handlers::schema;

/// Runs the bot with long polling until Ctrl-C / SIGINT, with the outbox sender beside it.
pub async fn run(svc: Service) -> anyhow::Result<()> {
    if std::env::var("TELOXIDE_TOKEN")
        .map(|t| t.trim().is_empty())
        .unwrap_or(true)
    {
        anyhow::bail!(
            "TELOXIDE_TOKEN is not set: get a token from @BotFather and run \
             `TELOXIDE_TOKEN=123:abc yingshang run` (or try `yingshang console`, which needs none)"
        );
    }
    // Reads TELOXIDE_TOKEN, TELOXIDE_API_URL and TELOXIDE_PROXY exactly as teloxide documents.
    let bot = Bot::from_env();
    register_commands(&bot, &svc).await;

    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    // Replies to the person waiting go out at once; everything else goes through the outbox
    // sender, which keeps to Telegram's limits itself (see `outbox::Limiter`).
    let sender = tokio::spawn(outbox::run(svc.clone(), bot.clone(), stop_rx));

    tracing::info!("yingshang is running on Telegram; Ctrl-C or SIGTERM stops it");
    let mut dispatcher = Dispatcher::builder(bot, schema())
        .dependencies(dptree::deps![svc])
        .default_handler(|_| async {})
        .error_handler(LoggingErrorHandler::with_custom_text("error in a handler"))
        .enable_ctrlc_handler()
        .build();
    // teloxide's own handler reacts to SIGINT only; service managers stop programs with SIGTERM.
    let token = dispatcher.shutdown_token();
    tokio::spawn(async move {
        if let Ok(mut term) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            term.recv().await;
            tracing::info!("SIGTERM: finishing the updates in hand, then stopping");
            if let Ok(done) = token.shutdown() {
                done.await;
            }
        }
    });
    dispatcher.dispatch().await;

    let _ = stop_tx.send(true);
    if tokio::time::timeout(Duration::from_secs(10), sender)
        .await
        .is_err()
    {
        tracing::warn!("the outbox sender did not stop in time");
    }
    Ok(())
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
