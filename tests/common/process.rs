//! The real binary in tests: `yingshang run` as a child process whose stderr is collected, and
//! one-off commands (`yingshang department bind …`) on the same database. Nothing of the
//! environment the tests run in reaches it. Every wait is bounded; a [`BotProcess`] is killed
//! and reaped when dropped, whatever the test's outcome.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use regex::Regex;

use super::botapi::TOKEN;

/// What a bot process wrote to stderr, line by line, without colours.
#[derive(Default)]
struct Log {
    text: Mutex<String>,
    grew: Condvar,
}

/// A running `yingshang run`. Dropping it kills the process and reaps it, so that no test
/// leaves one behind, whatever its outcome.
pub struct BotProcess {
    child: Child,
    log: Arc<Log>,
}

/// The database of a bot run in `dir`.
pub fn database_url(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("t.db").display())
}

/// `yingshang ARGS…` in `dir` (its working directory and database), with nothing of the test
/// environment but what is set here.
fn yingshang(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_yingshang"));
    cmd.current_dir(dir)
        .env("DATABASE_URL", database_url(dir))
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        // Nothing of the environment the tests run in may reach the bot: a proxy would send
        // the requests for 127.0.0.1 elsewhere.
        .env("NO_PROXY", "127.0.0.1,localhost")
        .stdin(Stdio::null());
    for var in [
        "TELOXIDE_TOKEN",
        "TELOXIDE_API_URL",
        "TELOXIDE_PROXY",
        "YINGSHANG_RULES",
        "YINGSHANG_ADMINS",
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// `yingshang run` in `dir` (its working directory and database) against `api_url`.
pub fn start_bot(api_url: &str, dir: &Path) -> BotProcess {
    let mut cmd = yingshang(dir);
    cmd.arg("run")
        .env("TELOXIDE_TOKEN", TOKEN)
        .env("TELOXIDE_API_URL", api_url)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("the binary starts");
    let log = Arc::new(Log::default());
    let stderr = child.stderr.take().unwrap();
    let sink = log.clone();
    std::thread::spawn(move || {
        let ansi = Regex::new(r"\x1b\[[0-9;]*m").unwrap();
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            let mut text = sink.text.lock().unwrap();
            text.push_str(&ansi.replace_all(&line, ""));
            text.push('\n');
            sink.grew.notify_all();
        }
    });
    BotProcess { child, log }
}

/// What a one-off command did.
#[derive(Debug)]
pub struct Ran {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `yingshang ARGS…` in `dir` to its end, at most `timeout` (then it is killed and the
/// test fails).
pub fn run_cli(dir: &Path, args: &[&str], timeout: Duration) -> Ran {
    let mut child = yingshang(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            text
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let deadline = Instant::now() + timeout;
    let status = loop {
        if let Some(status) = child.try_wait().expect("the process can be waited for") {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("yingshang {args:?} did not end within {timeout:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Ran {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

impl BotProcess {
    pub fn stderr(&self) -> String {
        self.log.text.lock().unwrap().clone()
    }

    /// Waits until the stderr so far satisfies `check`.
    pub fn wait_for_log(&self, timeout: Duration, check: impl Fn(&str) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        let mut text = self.log.text.lock().unwrap();
        while !check(&text) {
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                return false;
            };
            text = self.log.grew.wait_timeout(text, left).unwrap().0;
        }
        true
    }

    /// The exit status, if the process ends within `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self
                .child
                .try_wait()
                .expect("the process can be waited for")
            {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn signal(&self, name: &str) {
        let ok = Command::new("kill")
            .args(["-s", name, &self.child.id().to_string()])
            .status()
            .expect("kill runs")
            .success();
        assert!(ok, "kill -s {name} failed");
    }

    /// `kill -9`: no chance to finish anything.
    pub fn kill_hard(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaped");
    }
}

impl Drop for BotProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn lines_with<'a>(log: &'a str, needle: &str) -> Vec<&'a str> {
    log.lines().filter(|l| l.contains(needle)).collect()
}
