//! `yingshang console`: the bot's conversation in a terminal, through the same service as the
//! Telegram front. Buttons are shown as `[1] label` and answered with the number or the label;
//! `:photo NAME [CAPTION]` / `:file NAME [CAPTION]` stand for sending a photo or a document,
//! with the rest of the line as its caption. Works with scripted (non-terminal) stdin.

use std::io::IsTerminal;

use tokio::io::{AsyncBufReadExt, AsyncWrite, AsyncWriteExt, BufReader};

use crate::i18n::{html_to_plain, msg, Arg, Lang};
use crate::service::{
    Button, Callback, Command, Delivery, FileKind, FileRef, Incoming, Input, Reply, Sender, Service,
};
use crate::storage::NoticeKind;

/// Turns one typed line into an input, given the buttons last shown.
pub fn parse_line(line: &str, buttons: &[(String, Callback)]) -> Option<Input> {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return Some(Input::Text(String::new()));
    }
    if let Ok(n) = trimmed.parse::<usize>() {
        if let Some((_, cb)) = n.checked_sub(1).and_then(|i| buttons.get(i)) {
            return Some(Input::Button(cb.clone()));
        }
    }
    if let Some((_, cb)) = buttons
        .iter()
        .find(|(label, _)| label.trim().eq_ignore_ascii_case(trimmed))
    {
        return Some(Input::Button(cb.clone()));
    }
    for (prefix, kind) in [(":photo", FileKind::Photo), (":file", FileKind::Document)] {
        let Some(rest) = trimmed.strip_prefix(prefix) else {
            continue;
        };
        // ":photoX" is text, not a photo named "X".
        if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
            continue;
        }
        // The first word is the file name; the rest is the caption, as a Telegram user
        // writes it under a photo (e.g. "/add YS-20261125-0042"). A name cannot hold spaces.
        let rest = rest.trim();
        let (name, caption) = match rest.split_once(char::is_whitespace) {
            Some((name, caption)) => (name, Some(caption.trim().to_owned())),
            None => (rest, None),
        };
        let name = if name.is_empty() { "file" } else { name };
        return Some(Input::File {
            file: FileRef {
                kind,
                file_id: format!("console:{name}"),
                file_name: Some(name.to_owned()),
            },
            caption,
        });
    }
    if let Some(cmd) = Command::parse(trimmed) {
        return Some(Input::Command(cmd));
    }
    Some(Input::Text(line.to_owned()))
}

/// A button as the console shows it: its label, what it does, and the message it is on.
type Shown = (String, Callback, i64);

/// The console's chat: the messages it has shown (with made-up message ids, as Telegram would
/// give), the buttons a number refers to, and a prompt waiting for its answer.
struct Session<W> {
    svc: Service,
    sender: Sender,
    out: W,
    lang: Lang,
    buttons: Vec<Shown>,
    next_message: i64,
    prompt: Option<i64>,
}

impl<W: AsyncWrite + Unpin> Session<W> {
    fn message_id(&mut self) -> i64 {
        self.next_message += 1;
        self.next_message
    }

    /// Prints replies as plain text with numbered buttons; a prompt waits for the next line,
    /// a card is recorded so its buttons find the complaint. The latest buttons are the ones a
    /// number refers to.
    async fn show(&mut self, replies: &[Reply]) -> anyhow::Result<()> {
        let shown: Vec<(i64, &Reply)> = replies.iter().map(|r| (self.message_id(), r)).collect();
        self.show_as(&shown).await
    }

    /// The same, for replies whose message ids are known.
    async fn show_as(&mut self, replies: &[(i64, &Reply)]) -> anyhow::Result<()> {
        let mut buttons = Vec::new();
        for &(id, r) in replies {
            // A toast is Telegram's short notice on a pressed button; here, a bracketed line.
            let text = match &r.delivery {
                Delivery::Toast => format!("({})", html_to_plain(&r.html)),
                Delivery::File(f) => format!(
                    "[{}: {}]",
                    f.kind.code(),
                    f.file_name.as_deref().unwrap_or(&f.file_id)
                ),
                _ => html_to_plain(&r.html),
            };
            self.out.write_all(format!("{text}\n").as_bytes()).await?;
            for row in &r.buttons {
                let mut line = String::new();
                for b in row {
                    buttons.push((b.label.clone(), b.callback.clone(), id));
                    line.push_str(&format!("[{}] {}   ", buttons.len(), b.label));
                }
                self.out
                    .write_all(format!("  {}\n", line.trim_end()).as_bytes())
                    .await?;
            }
            self.out.write_all(b"\n").await?;
            let now = self.svc.now_ms();
            match &r.delivery {
                // Printed here, it is delivered.
                Delivery::Durable(outbox) => self.svc.db.mark_sent(*outbox, now, Some(id)).await?,
                Delivery::Prompt(spec) => {
                    self.svc
                        .prompt_sent(self.sender.user_id, id, self.sender.user_id, spec)
                        .await?;
                    self.prompt = Some(id);
                }
                Delivery::Card(complaint) => {
                    self.svc
                        .card_sent(self.sender.user_id, id, *complaint)
                        .await?
                }
                _ => {}
            }
        }
        if !buttons.is_empty() {
            let hint = self.svc.i18n.t(self.lang, msg::CONSOLE_BUTTON_HINT, &[]);
            self.out.write_all(format!("{hint}\n").as_bytes()).await?;
            self.buttons = buttons;
        }
        self.out.flush().await?;
        Ok(())
    }

    /// What the outbox holds for this person (a clerk's answer, a card, a notice): shown, and
    /// so delivered, as Telegram would have.
    async fn show_notices(&mut self) -> anyhow::Result<()> {
        let rows = self.svc.db.unsent_for(self.sender.user_id).await?;
        for row in rows {
            let id = self.message_id();
            let mut reply = Reply::text(row.text.clone());
            reply.buttons = buttons_of(row.buttons.as_deref());
            if let (NoticeKind::Card, Some(complaint)) = (row.kind, row.complaint_id) {
                self.svc
                    .card_sent(self.sender.user_id, id, complaint)
                    .await?;
            }
            self.show_as(&[(id, &reply)]).await?;
            self.svc
                .db
                .mark_sent(row.id, self.svc.now_ms(), Some(id))
                .await?;
        }
        Ok(())
    }

    async fn turn(&mut self, line: &str) -> anyhow::Result<()> {
        if let Some(max) = not_a_button(line, &self.buttons) {
            let text = self.svc.i18n.t(
                self.lang,
                msg::CONSOLE_NO_SUCH_BUTTON,
                &[("max", Arg::from(max))],
            );
            self.out
                .write_all(format!("{}\n\n", html_to_plain(&text)).as_bytes())
                .await?;
            return Ok(());
        }
        let labels: Vec<(String, Callback)> = self
            .buttons
            .iter()
            .map(|(l, c, _)| (l.clone(), c.clone()))
            .collect();
        let Some(input) = parse_line(line, &labels) else {
            return Ok(());
        };
        let mut incoming = Incoming::private(self.sender.clone(), input);
        match &incoming.input {
            Input::Button(cb) => {
                incoming.message_id = self
                    .buttons
                    .iter()
                    .find(|(_, c, _)| c == cb)
                    .map(|(_, _, id)| *id);
            }
            // Text after a prompt is its answer, as a reply to it would be in Telegram.
            Input::Text(_) => incoming.reply_to = self.prompt.take(),
            _ => {}
        }
        let replies = self.svc.handle(incoming).await?;
        if let Some(u) = self.svc.db.user(self.sender.user_id).await? {
            self.lang = u
                .lang
                .as_deref()
                .and_then(Lang::from_code)
                .unwrap_or(self.lang);
        }
        self.show(&replies).await
    }
}

/// An outbox row's buttons (JSON rows of `{"label", "data"}`) as buttons again.
fn buttons_of(json: Option<&str>) -> Vec<Vec<Button>> {
    let rows: Vec<Vec<serde_json::Value>> = json
        .and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default();
    rows.iter()
        .map(|row| {
            row.iter()
                .filter_map(|b| {
                    Some(Button {
                        label: b.get("label")?.as_str()?.to_owned(),
                        callback: Callback::decode(b.get("data")?.as_str()?)?,
                    })
                })
                .collect()
        })
        .filter(|row: &Vec<Button>| !row.is_empty())
        .collect()
}

/// Plays the conversation for `user_id` until end of input.
pub async fn run(svc: Service, user_id: i64, lang: Option<Lang>) -> anyhow::Result<()> {
    if let Some(lang) = lang {
        svc.db.ensure_user(user_id, "console", svc.now_ms()).await?;
        svc.db.set_user_lang(user_id, lang.code()).await?;
    }
    let lang_now = match svc.db.user(user_id).await? {
        Some(u) => u
            .lang
            .as_deref()
            .and_then(Lang::from_code)
            .unwrap_or_default(),
        None => lang.unwrap_or_default(),
    };
    let interactive = std::io::stdin().is_terminal();
    let mut out = tokio::io::stdout();
    out.write_all(format!("{}\n\n", svc.i18n.t(lang_now, msg::CONSOLE_BANNER, &[])).as_bytes())
        .await?;
    // The console has no Telegram name: a named complainant types the name to show.
    let sender = Sender::new(user_id, "", lang.map(|l| l.code().to_owned()));
    let mut session = Session {
        // Made-up message ids, later than any an earlier console session gave.
        next_message: svc.now_ms(),
        svc: svc.clone(),
        sender: sender.clone(),
        out,
        lang: lang_now,
        buttons: Vec::new(),
        prompt: None,
    };
    // A complaint left half-way in an earlier session is shown where it stopped, and what
    // the outbox holds for this person.
    let resumed = svc.resume(&sender).await?;
    session.show(&resumed).await?;
    session.show_notices().await?;
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    loop {
        if interactive {
            session.out.write_all(b"> ").await?;
            session.out.flush().await?;
        }
        let Some(line) = lines.next_line().await? else {
            break;
        };
        if !interactive {
            session
                .out
                .write_all(format!("> {line}\n").as_bytes())
                .await?;
        }
        session.turn(&line).await?;
        session.show_notices().await?;
    }
    Ok(())
}

/// A number typed while buttons are shown that is none of them (a slip of the finger):
/// `Some(how many buttons there are)`.
fn not_a_button(line: &str, buttons: &[Shown]) -> Option<usize> {
    let n: usize = line.trim().parse().ok()?;
    (!buttons.is_empty() && (n == 0 || n > buttons.len())).then_some(buttons.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_labels_press_buttons() {
        let buttons = vec![
            ("Yes".to_owned(), Callback::Confirm),
            ("取消".to_owned(), Callback::Cancel),
        ];
        assert!(matches!(
            parse_line("1", &buttons),
            Some(Input::Button(Callback::Confirm))
        ));
        assert!(matches!(
            parse_line(" 取消 ", &buttons),
            Some(Input::Button(Callback::Cancel))
        ));
        assert!(matches!(parse_line("3", &buttons), Some(Input::Text(_))));
        assert!(matches!(
            parse_line("/my", &buttons),
            Some(Input::Command(Command::My))
        ));
        assert!(matches!(
            parse_line(":photo receipt.jpg", &[]),
            Some(Input::File { .. })
        ));
        assert!(matches!(parse_line("审批超期了", &[]), Some(Input::Text(t)) if t == "审批超期了"));
        let shown: Vec<Shown> = buttons
            .iter()
            .map(|(l, c)| (l.clone(), c.clone(), 1))
            .collect();
        assert_eq!(not_a_button("3", &shown), Some(2));
        assert_eq!(not_a_button("0", &shown), Some(2));
        assert_eq!(not_a_button("2", &shown), None);
        assert_eq!(
            not_a_button("9", &[]),
            None,
            "with no buttons a number is text"
        );
    }

    #[test]
    fn text_after_a_file_name_is_its_caption() {
        let Some(Input::File { file, caption }) =
            parse_line(":photo receipt.jpg /add YS-20261125-0042", &[])
        else {
            panic!("a photo");
        };
        assert_eq!(file.kind, FileKind::Photo);
        assert_eq!(file.file_name.as_deref(), Some("receipt.jpg"));
        assert_eq!(caption.as_deref(), Some("/add YS-20261125-0042"));

        let Some(Input::File { file, caption }) = parse_line(":file  合同.pdf  ", &[]) else {
            panic!("a document");
        };
        assert_eq!(file.kind, FileKind::Document);
        assert_eq!(file.file_name.as_deref(), Some("合同.pdf"));
        assert_eq!(caption, None);

        assert!(matches!(
            parse_line(":photo", &[]),
            Some(Input::File { file, caption: None }) if file.file_name.as_deref() == Some("file")
        ));
        assert!(matches!(
            parse_line(":photos are here", &[]),
            Some(Input::Text(_))
        ));
    }
}
