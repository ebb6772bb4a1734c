//! `yingshang console`: the bot's conversation in a terminal, through the same service as the
//! Telegram front. Buttons are shown as `[1] label` and answered with the number or the label;
//! `:photo NAME [CAPTION]` / `:file NAME [CAPTION]` stand for sending a photo or a document,
//! with the rest of the line as its caption. Works with scripted (non-terminal) stdin.

use std::io::IsTerminal;

use tokio::io::{AsyncBufReadExt, AsyncWrite, AsyncWriteExt, BufReader};

use crate::i18n::{html_to_plain, msg, Arg, Lang};
use crate::service::{
    Callback, Command, Delivery, FileKind, FileRef, Incoming, Input, Reply, Sender, Service,
};

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

/// Prints replies as plain text with numbered buttons; returns the buttons in their numbering.
pub async fn print_replies<W: AsyncWrite + Unpin>(
    out: &mut W,
    replies: &[Reply],
    hint: &str,
) -> std::io::Result<Vec<(String, Callback)>> {
    let mut buttons = Vec::new();
    for r in replies {
        // A toast is Telegram's short notice on a pressed button; here, a bracketed line.
        let text = match r.delivery {
            Delivery::Toast => format!("({})", html_to_plain(&r.html)),
            _ => html_to_plain(&r.html),
        };
        out.write_all(format!("{text}\n").as_bytes()).await?;
        for row in &r.buttons {
            let mut line = String::new();
            for b in row {
                buttons.push((b.label.clone(), b.callback.clone()));
                line.push_str(&format!("[{}] {}   ", buttons.len(), b.label));
            }
            out.write_all(format!("  {}\n", line.trim_end()).as_bytes())
                .await?;
        }
        out.write_all(b"\n").await?;
    }
    if !buttons.is_empty() {
        out.write_all(format!("{hint}\n").as_bytes()).await?;
    }
    out.flush().await?;
    Ok(buttons)
}

/// Plays the conversation for `user_id` until end of input.
pub async fn run(svc: Service, user_id: i64, lang: Option<Lang>) -> anyhow::Result<()> {
    if let Some(lang) = lang {
        svc.db.ensure_user(user_id, "console", svc.now_ms()).await?;
        svc.db.set_user_lang(user_id, lang.code()).await?;
    }
    let mut lang_now = match svc.db.user(user_id).await? {
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
    let hint = |lang| svc.i18n.t(lang, msg::CONSOLE_BUTTON_HINT, &[]);
    // A complaint left half-way in an earlier session is shown where it stopped.
    let resumed = svc.resume(&sender).await?;
    let mut buttons = print_replies(&mut out, &resumed, &hint(lang_now)).await?;
    mark_delivered(&svc, &resumed).await?;
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    loop {
        if interactive {
            out.write_all(b"> ").await?;
            out.flush().await?;
        }
        let Some(line) = lines.next_line().await? else {
            break;
        };
        if !interactive {
            out.write_all(format!("> {line}\n").as_bytes()).await?;
        }
        if let Some(max) = not_a_button(&line, &buttons) {
            let text = svc.i18n.t(
                lang_now,
                msg::CONSOLE_NO_SUCH_BUTTON,
                &[("max", Arg::from(max))],
            );
            out.write_all(format!("{}\n\n", html_to_plain(&text)).as_bytes())
                .await?;
            continue;
        }
        let Some(input) = parse_line(&line, &buttons) else {
            continue;
        };
        let incoming = Incoming::private(sender.clone(), input);
        let replies = svc.handle(incoming).await?;
        lang_now = match svc.db.user(user_id).await? {
            Some(u) => u
                .lang
                .as_deref()
                .and_then(Lang::from_code)
                .unwrap_or(lang_now),
            None => lang_now,
        };
        let shown = print_replies(&mut out, &replies, &hint(lang_now)).await?;
        mark_delivered(&svc, &replies).await?;
        // The latest answer's buttons are the ones a number refers to.
        if !replies.is_empty() {
            buttons = shown;
        }
    }
    Ok(())
}

/// A number typed while buttons are shown that is none of them (a slip of the finger):
/// `Some(how many buttons there are)`.
fn not_a_button(line: &str, buttons: &[(String, Callback)]) -> Option<usize> {
    let n: usize = line.trim().parse().ok()?;
    (!buttons.is_empty() && (n == 0 || n > buttons.len())).then_some(buttons.len())
}

/// Replies that report a stored change wait in the outbox; printed here, they are delivered.
async fn mark_delivered(svc: &Service, replies: &[Reply]) -> anyhow::Result<()> {
    for r in replies {
        if let Delivery::Durable(id) = r.delivery {
            svc.db.mark_sent(id, svc.now_ms(), None).await?;
        }
    }
    Ok(())
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
        assert_eq!(not_a_button("3", &buttons), Some(2));
        assert_eq!(not_a_button("0", &buttons), Some(2));
        assert_eq!(not_a_button("2", &buttons), None);
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
