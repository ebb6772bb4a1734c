//! What free text, files and buttons do at each step of the conversation, and the checks
//! and proposals along the way. Commands and the conversation's states are in `dialogue.rs`.

use super::dialogue::{Draft, Next, State, Turn};
use super::typed::Typed;
use super::{Callback, Command, FileRef, Reply, ServiceError};
use crate::classifier::OutOfScope;
use crate::domain::reply::Short;
use crate::domain::text::{company_name, contact_name, ComplaintText, Phone, TextError};
use crate::domain::{privacy, Action, Category};
use crate::i18n::{msg, Arg};
use crate::storage::ChangeOutcome;

impl Turn<'_> {
    pub(super) async fn text(&mut self, state: State, text: String) -> Result<Next, ServiceError> {
        match self.typed(&state, &text) {
            Typed::Press(cb) => return self.button(state, cb).await,
            Typed::Reask => {
                self.reask(&state);
                return Ok(Next::Keep);
            }
            Typed::Chat(short) => {
                self.small_talk(short);
                // Thanks for advice ends that matter; otherwise nothing changes.
                return Ok(match (state, short) {
                    (State::OutOfScope { .. }, Short::Thanks) => Next::Set(State::Idle),
                    _ => Next::Keep,
                });
            }
            Typed::Text => {}
        }
        match state {
            State::Idle => match self.awaited_answer().await? {
                // The department waits for this person's information: is this it?
                Some(waiting) => {
                    let Some(text) = self.valid_text(&text) else {
                        return Ok(Next::Keep);
                    };
                    let draft = self.classify(text.as_str(), Vec::new());
                    self.replies
                        .push(self.answer_offer(waiting.id, &waiting.tracking_no));
                    Ok(Next::Set(State::Merging {
                        draft,
                        complaint_id: waiting.id,
                        tracking: waiting.tracking_no,
                        answering: true,
                    }))
                }
                None => self.start_draft(&text, Vec::new()).await,
            },
            State::Describing { files } => self.start_draft(&text, files).await,
            // A question or a greeting was answered with advice: what follows is a new matter,
            // not more of the question.
            State::OutOfScope { draft }
                if matches!(
                    draft.out_of_scope,
                    Some(OutOfScope::Greeting | OutOfScope::Consultation)
                ) =>
            {
                self.start_draft(&text, draft.files).await
            }
            State::Proposed { mut draft }
            | State::OutOfScope { mut draft }
            | State::ChoosingCategory { mut draft } => {
                // More description in a second message: add it and look again.
                if !self.extend(&mut draft, &text) {
                    return Ok(Next::Keep);
                }
                self.note_addition(&draft, &text);
                let draft = self.reclassified(draft);
                Ok(self.propose(draft))
            }
            State::Name { mut draft } => match contact_name(&text) {
                Some(name) => {
                    draft.contact_name = Some(name);
                    self.replies.push(self.ask_company(msg::ASK_COMPANY));
                    Ok(Next::Set(State::Company { draft }))
                }
                None => {
                    self.say(
                        msg::NAME_INVALID,
                        &[("max", Arg::from(crate::domain::text::MAX_NAME_CHARS))],
                    );
                    Ok(Next::Keep)
                }
            },
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
            | State::Attachments { .. }
            | State::Masking { .. }) => {
                let Some(mut draft) = drafting.draft().cloned() else {
                    return Ok(Next::Keep);
                };
                if !self.extend(&mut draft, &text) {
                    return Ok(Next::Keep);
                }
                self.note_addition(&draft, &text);
                let next = match drafting {
                    // What was checked for identifying details has changed: check again.
                    State::Masking { .. } => {
                        draft.privacy_checked = false;
                        State::Attachments { draft }
                    }
                    other => with_draft(other, draft),
                };
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
                    self.extend(&mut draft, &c);
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
            (state, Callback::Rate { complaint, rating }) => {
                self.rate(complaint, rating, state).await
            }
            (_, Callback::Lang(lang)) => {
                self.svc.db.set_user_lang(self.user_id, lang.code()).await?;
                self.lang = lang;
                self.say(msg::LANG_SET, &[]);
                Ok(Next::Keep)
            }
            (State::Proposed { draft }, Callback::Confirm) => {
                if let Some(open) = self.similar_open_complaint(&draft).await? {
                    self.replies
                        .push(self.merge_offer(open.id, &open.tracking_no, Some(&open)));
                    return Ok(Next::Set(State::Merging {
                        draft,
                        complaint_id: open.id,
                        tracking: open.tracking_no,
                        answering: false,
                    }));
                }
                self.replies.push(self.ask_anonymity());
                Ok(Next::Set(State::Anonymity { draft }))
            }
            (state, Callback::Undo(n))
                if state
                    .draft()
                    .is_some_and(|d| d.additions.len() == n as usize) =>
            {
                let Some(mut draft) = state.draft().cloned() else {
                    return Ok(Next::Keep);
                };
                if let Some(at) = draft.additions.pop() {
                    draft.text.truncate(at);
                }
                self.say(msg::UNDONE, &[]);
                match state {
                    State::Proposed { .. }
                    | State::OutOfScope { .. }
                    | State::ChoosingCategory { .. } => {
                        let draft = self.reclassified(draft);
                        Ok(self.propose(draft))
                    }
                    other => {
                        let next = with_draft(other, draft);
                        self.replies.push(self.question_of(&next));
                        Ok(Next::Set(next))
                    }
                }
            }
            // Not the answer the department waits for: a new complaint, proposed as any other.
            (
                State::Merging {
                    draft,
                    answering: true,
                    ..
                },
                Callback::FileNew,
            ) => Ok(self.propose(draft)),
            (State::Merging { draft, .. }, Callback::FileNew) => {
                self.replies.push(self.ask_anonymity());
                Ok(Next::Set(State::Anonymity { draft }))
            }
            (
                State::Merging {
                    draft,
                    complaint_id,
                    tracking,
                    answering,
                },
                Callback::Merge(id),
            ) if id == complaint_id => {
                let action = Action::AddInfo {
                    text: draft.text.clone(),
                    files: draft.files.len() as u32,
                };
                let files = super::complaints::attachments(&draft.files);
                let args = [("tracking", Arg::from(tracking.as_str()))];
                let done = self.t(
                    if answering {
                        msg::ANSWER_SENT
                    } else {
                        msg::MERGE_DONE
                    },
                    &args,
                );
                match self
                    .apply(complaint_id, action, files, &State::Idle, done)
                    .await?
                {
                    ChangeOutcome::Applied(_) => Ok(Next::Saved),
                    // Answered or closed meanwhile: file it as a new complaint, losing nothing.
                    ChangeOutcome::ComplaintMoved => {
                        self.say(msg::MERGE_TARGET_CLOSED, &args);
                        self.replies.push(self.ask_anonymity());
                        Ok(Next::Set(State::Anonymity { draft }))
                    }
                    ChangeOutcome::DialogueMoved | ChangeOutcome::AlreadyHandled => {
                        self.stale(true);
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
                    draft.contact_name = None;
                    draft.company = None;
                    draft.phone = None;
                    self.replies
                        .push(self.ask_attachments(msg::ASK_ATTACHMENTS));
                    Ok(Next::Set(State::Attachments { draft }))
                } else {
                    self.replies.push(self.ask_name());
                    Ok(Next::Set(State::Name { draft }))
                }
            }
            (State::Name { mut draft }, Callback::UseName)
                if !self.display_name.trim().is_empty() =>
            {
                draft.contact_name = Some(self.display_name.trim().to_owned());
                self.replies.push(self.ask_company(msg::ASK_COMPANY));
                Ok(Next::Set(State::Company { draft }))
            }
            (State::Name { mut draft }, Callback::Skip) => {
                draft.contact_name = None;
                self.replies.push(self.ask_company(msg::ASK_COMPANY));
                Ok(Next::Set(State::Company { draft }))
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
            (State::Attachments { draft }, Callback::Done) => self.finish(draft).await,
            (State::Masking { mut draft }, Callback::Mask(mask)) => {
                if mask {
                    let found = self.identifying(&draft);
                    draft.text = privacy::mask(&draft.text, &found);
                }
                draft.privacy_checked = true;
                self.file_draft(draft).await
            }
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
                self.stale(true);
                Ok(Next::Keep)
            }
        }
    }

    /// The last step before filing: an anonymous person whose description would identify them
    /// is shown what was found and asked whether to mask it.
    async fn finish(&mut self, draft: Draft) -> Result<Next, ServiceError> {
        if draft.anonymous && !draft.privacy_checked && !self.identifying(&draft).is_empty() {
            self.replies.push(self.ask_mask(&draft));
            return Ok(Next::Set(State::Masking { draft }));
        }
        self.file_draft(draft).await
    }

    /// What in the description identifies the person: phone and ID-card numbers, and their
    /// own name (whole, and each part of it).
    pub(super) fn identifying(&self, draft: &Draft) -> Vec<privacy::Found> {
        let name = self.display_name.trim();
        let mut names = vec![name];
        names.extend(name.split_whitespace());
        privacy::find(&draft.text, &names)
    }

    /// Appends `more` to the description, remembering where it begins so that it can be
    /// taken back; if it does not fit, says so and leaves the draft as it was.
    fn extend(&mut self, draft: &mut Draft, more: &str) -> bool {
        let more = crate::domain::text::trim_visible(more);
        if more.is_empty() {
            self.say(msg::TEXT_EMPTY, &[]);
            return false;
        }
        let n = draft.text.chars().count() + 1 + more.chars().count();
        if n > crate::domain::text::MAX_TEXT_CHARS {
            self.say(
                msg::DRAFT_FULL,
                &[("max", Arg::from(crate::domain::text::MAX_TEXT_CHARS))],
            );
            return false;
        }
        draft.additions.push(draft.text.len());
        draft.text.push('\n');
        draft.text.push_str(more);
        true
    }

    /// Says what was added to the description, with a button that takes it back.
    fn note_addition(&mut self, draft: &Draft, added: &str) {
        let html = self.t(
            msg::ADDED_TO_DRAFT,
            &[("text", Arg::from(super::views::excerpt(added.trim(), 100)))],
        );
        let undo = Callback::Undo(draft.additions.len() as u32);
        self.replies.push(Reply::with_buttons(
            html,
            vec![vec![super::Button {
                label: self.t(msg::BTN_UNDO, &[]),
                callback: undo,
            }]],
        ));
    }

    /// The draft classified again on its whole text; a category picked by hand stays picked,
    /// and what the person already decided (anonymity, files) stays.
    fn reclassified(&self, draft: Draft) -> Draft {
        let mut fresh = self.classify(&draft.text, draft.files);
        fresh.anonymous = draft.anonymous;
        fresh.additions = draft.additions;
        if draft.category != draft.proposed {
            let routing = self.svc.classifier.route(&fresh.text, draft.category);
            fresh.choose(draft.category, routing);
        }
        fresh
    }

    /// A reply that answered nothing: say what is expected, and ask again.
    fn reask(&mut self, state: &State) {
        let id = match state {
            State::Describing { .. } => msg::ASK_DESCRIPTION,
            State::Adding { .. } => msg::REASK_ADDING,
            _ => msg::REASK,
        };
        self.say(id, &[]);
        if !matches!(state, State::Describing { .. } | State::Adding { .. }) {
            let question = self.question_of(state);
            self.replies.push(question);
        }
    }

    /// A greeting, thanks or "how do I complain?" where no complaint is being written.
    fn small_talk(&mut self, short: Short) {
        let id = match short {
            Short::Greeting => msg::SMALL_TALK_GREETING,
            Short::Thanks => msg::SMALL_TALK_THANKS,
            Short::HowTo => msg::HOW_TO,
            _ => msg::SMALL_TALK_PROMPT,
        };
        self.say(id, &[]);
    }

    /// The question a step asks, again.
    pub(super) fn question_of(&self, state: &State) -> Reply {
        match state {
            State::Idle => Reply::text(self.t(msg::SMALL_TALK_PROMPT, &[])),
            State::Describing { .. } => Reply::text(self.t(msg::ASK_DESCRIPTION, &[])),
            State::Proposed { draft } => self.proposal(draft),
            State::ChoosingCategory { draft } => self.category_choice(draft),
            State::OutOfScope { draft } => self.out_of_scope_advice(draft),
            State::Merging {
                complaint_id,
                tracking,
                answering: false,
                ..
            } => self.merge_offer(*complaint_id, tracking, None),
            State::Merging {
                complaint_id,
                tracking,
                answering: true,
                ..
            } => self.answer_offer(*complaint_id, tracking),
            State::Anonymity { .. } => self.ask_anonymity(),
            State::Name { .. } => self.ask_name(),
            State::Company { .. } => self.ask_company(msg::ASK_COMPANY),
            State::Phone { .. } => self.ask_phone(msg::ASK_PHONE),
            State::Attachments { draft } => {
                self.ask_attachments_with(msg::ASK_ATTACHMENTS, draft.files.len())
            }
            State::Masking { draft } => self.ask_mask(draft),
            State::Adding { tracking, .. } => {
                Reply::text(self.t(msg::ADD_ASK, &[("tracking", Arg::from(tracking.as_str()))]))
            }
            State::ConfirmWithdraw {
                complaint_id,
                tracking,
            } => self.withdraw_question(*complaint_id, tracking),
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
            contact_name: None,
            company: None,
            phone: None,
            files,
            additions: Vec::new(),
            privacy_checked: false,
        }
    }

    fn propose(&mut self, draft: Draft) -> Next {
        if draft.category == Category::None && draft.out_of_scope == Some(OutOfScope::Greeting) {
            // A longer greeting ("你好，在吗，想问一下"): answered, and nothing is kept of it.
            self.say(msg::SMALL_TALK_GREETING, &[]);
            return Next::Set(if draft.files.is_empty() {
                State::Idle
            } else {
                State::Describing { files: draft.files }
            });
        }
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
        let today = self.svc.clock.today_local();
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
            answering,
            ..
        } => State::Merging {
            draft,
            complaint_id,
            tracking,
            answering,
        },
        State::Anonymity { .. } => State::Anonymity { draft },
        State::Name { .. } => State::Name { draft },
        State::Company { .. } => State::Company { draft },
        State::Phone { .. } => State::Phone { draft },
        State::Attachments { .. } => State::Attachments { draft },
        State::Masking { .. } => State::Masking { draft },
        other => other,
    }
}
