use clap::Parser;
use tracing_subscriber::EnvFilter;

use yingshang::cli::{self, Cli, Cmd};
use yingshang::config::Config;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    // Logs go to stderr, so `classify` output and the console conversation stay clean.
    let default_level = match cli.command {
        Cmd::Run => "info",
        _ => "warn",
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_level)),
        )
        .with_writer(std::io::stderr)
        .init();
    // Errors end the program with one readable line (the chain of causes, each said once),
    // not a dump.
    match run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", cli::error_line(&e));
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::load()?;
    match cli.command {
        Cmd::Run => {
            // The bot's settings first: a wrong one is reported before anything is opened.
            let bot = yingshang::telegram::bot_from_env()?;
            yingshang::telegram::run(bot, cli::service(&config).await?).await
        }
        Cmd::Console { user, lang } => {
            yingshang::console::run(cli::service(&config).await?, user, lang).await
        }
        Cmd::Classify { eval, text } => {
            let classifier = cli::load_classifier(&config)?;
            if let Some(path) = eval {
                print!("{}", cli::eval_file(&classifier, &path)?);
            } else if let Some(text) = text {
                println!(
                    "{}",
                    cli::classification_json(serde_json::Value::Null, &classifier.classify(&text))
                );
            } else {
                cli::classify_stream(
                    &classifier,
                    std::io::stdin().lock(),
                    std::io::stdout().lock(),
                )?;
            }
            Ok(())
        }
        Cmd::Department { action } => {
            let svc = cli::service(&config).await?;
            print!("{}", cli::department(&svc, action).await?);
            Ok(())
        }
        Cmd::Calendar { action } => {
            print!(
                "{}",
                cli::calendar(&config, action, &yingshang::clock::SystemClock).await?
            );
            Ok(())
        }
        Cmd::Deadlines { at } => {
            let svc = cli::service(&config).await?;
            print!("{}", cli::deadlines(&svc, at.as_deref()).await?);
            Ok(())
        }
        Cmd::Admin { action } => {
            let svc = cli::service(&config).await?;
            print!("{}", cli::admin(&svc, action, &config.admins).await?);
            Ok(())
        }
        Cmd::Migrate => {
            let (db, report) =
                yingshang::storage::Db::connect_with_report(&config.database_url).await?;
            println!("{report}");
            db.close().await;
            Ok(())
        }
    }
}
