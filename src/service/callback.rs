//! Button data: one typed enum with one encoder and one decoder, at most 64 bytes (Telegram's
//! limit for callback data). Decoded data is never trusted: every action re-checks the state of
//! the conversation and the actor's rights.

use crate::domain::Category;
use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callback {
    Lang(Lang),
    /// Confirm the proposed category and department.
    Confirm,
    /// Show the category keyboard.
    OtherCategory,
    Category(Category),
    /// File an out-of-scope message anyway.
    FileAnyway,
    Cancel,
    Anonymous(bool),
    /// Skip an optional step (company, phone).
    Skip,
    /// No more attachments: file the complaint.
    Done,
    /// No more files for the complaint being added to (/add).
    DoneAdding,
    WithdrawYes(i64),
    WithdrawNo,
    /// 并单: add the new text to this open complaint instead of filing another.
    Merge(i64),
    /// File the new complaint on its own although it looks like an open one.
    FileNew,
    /// Take back the latest text added to the description; the number is how many additions
    /// the description had with it, so that an older undo button is recognised as stale.
    Undo(u32),
    /// Show the department the name the person has on Telegram.
    UseName,
    /// Anonymous, but the description gives the person away: mask it (`true`) or keep it.
    Mask(bool),
}

impl Callback {
    pub fn encode(&self) -> String {
        match self {
            Callback::Lang(l) => format!("lang:{}", l.code()),
            Callback::Confirm => "ok".into(),
            Callback::OtherCategory => "other".into(),
            Callback::Category(c) => format!("cat:{}", c.code()),
            Callback::FileAnyway => "anyway".into(),
            Callback::Cancel => "cancel".into(),
            Callback::Anonymous(a) => format!("anon:{}", u8::from(*a)),
            Callback::Skip => "skip".into(),
            Callback::Done => "done".into(),
            Callback::DoneAdding => "added".into(),
            Callback::WithdrawYes(id) => format!("wd:{id}"),
            Callback::WithdrawNo => "keep".into(),
            Callback::Merge(id) => format!("merge:{id}"),
            Callback::FileNew => "new".into(),
            Callback::Undo(n) => format!("undo:{n}"),
            Callback::UseName => "name".into(),
            Callback::Mask(m) => format!("mask:{}", u8::from(*m)),
        }
    }

    pub fn decode(data: &str) -> Option<Callback> {
        let (head, arg) = data.split_once(':').unwrap_or((data, ""));
        let cb = match (head, arg) {
            ("lang", l) => Callback::Lang(Lang::from_code(l)?),
            ("ok", "") => Callback::Confirm,
            ("other", "") => Callback::OtherCategory,
            ("cat", c) => {
                let c: Category = c.parse().ok()?;
                if !c.is_complaint() {
                    return None;
                }
                Callback::Category(c)
            }
            ("anyway", "") => Callback::FileAnyway,
            ("cancel", "") => Callback::Cancel,
            ("anon", "1") => Callback::Anonymous(true),
            ("anon", "0") => Callback::Anonymous(false),
            ("skip", "") => Callback::Skip,
            ("done", "") => Callback::Done,
            ("added", "") => Callback::DoneAdding,
            ("wd", id) => Callback::WithdrawYes(id.parse().ok()?),
            ("keep", "") => Callback::WithdrawNo,
            ("merge", id) => Callback::Merge(id.parse().ok()?),
            ("new", "") => Callback::FileNew,
            ("undo", n) => Callback::Undo(n.parse().ok()?),
            ("name", "") => Callback::UseName,
            ("mask", "1") => Callback::Mask(true),
            ("mask", "0") => Callback::Mask(false),
            _ => return None,
        };
        Some(cb)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_callback_round_trips_within_64_bytes() {
        let mut all = vec![
            Callback::Lang(Lang::Zh),
            Callback::Lang(Lang::En),
            Callback::Confirm,
            Callback::OtherCategory,
            Callback::FileAnyway,
            Callback::Cancel,
            Callback::Anonymous(true),
            Callback::Anonymous(false),
            Callback::Skip,
            Callback::Done,
            Callback::DoneAdding,
            Callback::WithdrawYes(i64::MAX),
            Callback::WithdrawNo,
            Callback::Merge(42),
            Callback::FileNew,
            Callback::Undo(u32::MAX),
            Callback::UseName,
            Callback::Mask(true),
            Callback::Mask(false),
        ];
        all.extend(Category::SEVEN.map(Callback::Category));
        for cb in all {
            let data = cb.encode();
            assert!(!data.is_empty() && data.len() <= 64, "{data}");
            assert_eq!(Callback::decode(&data), Some(cb));
        }
    }

    #[test]
    fn forged_data_is_refused() {
        for bad in [
            "",
            "cat:none",
            "cat:health",
            "lang:fr",
            "wd:abc",
            "anon:2",
            "ok:1",
            "undo:-1",
            "mask:2",
            "drop table",
        ] {
            assert_eq!(Callback::decode(bad), None, "{bad}");
        }
    }
}
