//! Answers typed instead of pressed. At a step that waits for a button, a reply that matches a
//! button's label, or a word that plainly means one of the buttons ("对", "匿名", "跳过",
//! "done"), acts as that button; a reply that answers nothing ("ok", "嗯", a stray digit) asks
//! the question again; only real text is taken as more of the description.

use super::dialogue::{State, Turn};
use super::Callback;
use crate::domain::reply::{key, short_reply, Short};

/// What a typed message means at the current step.
pub(super) enum Typed {
    /// The same as pressing this button.
    Press(Callback),
    /// Answers nothing: ask the question again.
    Reask,
    /// Small talk before any complaint: a greeting, thanks, "how do I complain?".
    Chat(Short),
    /// Real text.
    Text,
}

impl Turn<'_> {
    pub(super) fn typed(&self, state: &State, text: &str) -> Typed {
        // An empty message is refused as such, wherever it comes.
        if crate::domain::text::trim_visible(text).is_empty() {
            return Typed::Text;
        }
        if let Some(cb) = self.button_named(state, text) {
            return Typed::Press(cb);
        }
        let Some(short) = short_reply(text) else {
            return Typed::Text;
        };
        use Short::*;
        let press = |cb| Typed::Press(cb);
        match (state, short) {
            (State::Idle, Cancel) => press(Callback::Cancel),
            (State::Idle, _) => Typed::Chat(short),
            (State::Describing { .. }, Cancel) => press(Callback::Cancel),
            (State::Describing { .. }, _) => Typed::Reask,
            (_, Cancel) if state.draft().is_some() => press(Callback::Cancel),
            (State::Proposed { .. }, Yes) => press(Callback::Confirm),
            (State::Proposed { .. }, No) => press(Callback::OtherCategory),
            (State::OutOfScope { .. }, Yes) => press(Callback::FileAnyway),
            (State::OutOfScope { .. }, No) => press(Callback::Cancel),
            // The advice was the answer; thanks for it ends the matter.
            (State::OutOfScope { .. }, Thanks | Greeting) => Typed::Chat(short),
            (State::Merging { complaint_id, .. }, Merge | Yes) => {
                press(Callback::Merge(*complaint_id))
            }
            (State::Merging { .. }, New) => press(Callback::FileNew),
            (State::Anonymity { .. }, Anonymous) => press(Callback::Anonymous(true)),
            (State::Anonymity { .. }, Named) => press(Callback::Anonymous(false)),
            (State::Name { .. }, Yes | Done) => press(Callback::UseName),
            (State::Name { .. } | State::Company { .. } | State::Phone { .. }, Skip | No) => {
                press(Callback::Skip)
            }
            (State::Attachments { .. }, Done | Yes | Skip | No) => press(Callback::Done),
            (State::Masking { .. }, Yes) => press(Callback::Mask(true)),
            (State::ConfirmWithdraw { complaint_id, .. }, Yes) => {
                press(Callback::WithdrawYes(*complaint_id))
            }
            (State::ConfirmWithdraw { .. }, No | Cancel) => press(Callback::WithdrawNo),
            (State::Adding { .. }, Done | Cancel) => press(Callback::DoneAdding),
            _ => Typed::Reask,
        }
    }

    /// The button of the current question whose label the text repeats (in whole, or one of
    /// its parts, e.g. "信用环境" for "履约践诺·信用环境（…）").
    fn button_named(&self, state: &State, text: &str) -> Option<Callback> {
        let typed = key(text);
        if typed.chars().count() < 2 {
            return None;
        }
        let question = self.question_of(state);
        question
            .buttons
            .iter()
            .flatten()
            .find(|b| {
                key(&b.label) == typed
                    || b.label
                        .split(['·', '（', '(', '）', ')', '“', '”'])
                        .any(|part| key(part) == typed)
            })
            .map(|b| b.callback.clone())
    }
}
