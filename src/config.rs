//! Configuration: environment variables, with an optional `yingshang.toml` in the working
//! directory underneath them. The Telegram token is read by teloxide itself (`TELOXIDE_TOKEN`,
//! `TELOXIDE_API_URL`, as `Bot::from_env()` does) and never stored here.

use std::path::PathBuf;

use serde::Deserialize;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://yingshang.db";
pub const CONFIG_FILE: &str = "yingshang.toml";

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite://FILE` (default `sqlite://yingshang.db`) or `postgres://…`.
    pub database_url: String,
    /// `YINGSHANG_ADMINS`: Telegram user ids made admins at start.
    pub admins: Vec<i64>,
    /// `YINGSHANG_RULES`: an override rules file merged over the embedded rules.
    pub rules: Option<PathBuf>,
}

/// The optional file; every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    database_url: Option<String>,
    admins: Option<Vec<i64>>,
    rules: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{CONFIG_FILE}: {0}")]
    File(#[from] toml::de::Error),
    #[error("cannot read {CONFIG_FILE}: {0}")]
    Read(#[from] std::io::Error),
    #[error("YINGSHANG_ADMINS must be comma-separated Telegram user ids; {0:?} is not one")]
    BadAdmin(String),
}

impl Config {
    /// Reads `yingshang.toml` (if present) and the environment; the environment wins.
    pub fn load() -> Result<Config, ConfigError> {
        let file = match std::fs::read_to_string(CONFIG_FILE) {
            Ok(text) => toml::from_str(&text)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => FileConfig::default(),
            Err(e) => return Err(e.into()),
        };
        Config::from_parts(file, |k| std::env::var(k).ok())
    }

    fn from_parts(
        file: FileConfig,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let set = |k: &str| env(k).filter(|v| !v.trim().is_empty());
        let admins = match set("YINGSHANG_ADMINS") {
            Some(list) => parse_admins(&list)?,
            None => file.admins.unwrap_or_default(),
        };
        Ok(Config {
            database_url: set("DATABASE_URL")
                .or(file.database_url)
                .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            admins,
            rules: set("YINGSHANG_RULES").map(PathBuf::from).or(file.rules),
        })
    }
}

fn parse_admins(list: &str) -> Result<Vec<i64>, ConfigError> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().map_err(|_| ConfigError::BadAdmin(s.to_owned())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_need_no_configuration() {
        let c = Config::from_parts(FileConfig::default(), |_| None).unwrap();
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert!(c.admins.is_empty() && c.rules.is_none());
    }

    #[test]
    fn environment_wins_over_the_file() {
        let file: FileConfig =
            toml::from_str("database_url = \"sqlite://a.db\"\nadmins = [1]").unwrap();
        let c = Config::from_parts(file, |k| match k {
            "DATABASE_URL" => Some("postgres://x/y".into()),
            "YINGSHANG_ADMINS" => Some(" 5, 6 ,".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(c.database_url, "postgres://x/y");
        assert_eq!(c.admins, vec![5, 6]);
    }

    #[test]
    fn bad_admin_ids_are_named() {
        let err = Config::from_parts(FileConfig::default(), |k| {
            (k == "YINGSHANG_ADMINS").then(|| "12,abc".to_owned())
        })
        .unwrap_err();
        assert!(err.to_string().contains("\"abc\""));
    }
}
