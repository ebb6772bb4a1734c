//! What free text, files and buttons do at each step of the conversation, and the checks
//! and proposals along the way. Commands and the conversation's states are in `dialogue.rs`.

use super::dialogue::{Draft, Next, State, Turn};
use super::{Callback, Command, FileRef, Reply, ServiceError};
use crate::domain::text::{company_name, ComplaintText, Phone, TextError};
use crate::domain::{Action, Category};
use crate::i18n::{msg, Arg};
use crate::storage::ChangeOutcome;

impl Turn<'_> {
    pub(super) async fn text(&mut self, state: State, text: String) -> Result<Next, ServiceError> {
        match state {
            State::Idle => self.start_draft(&text, Vec::new()).await,
            State::Describing { files } => self.start_draft(&text, files).await,
            State::Proposed { draft }
            | State::OutOfScope { draft }
            | State::ChoosingCategory { draft } => {
                // More description in a second message: add it and look again.
                let Some(joined) = self.extend_description(&draft.text, &text) else {
                    return Ok(Next::Keep);
                };
                let mut fresh = self.classify(&joined, draft.files);
                fresh.anonymous = draft.anonymous;
                if draft.category != draft.proposed {
                    // A category the person picked by hand stays picked.
                    let routing = self.svc.classifier.route(&joined, draft.category);
                    fresh.choose(draft.category, routing);
                }
                Ok(self.propose(fresh))
            }
            State::Company { mut draft } => match company_name(&text) {
                Some(name) => {
                    draft.company = Some(name);
                    self.replies.push(self.ask_phone(msg::ASK_PHONE));
                    Ok(Next::Set(State::Phone { draft }))
                }
                None => {
                    self.replies.push(self.ask_company(msg::COMPANY_INVALID));
                    Ok(Next::Keep)
                }
            },
            State::Phone { mut draft } => match Phone::parse(&text) {
                Some(phone) => {
                    draft.phone = Some(phone.as_str().to_owned());
                    self.replies
                        .push(self.ask_attachments(msg::ASK_ATTACHMENTS));
                    Ok(Next::Set(State::Attachments { draft }))
                }
                None => {
                    self.replies.push(self.ask_phone(msg::PHONE_INVALID));
                    Ok(Next::Keep)
                }
            },
            // A step that waits for a button: the text is more description, not lost.
            drafting @ (State::Anonymity { .. }
            | State::Merging { .. }
            | State::Attachments { .. }) => {
                let Some(mut draft) = drafting.draft().cloned() else {
                    return Ok(Next::Keep);
                };
                let Some(joined) = self.extend_description(&draft.text, &text) else {
                    return Ok(Next::Keep);
                };
                draft.text = joined;
                self.say(msg::TEXT_ADDED_TO_DRAFT, &[]);
                let next = with_draft(drafting, draft);
                self.replies.push(self.question_of(&next));
                Ok(Next::Set(next))
            }
            State::Adding {
                complaint_id,
                tracking,
            } => {
                let Some(text) = self.valid_text(&text) else {
                    return Ok(Next::Keep);
                };
                self.add_info(
                    complaint_id,
                    &tracking,
                    text.as_str(),
                    Vec::new(),
                    State::Idle,
                )
                .await
            }
            // Typing instead of answering "withdraw?": a new matter, not a yes or no.
            State::ConfirmWithdraw { .. } => self.start_draft(&text, Vec::new()).await,
        }
    }

    pub(super) async fn file(
        &mut self,
        state: State,
        file: FileRef,
        caption: Option<String>,
    ) -> Result<Next, ServiceError> {
        let caption = caption.filter(|c| !c.trim().is_empty());
        // "/add NUMBER …" as a caption adds this file to that complaint, wherever we are.
        if let Some(Command::Add(arg)) = caption.as_deref().and_then(Command::parse) {
            return self.add_file_by_command(&arg, file, state).await;
        }
        match state {
            State::Idle | State::Describing { .. } | State::ConfirmWithdraw { .. } => {
                let mut files = match state {
                    State::Describing { files } => files,
                    _ => Vec::new(),
                };
                if files.len() >= super::MAX_ATTACHMENTS {
                    self.say(
                        msg::ATTACHMENTS_TOO_MANY,
                        &[("max", Arg::from(super::MAX_ATTACHMENTS))],
                    );
                    return Ok(Next::Keep);
                }
                files.push(file);
                match caption {
                    Some(text) => self.start_draft(&text, files).await,
                    None => {
                        self.say(msg::ATTACHMENT_KEPT, &[]);
                        Ok(Next::Set(State::Describing { files }))
                    }
                }
            }
            State::Adding {
                complaint_id,
                tracking,
            } => {
                let text = caption.unwrap_or_default();
                if !self.optional_text_ok(&text) {
                    return Ok(Next::Keep);
                }
                // Several photos arrive as several messages: stay here until "done".
                let then = State::Adding {
                    complaint_id,
                    tracking: tracking.clone(),
                };
                let next = self
                    .add_info(complaint_id, &tracking, text.trim(), vec![file], then)
                    .await?;
                if matches!(next, Next::Saved) {
                    self.replies.push(self.more_files_or_done());
                }
                Ok(next)
            }
            drafting => {
                let Some(mut draft) = drafting.draft().cloned() else {
                    return Ok(Next::Keep);
                };
                if draft.files.len() >= super::MAX_ATTACHMENTS {
                    self.say(
                        msg::ATTACHMENTS_TOO_MANY,
                        &[("max", Arg::from(super::MAX_ATTACHMENTS))],
                    );
                    return Ok(Next::Keep);
                }
                if let Some(c) = caption {
                    // The file is kept even when its caption no longer fits.
                    if let Some(joined) = self.extend_description(&draft.text, &c) {
                        draft.text = joined;
                    }
                }
                draft.files.push(file);
                let n = draft.files.len();
                let next = with_draft(drafting, draft);
                if matches!(next, State::Attachments { .. }) {
                    self.replies
                        .push(self.ask_attachments_with(msg::ATTACHMENT_ADDED, n));
                } else {
                    self.say(msg::ATTACHMENT_ADDED, &[("count", Arg::from(n))]);
                }
                Ok(Next::Set(next))
            }
        }
    }

    pub(super) async fn button(
        &mut self,
        state: State,
        cb: Callback,
    ) -> Result<Next, ServiceError> {
        match (state, cb) {
            (_, Callback::Lang(lang)) => {
                self.svc.db.set_user_lang(self.user_id, lang.code()).await?;
                self.lang = lang;
                self.say(msg::LANG_SET, &[]);
                Ok(Next::Keep)
            }
            (State::Proposed { draft }, Callback::Confirm) => {
                if let Some(open) = self.similar_open_complaint(&draft).await? {
                    self.replies
                        .push(self.merge_offer(open.id, &open.tracking_no));
                    return Ok(Next::Set(State::Merging {
                        draft,
                        complaint_id: open.id,
                        tracking: open.tracking_no,
                    }));
                }
                self.replies.push(self.ask_anonymity());
                Ok(Next::Set(State::Anonymity { draft }))
            }
            (State::Merging { draft, .. }, Callback::FileNew) => {
                self.replies.push(self.ask_anonymity());
                Ok(Next::Set(State::Anonymity { draft }))
            }
            (
                State::Merging {
                    draft,
                    complaint_id,
                    tracking,
                },
                Callback::Merge(id),
            ) if id == complaint_id => {
                let action = Action::AddInfo {
                    text: draft.text.clone(),
                    files: draft.files.len() as u32,
                };
                let files = super::complaints::attachments(&draft.files);
                let args = [("tracking", Arg::from(tracking.as_str()))];
                match self
                    .apply(complaint_id, action, files, &State::Idle)
                    .await?
                {
                    ChangeOutcome::Applied => {
                        self.say(msg::ADD_DONE, &args);
                        Ok(Next::Saved)
                    }
                    // Answered or closed meanwhile: file it as a new complaint, losing nothing.
                    ChangeOutcome::ComplaintMoved => {
                        self.say(msg::MERGE_TARGET_CLOSED, &args);
                        self.replies.push(self.ask_anonymity());
                        Ok(Next::Set(State::Anonymity { draft }))
                    }
                    ChangeOutcome::DialogueMoved => {
                        self.say(msg::STALE_BUTTON, &[]);
                        Ok(Next::Keep)
                    }
                }
            }
            (State::Proposed { draft } | State::OutOfScope { draft }, Callback::OtherCategory)
            | (State::OutOfScope { draft }, Callback::FileAnyway) => {
                self.replies.push(self.category_choice(&draft));
                Ok(Next::Set(State::ChoosingCategory { draft }))
            }
            (State::ChoosingCategory { mut draft }, Callback::Category(category)) => {
                let routing = self.svc.classifier.route(&draft.text, category);
                draft.choose(category, routing);
                Ok(self.propose(draft))
            }
            (state, Callback::Cancel) if state.draft().is_some() => {
                self.say(msg::CANCELLED, &[]);
                Ok(Next::Set(State::Idle))
            }
            (State::Anonymity { mut draft }, Callback::Anonymous(anonymous)) => {
                draft.anonymous = anonymous;
                if anonymous {
                    draft.company = None;
                    draft.phone = None;
                    self.replies
                        .push(self.ask_attachments(msg::ASK_ATTACHMENTS));
                    Ok(Next::Set(State::Attachments { draft }))
                } else {
                    self.replies.push(self.ask_company(msg::ASK_COMPANY));
                    Ok(Next::Set(State::Company { draft }))
                }
            }
            (State::Company { draft }, Callback::Skip) => {
                self.replies.push(self.ask_phone(msg::ASK_PHONE));
                Ok(Next::Set(State::Phone { draft }))
            }
            (State::Phone { draft }, Callback::Skip) => {
                self.replies
                    .push(self.ask_attachments(msg::ASK_ATTACHMENTS));
                Ok(Next::Set(State::Attachments { draft }))
            }
            (State::Attachments { draft }, Callback::Done) => self.file_draft(draft).await,
            (State::Adding { tracking, .. }, Callback::DoneAdding) => {
                self.say(msg::ADD_FINISHED, &[("tracking", Arg::from(tracking))]);
                Ok(Next::Set(State::Idle))
            }
            (
                State::ConfirmWithdraw {
                    complaint_id,
                    tracking,
                },
                Callback::WithdrawYes(id),
            ) if id == complaint_id => self.withdraw(complaint_id, &tracking).await,
            (State::ConfirmWithdraw { tracking, .. }, Callback::WithdrawNo) => {
                self.say(msg::WITHDRAW_KEPT, &[("tracking", Arg::from(tracking))]);
                Ok(Next::Set(State::Idle))
            }
            _ => {
                self.say(msg::STALE_BUTTON, &[]);
                Ok(Next::Keep)
            }
        }
    }

    /// The description with `more` appended, if it still fits; otherwise says so and keeps
    /// the description as it was.
    fn extend_description(&mut self, description: &str, more: &str) -> Option<String> {
        let more = more.trim();
        if more.is_empty() {
            self.say(msg::TEXT_EMPTY, &[]);
            return None;
        }
        let joined = format!("{description}\n{more}");
        let n = joined.chars().count();
        if n > crate::domain::text::MAX_TEXT_CHARS {
            self.say(
                msg::DRAFT_FULL,
                &[("max", Arg::from(crate::domain::text::MAX_TEXT_CHARS))],
            );
            return None;
        }
        Some(joined)
    }

    /// The question a waiting step asks, again.
    fn question_of(&self, state: &State) -> Reply {
        match state {
            State::Anonymity { .. } => self.ask_anonymity(),
            State::Merging {
                complaint_id,
                tracking,
                ..
            } => self.merge_offer(*complaint_id, tracking),
            _ => self.ask_attachments(msg::ASK_ATTACHMENTS),
        }
    }

    /// A new description: check it, classify it, propose a category (or explain why it is
    /// not a matter for this channel).
    pub(super) async fn start_draft(
        &mut self,
        raw: &str,
        files: Vec<FileRef>,
    ) -> Result<Next, ServiceError> {
        let Some(text) = self.valid_text(raw) else {
            return Ok(Next::Keep);
        };
        if self.over_daily_limit().await? {
            return Ok(Next::Set(State::Idle));
        }
        let draft = self.classify(text.as_str(), files);
        Ok(self.propose(draft))
    }

    fn classify(&self, text: &str, files: Vec<FileRef>) -> Draft {
        let c = self.svc.classifier.classify(text);
        Draft {
            text: text.to_owned(),
            category: c.category,
            proposed: c.category,
            confidence: c.confidence,
            matched: c.matched,
            department: c.department,
            handler: c.handler,
            conflict: c.conflict_of_interest,
            out_of_scope: c.out_of_scope,
            anonymous: false,
            company: None,
            phone: None,
            files,
        }
    }

    fn propose(&mut self, draft: Draft) -> Next {
        if draft.category == Category::None {
            self.replies.push(self.out_of_scope_advice(&draft));
            Next::Set(State::OutOfScope { draft })
        } else {
            self.replies.push(self.proposal(&draft));
            Next::Set(State::Proposed { draft })
        }
    }

    /// The text if it is acceptable; otherwise says why and returns `None`.
    pub(super) fn valid_text(&mut self, raw: &str) -> Option<ComplaintText> {
        match ComplaintText::parse(raw) {
            Ok(t) => Some(t),
            Err(e) => {
                self.explain_text_error(e);
                None
            }
        }
    }

    /// A caption may be empty, but not too long; says why when it is.
    pub(super) fn optional_text_ok(&mut self, raw: &str) -> bool {
        match ComplaintText::parse(raw) {
            Ok(_) | Err(TextError::Empty) => true,
            Err(e) => {
                self.explain_text_error(e);
                false
            }
        }
    }

    fn explain_text_error(&mut self, e: TextError) {
        match e {
            TextError::Empty => self.say(msg::TEXT_EMPTY, &[]),
            TextError::TooLong(n) => self.say(
                msg::TEXT_TOO_LONG,
                &[
                    ("length", Arg::from(n)),
                    ("max", Arg::from(crate::domain::text::MAX_TEXT_CHARS)),
                ],
            ),
        }
    }

    /// True (and says so) when the person has filed the most complaints allowed today.
    pub(super) async fn over_daily_limit(&mut self) -> Result<bool, ServiceError> {
        let today = crate::domain::tracking::day_key(self.svc.clock.today_local());
        let n = self.svc.db.complaints_filed_on(self.user_id, today).await?;
        if n >= super::DAILY_LIMIT {
            self.say(
                msg::DAILY_LIMIT,
                &[("limit", Arg::from(super::DAILY_LIMIT))],
            );
            return Ok(true);
        }
        Ok(false)
    }
}

/// The same step with an updated draft.
fn with_draft(state: State, draft: Draft) -> State {
    match state {
        State::Proposed { .. } => State::Proposed { draft },
        State::ChoosingCategory { .. } => State::ChoosingCategory { draft },
        State::OutOfScope { .. } => State::OutOfScope { draft },
        State::Merging {
            complaint_id,
            tracking,
            ..
        } => State::Merging {
            draft,
            complaint_id,
            tracking,
        },
        State::Anonymity { .. } => State::Anonymity { draft },
        State::Company { .. } => State::Company { draft },
        State::Phone { .. } => State::Phone { draft },
        State::Attachments { .. } => State::Attachments { draft },
        other => other,
    }
}
