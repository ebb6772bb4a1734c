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
    #[error(transparent)]
    File(TomlError),
    // The io error is rendered into the message, not kept as a source: a chain printer would
    // otherwise say "permission denied" twice.
    #[error("cannot read {CONFIG_FILE}: {}", io_reason(.0))]
    Read(std::io::Error),
    #[error("YINGSHANG_ADMINS must be comma-separated Telegram user ids; {0:?} is not one")]
    BadAdmin(String),
}

/// A TOML file an operator wrote that does not parse, as one line: `FILE:LINE: message`.
/// The toml crate's own Display is a multi-line snippet with a caret; an operator needs the
/// place and the problem, and the message must stay one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct TomlError {
    pub file: String,
    /// 1-based; 1 when the parser gives no position.
    pub line: usize,
    pub message: String,
}

impl TomlError {
    pub fn new(file: impl Into<String>, text: &str, err: &toml::de::Error) -> TomlError {
        let line = err.span().map_or(1, |span| {
            let start = span.start.min(text.len());
            // A span may start inside a multi-byte character only if the parser is wrong;
            // count bytes, which needs no char boundary.
            1 + text.as_bytes()[..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
        });
        TomlError {
            file: file.into(),
            line,
            message: one_line(err.message()),
        }
    }
}

/// Parses a TOML file's text, naming the file and line on failure.
pub fn parse_toml<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, TomlError> {
    toml::from_str(text).map_err(|e| TomlError::new(file, text, &e))
}

/// Joins a message's lines, so every error an operator sees is a single line.
pub fn one_line(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// An io error in plain words ("no such file", "permission denied"), without the
/// "(os error 2)" that means nothing to an operator.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "no such file".to_owned(),
        K::PermissionDenied => "permission denied".to_owned(),
        K::IsADirectory => "is a directory".to_owned(),
        K::NotADirectory => "not a directory".to_owned(),
        K::ReadOnlyFilesystem => "read-only file system".to_owned(),
        K::StorageFull => "no space left on the device".to_owned(),
        K::InvalidData => "not valid UTF-8 text".to_owned(),
        K::ConnectionRefused => "connection refused".to_owned(),
        K::TimedOut => "timed out".to_owned(),
        _ => {
            let s = e.to_string();
            let s = match s.find(" (os error") {
                Some(i) => &s[..i],
                None => &s,
            };
            let mut chars = s.chars();
            match chars.next() {
                Some(c) => c.to_lowercase().chain(chars).collect(),
                None => s.to_owned(),
            }
        }
    }
}

impl Config {
    /// Reads `yingshang.toml` (if present) and the environment; the environment wins.
    pub fn load() -> Result<Config, ConfigError> {
        let file = match std::fs::read_to_string(CONFIG_FILE) {
            Ok(text) => parse_toml(CONFIG_FILE, &text).map_err(ConfigError::File)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => FileConfig::default(),
            Err(e) => return Err(ConfigError::Read(e)),
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
    fn toml_errors_are_one_line_with_the_line_number() {
        let text = "# yingshang\n\nadmins = [1, \"x\"]\n";
        let err = parse_toml::<FileConfig>(CONFIG_FILE, text).unwrap_err();
        assert_eq!(
            err.to_string(),
            "yingshang.toml:3: invalid type: string \"x\", expected i64"
        );
        let err = parse_toml::<FileConfig>("a.toml", "[x\n").unwrap_err();
        assert_eq!(err.line, 1);
        assert!(!err.to_string().contains('\n'), "{err}");
    }

    #[test]
    fn io_errors_are_in_plain_words() {
        let e = std::fs::read_to_string("/no/such/yingshang.toml").unwrap_err();
        assert_eq!(io_reason(&e), "no such file");
        let e = std::io::Error::other("Something odd (os error 99)");
        assert_eq!(io_reason(&e), "something odd");
        assert_eq!(
            ConfigError::Read(std::io::Error::from(std::io::ErrorKind::PermissionDenied))
                .to_string(),
            "cannot read yingshang.toml: permission denied"
        );
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
