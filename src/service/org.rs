//! The organisation, set up from Telegram: invites, joining, binding group chats, the staff
//! list, revoking a role; and the chats the bot is in.
//!
//! Rights are the ones stored for the person now ([`Desk::who`], loaded from the database for
//! every message), never taken from an argument: an admin invites, binds and revokes; admins and
//! supervisors see the staff list; anyone may join with a valid code. A refusal changes nothing.
//!
//! | command | who | where | answer |
//! |---|---|---|---|
//! | `/invite DEPARTMENT [staff\|lead]`, `/invite supervisor` | admins | private | a one-time code (24 h), `/join CODE` and the deep link |
//! | `/join CODE`, `/start join-CODE` | anyone | private | what they are now; one answer for an unknown, used or expired code |
//! | `/bind DEPARTMENT`, `/bind supervisors`, `/bind leadership` | admins | the group | the group now receives that department's complaints |
//! | `/staff [DEPARTMENT]` | admins, supervisors | anywhere | people and roles, by department, with their Telegram ids |
//! | `/revoke TELEGRAM-ID` | admins | anywhere | the person is a complainant again |

use super::staff::Desk;
use super::{ChatKind, Command, Service, ServiceError};
use crate::classifier::{LEADERSHIP, SUPERVISORS};
use crate::domain::Role;
use crate::i18n::{msg, Arg, Lang};
use crate::storage::{Appointment, NewInvite, NewNotice, Recorded, UserRow};

pub use crate::storage::BotStatus;

/// How long an invite code may be used.
pub const INVITE_TTL_MS: i64 = 24 * 3600 * 1000;
/// The letters of an invite code: digits and capitals without 0/O and 1/I, which are easily
/// mistaken for each other. 32 symbols: 5 bits each.
pub const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// Characters in an invite code: 50 random bits, drawn from the operating system.
pub const CODE_LEN: usize = 10;
/// The deep-link payload prefix: `https://t.me/BOT?start=join-CODE`.
pub const JOIN_PREFIX: &str = "join-";

/// A fresh invite code from the operating system's random source (unguessable, unlike anything
/// derived from the time or a counter).
pub fn new_code() -> String {
    use rand::Rng;
    let mut rng = rand::rngs::OsRng;
    (0..CODE_LEN)
        .map(|_| char::from(CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())]))
        .collect()
}

/// A code as typed: capitals, without spaces or dashes.
pub fn normalize_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// Reads `/invite`'s argument: `supervisor`, or `DEPARTMENT [staff|lead]` for a department
/// that `known` accepts. `None` for anything else.
pub fn parse_invite(arg: &str, known: impl Fn(&str) -> bool) -> Option<Appointment> {
    let words: Vec<String> = arg.split_whitespace().map(str::to_lowercase).collect();
    match words.as_slice() {
        [who] if who == "supervisor" || who == "supervisors" => Some(Appointment::Supervisor),
        [department, rest @ ..] if known(department) => {
            let lead = match rest {
                [] => false,
                [r] if r == "staff" => false,
                [r] if r == "lead" => true,
                _ => return None,
            };
            Some(Appointment::Staff {
                department: department.clone(),
                lead,
            })
        }
        _ => None,
    }
}

/// Reads `/bind`'s argument: a department code, `supervisors` (the business-environment
/// bureau's department, whose chat is the supervisors') or `leadership`.
pub fn bind_target(arg: &str) -> String {
    match arg.trim().to_lowercase().as_str() {
        "supervisors" | "supervisor" => SUPERVISORS.to_owned(),
        other => other.to_owned(),
    }
}

impl Service {
    /// Tells the service the bot's Telegram username (from `getMe` at start), so that invites
    /// carry a deep link. The first call counts; without one, invites show `/join CODE` only.
    pub fn set_bot_username(&self, username: &str) {
        let username = username.trim_start_matches('@');
        if !username.is_empty() {
            let _ = self.bot_username.set(username.to_owned());
        }
    }

    pub fn bot_username(&self) -> Option<&str> {
        self.bot_username.get().map(String::as_str)
    }

    /// A group became a supergroup with a new id: its department binding, its cards, the
    /// notices waiting for it and the bot's standing there follow.
    pub async fn chat_migrated(&self, old: i64, new: i64) -> Result<(), ServiceError> {
        self.db.migrate_chat(old, new).await?;
        self.db.migrate_bot_chat(old, new, self.now_ms()).await?;
        Ok(())
    }

    /// The bot was added to a chat, or removed from it, by `by`. A group is recorded in
    /// `bot_chats`; when the bot leaves a group bound to a department the binding stays and the
    /// supervisors are told; when an admin adds it to a group that is not bound, the group is
    /// told how to bind it. Each is said once per coming or going, through the outbox (there is
    /// no message to reply to).
    pub async fn bot_membership(
        &self,
        chat_id: i64,
        title: &str,
        status: BotStatus,
        by: i64,
    ) -> Result<(), ServiceError> {
        tracing::info!(
            chat = chat_id,
            title,
            ?status,
            by,
            "the bot's membership changed"
        );
        let now = self.now_ms();
        if chat_id > 0 {
            // A private chat (its id is the person's): they blocked the bot, or unblocked it
            // (then their next message marks them reachable again).
            if status == BotStatus::Kicked {
                self.db.mark_unreachable(chat_id).await?;
            }
            return Ok(());
        }
        if !self.db.record_bot_chat(chat_id, title, status, now).await? {
            return Ok(());
        }
        let bound = self.db.departments_of_chat(chat_id).await?;
        let lang = super::cards::GROUP_LANG;
        let key = format!("bot-chat:{chat_id}:{}:{now}", status.code());
        let notice = if status.present() {
            self.bot_added(chat_id, &bound, by, lang).await?
        } else {
            self.bot_removed(chat_id, title, &bound, by, lang).await?
        };
        if let Some((to, html)) = notice {
            self.db
                .enqueue_notices(&[NewNotice::text(to, html, Some(key))], now)
                .await?;
            self.wake.notify_one();
        }
        Ok(())
    }

    /// What to say, and where, when the bot came into a group.
    async fn bot_added(
        &self,
        chat_id: i64,
        bound: &[String],
        by: i64,
        lang: Lang,
    ) -> Result<Option<(i64, String)>, ServiceError> {
        if !bound.is_empty() {
            let names = self.department_names(lang, bound);
            let html = self.i18n.t(
                lang,
                msg::BOT_BACK,
                &[("department", Arg::from(names.as_str()))],
            );
            return Ok(Some((chat_id, html)));
        }
        let admin = self.db.user(by).await?.is_some_and(|u| u.is_admin);
        if !admin {
            // Anyone may add the bot to a group; it stays silent there until an admin binds it.
            return Ok(None);
        }
        let codes = self.department_codes().await?;
        let html = self.i18n.t(
            lang,
            msg::BOT_ADDED_HINT,
            &[("codes", Arg::from(codes.join(", ")))],
        );
        Ok(Some((chat_id, html)))
    }

    /// What to say, and where, when the bot left a group (or was removed from it).
    async fn bot_removed(
        &self,
        chat_id: i64,
        title: &str,
        bound: &[String],
        by: i64,
        lang: Lang,
    ) -> Result<Option<(i64, String)>, ServiceError> {
        if bound.is_empty() {
            return Ok(None);
        }
        // The supervisors' chat; when that is the group that was left, the leadership's.
        let mut to = None;
        for code in [SUPERVISORS, LEADERSHIP] {
            if let Some(chat) = self.db.department_chat(code).await? {
                if chat != chat_id {
                    to = Some(chat);
                    break;
                }
            }
        }
        let Some(to) = to else {
            tracing::warn!(
                chat = chat_id,
                departments = ?bound,
                "the bot left a department's group and no supervisors' chat is bound to hear of it"
            );
            return Ok(None);
        };
        let who = match self.db.user(by).await? {
            Some(u) if !u.display_name.trim().is_empty() => u.display_name,
            _ => by.to_string(),
        };
        let title = if title.trim().is_empty() {
            chat_id.to_string()
        } else {
            title.to_owned()
        };
        let html = self.i18n.t(
            lang,
            msg::BOT_REMOVED,
            &[
                ("title", Arg::from(title)),
                ("chat", Arg::from(chat_id.to_string())),
                ("department", Arg::from(self.department_names(lang, bound))),
                ("who", Arg::from(who)),
            ],
        );
        Ok(Some((to, html)))
    }

    fn department_names(&self, lang: Lang, codes: &[String]) -> String {
        let sep = self.i18n.t(lang, msg::LIST_SEPARATOR, &[]);
        codes
            .iter()
            .map(|c| self.department_name(lang, c))
            .collect::<Vec<_>>()
            .join(&sep)
    }

    /// The codes a department can be named by in /invite and /bind.
    async fn department_codes(&self) -> Result<Vec<String>, ServiceError> {
        Ok(self
            .db
            .departments()
            .await?
            .into_iter()
            .map(|d| d.code)
            .collect())
    }

    /// What an appointment makes of someone, in words.
    fn appointment_words(&self, lang: Lang, a: &Appointment) -> String {
        match a {
            Appointment::Staff { department, lead } => self.i18n.t(
                lang,
                if *lead {
                    msg::APPOINT_LEAD
                } else {
                    msg::APPOINT_STAFF
                },
                &[(
                    "department",
                    Arg::from(self.department_name(lang, department)),
                )],
            ),
            Appointment::Supervisor => self.i18n.t(lang, msg::APPOINT_SUPERVISOR, &[]),
        }
    }
}

/// The role a stored person holds, as an appointment (`None` for a complainant).
fn appointment_of(u: &UserRow) -> Option<Appointment> {
    match (u.role, &u.department) {
        (Role::Staff, Some(d)) => Some(Appointment::Staff {
            department: d.clone(),
            lead: u.is_lead,
        }),
        (Role::Supervisor, _) => Some(Appointment::Supervisor),
        _ => None,
    }
}

fn display(u: &UserRow) -> String {
    if u.display_name.trim().is_empty() {
        u.id.to_string()
    } else {
        u.display_name.clone()
    }
}

impl Desk<'_> {
    pub(super) async fn org(&mut self, cmd: Command) -> Result<(), ServiceError> {
        match cmd {
            Command::Invite(arg) => self.invite(&arg).await,
            Command::Join(code) => self.join(&code).await,
            Command::Start(payload) => {
                let code = payload.strip_prefix(JOIN_PREFIX).unwrap_or_default();
                self.join(code).await
            }
            Command::Bind(arg) => self.bind(&arg).await,
            Command::Staff(arg) => self.staff_list(&arg).await,
            Command::Revoke(arg) => self.revoke(&arg).await,
            other => {
                let name = format!("{other:?}").to_lowercase();
                self.say(msg::UNKNOWN_COMMAND, &[("command", Arg::from(name))]);
                Ok(())
            }
        }
    }

    /// Refuses a non-admin; `true` if the person is an admin.
    fn admin_only(&mut self) -> bool {
        if !self.who.admin {
            self.say(msg::ORG_ADMINS_ONLY, &[]);
        }
        self.who.admin
    }

    /// `/invite DEPARTMENT [staff|lead]`, `/invite supervisor`: a one-time code.
    async fn invite(&mut self, arg: &str) -> Result<(), ServiceError> {
        if !self.admin_only() {
            return Ok(());
        }
        if self.chat.kind == ChatKind::Group {
            // Everyone in the group would see a code meant for one person.
            self.say(msg::ORG_PRIVATE_ONLY, &[("command", Arg::from("/invite"))]);
            return Ok(());
        }
        let codes = self.svc.department_codes().await?;
        let Some(appointment) = parse_invite(arg, |d| codes.iter().any(|c| c == d)) else {
            self.say(msg::INVITE_USAGE, &[("codes", Arg::from(codes.join(", ")))]);
            return Ok(());
        };
        let now = self.svc.now_ms();
        let expires_at = now + INVITE_TTL_MS;
        // 50 random bits: a collision is all but impossible, and simply drawn again.
        let mut tries = 0;
        let code = loop {
            let code = new_code();
            let invite = NewInvite {
                code: code.clone(),
                appointment: appointment.clone(),
                created_by: self.who.user_id,
                created_at: now,
                expires_at,
            };
            match self.svc.db.create_invite(&invite, self.update_id).await? {
                Recorded::Repeated => {
                    self.recorded = true;
                    return Ok(());
                }
                Recorded::Done(true) => break code,
                Recorded::Done(false) if tries < 3 => tries += 1,
                Recorded::Done(false) => {
                    return Err(ServiceError::Storage(
                        crate::storage::StorageError::Corrupt(
                            "invite codes keep colliding: the random source is broken".into(),
                        ),
                    ))
                }
            }
        };
        self.recorded = true;
        let what = self.svc.appointment_words(self.lang, &appointment);
        let mut html = self.t(
            msg::INVITE_CREATED,
            &[
                ("what", Arg::from(what)),
                ("code", Arg::from(code.as_str())),
                ("until", Arg::from(super::views::local_time(expires_at))),
            ],
        );
        if let Some(bot) = self.svc.bot_username() {
            let link = format!("https://t.me/{bot}?start={JOIN_PREFIX}{code}");
            html.push('\n');
            html.push_str(&self.t(msg::INVITE_LINK, &[("link", Arg::from(link))]));
        }
        self.replies.push(super::Reply::text(html));
        Ok(())
    }

    /// `/join CODE` and `/start join-CODE`: uses the code once.
    async fn join(&mut self, typed: &str) -> Result<(), ServiceError> {
        if self.chat.kind == ChatKind::Group {
            // Not used here: the code was shown to the whole group and stays unused.
            self.say(msg::ORG_PRIVATE_ONLY, &[("command", Arg::from("/join"))]);
            return Ok(());
        }
        let code = normalize_code(typed);
        if code.is_empty() {
            self.say(msg::JOIN_USAGE, &[]);
            return Ok(());
        }
        let now = self.svc.now_ms();
        let used = self
            .svc
            .db
            .use_invite(&code, self.who.user_id, now, self.update_id)
            .await?;
        self.recorded = true;
        let (appointment, created_by) = match used {
            Recorded::Repeated => return Ok(()),
            // Unknown, used and expired codes get the same answer: nothing to probe.
            Recorded::Done(None) => {
                self.say(msg::JOIN_INVALID, &[]);
                return Ok(());
            }
            Recorded::Done(Some(used)) => used,
        };
        let what = self.svc.appointment_words(self.lang, &appointment);
        let id = match appointment {
            Appointment::Staff { .. } => msg::JOIN_DONE_STAFF,
            Appointment::Supervisor => msg::JOIN_DONE_SUPERVISOR,
        };
        self.say(id, &[("what", Arg::from(what))]);
        // Whoever made the code hears who used it: a code that leaked shows at once.
        if created_by != self.who.user_id {
            let lang = match self.svc.db.user(created_by).await? {
                Some(u) => u
                    .lang
                    .as_deref()
                    .and_then(Lang::from_code)
                    .unwrap_or_default(),
                None => Lang::default(),
            };
            let html = self.svc.i18n.t(
                lang,
                msg::INVITE_USED,
                &[
                    ("who", Arg::from(display(&self.user))),
                    ("id", Arg::from(self.who.user_id.to_string())),
                    (
                        "what",
                        Arg::from(self.svc.appointment_words(lang, &appointment)),
                    ),
                ],
            );
            let key = format!("invite-used:{code}");
            self.svc
                .db
                .enqueue_notices(&[NewNotice::text(created_by, html, Some(key))], now)
                .await?;
            self.svc.wake.notify_one();
        }
        Ok(())
    }

    /// `/bind DEPARTMENT` in a group: the group receives that department's complaints.
    async fn bind(&mut self, arg: &str) -> Result<(), ServiceError> {
        if !self.admin_only() {
            return Ok(());
        }
        if self.chat.kind == ChatKind::Private {
            self.say(msg::BIND_IN_GROUP, &[]);
            return Ok(());
        }
        let code = bind_target(arg);
        let usage = |desk: &mut Self, codes: Vec<String>| {
            desk.say(msg::BIND_USAGE, &[("codes", Arg::from(codes.join(", ")))]);
        };
        if code.is_empty() {
            let codes = self.svc.department_codes().await?;
            usage(self, codes);
            return Ok(());
        }
        let now = self.svc.now_ms();
        let bound = self
            .svc
            .db
            .bind_chat(&code, self.chat.id, now, self.update_id)
            .await?;
        self.recorded = true;
        let binding = match bound {
            Recorded::Repeated => return Ok(()),
            Recorded::Done(None) => {
                let codes = self.svc.department_codes().await?;
                usage(self, codes);
                return Ok(());
            }
            Recorded::Done(Some(b)) => b,
        };
        let name = self.svc.department_name(self.lang, &code);
        let kind = match code.as_str() {
            SUPERVISORS => "supervisors",
            LEADERSHIP => "leadership",
            _ => "department",
        };
        let mut html = self.t(
            msg::BIND_DONE,
            &[("kind", Arg::from(kind)), ("department", Arg::from(name))],
        );
        if !binding.moved_from.is_empty() {
            let before = self.svc.department_names(self.lang, &binding.moved_from);
            html.push('\n');
            html.push_str(&self.t(msg::BIND_MOVED, &[("department", Arg::from(before))]));
        }
        if let Some(old) = binding.replaced_chat {
            let title = self
                .svc
                .db
                .bot_chats()
                .await?
                .into_iter()
                .find(|c| c.chat_id == old && !c.title.trim().is_empty())
                .map_or_else(|| old.to_string(), |c| c.title);
            html.push('\n');
            html.push_str(&self.t(msg::BIND_REPLACED, &[("chat", Arg::from(title))]));
        }
        self.replies.push(super::Reply::text(html));
        Ok(())
    }

    /// `/staff [DEPARTMENT]`: the people with a role, by department.
    async fn staff_list(&mut self, arg: &str) -> Result<(), ServiceError> {
        if !(self.who.admin || self.who.role == Role::Supervisor) {
            self.say(msg::STAFF_LIST_REFUSED, &[]);
            return Ok(());
        }
        let departments = self.svc.db.departments().await?;
        let only = bind_target(arg);
        if !only.is_empty() && !departments.iter().any(|d| d.code == only) {
            let codes: Vec<String> = departments.into_iter().map(|d| d.code).collect();
            self.say(
                msg::STAFF_LIST_USAGE,
                &[("codes", Arg::from(codes.join(", ")))],
            );
            return Ok(());
        }
        let only = (!only.is_empty()).then_some(only);
        let people = self.svc.db.people(only.as_deref()).await?;
        let mut html = self.t(msg::STAFF_LIST_HEADER, &[]);
        let line = |desk: &Self, u: &UserRow| {
            let mut marks = String::new();
            if u.role == Role::Staff && u.is_lead {
                marks.push_str(&desk.t(msg::STAFF_LIST_LEAD, &[]));
            }
            if u.is_admin {
                marks.push_str(&desk.t(msg::STAFF_LIST_ADMIN, &[]));
            }
            desk.t(
                msg::STAFF_LIST_PERSON,
                &[
                    ("name", Arg::from(display(u))),
                    ("id", Arg::from(u.id.to_string())),
                    ("marks", Arg::from(marks)),
                ],
            )
        };
        let mut sections: Vec<(String, Vec<&UserRow>)> = Vec::new();
        if only.is_none() {
            let supervisors: Vec<&UserRow> = people
                .iter()
                .filter(|u| u.role == Role::Supervisor)
                .collect();
            sections.push((self.t(msg::STAFF_LIST_SUPERVISORS, &[]), supervisors));
        }
        for d in &departments {
            let staff: Vec<&UserRow> = people
                .iter()
                .filter(|u| u.role == Role::Staff && u.department.as_deref() == Some(&d.code))
                .collect();
            if !staff.is_empty() || only.as_deref() == Some(d.code.as_str()) {
                let name = self.svc.department_name(self.lang, &d.code);
                sections.push((
                    self.t(
                        msg::STAFF_LIST_DEPARTMENT,
                        &[
                            ("name", Arg::from(name)),
                            ("code", Arg::from(d.code.as_str())),
                        ],
                    ),
                    staff,
                ));
            }
        }
        if only.is_none() {
            let admins: Vec<&UserRow> = people.iter().filter(|u| u.is_admin).collect();
            sections.push((self.t(msg::STAFF_LIST_ADMINS, &[]), admins));
        }
        for (heading, members) in sections {
            html.push_str("\n\n");
            html.push_str(&heading);
            if members.is_empty() {
                html.push('\n');
                html.push_str(&self.t(msg::STAFF_LIST_NOBODY, &[]));
            }
            for u in members {
                html.push('\n');
                html.push_str(&line(self, u));
            }
        }
        self.replies.push(super::Reply::text(html));
        Ok(())
    }

    /// `/revoke TELEGRAM-ID`: the person becomes a complainant again.
    async fn revoke(&mut self, arg: &str) -> Result<(), ServiceError> {
        if !self.admin_only() {
            return Ok(());
        }
        let Ok(id) = arg.trim().parse::<i64>() else {
            self.say(msg::REVOKE_USAGE, &[]);
            return Ok(());
        };
        let before = match self.svc.db.user(id).await? {
            None => {
                self.say(msg::REVOKE_UNKNOWN, &[("id", Arg::from(id.to_string()))]);
                return Ok(());
            }
            Some(u) => u,
        };
        let Some(was) = appointment_of(&before) else {
            let args = [
                ("name", Arg::from(display(&before))),
                ("id", Arg::from(id.to_string())),
            ];
            self.say(msg::REVOKE_NO_ROLE, &args);
            return Ok(());
        };
        let now = self.svc.now_ms();
        match self.svc.db.revoke_role(id, now, self.update_id).await? {
            Recorded::Repeated => {
                self.recorded = true;
                return Ok(());
            }
            Recorded::Done(_) => self.recorded = true,
        }
        let what = self.svc.appointment_words(self.lang, &was);
        self.say(
            msg::REVOKE_DONE,
            &[
                ("name", Arg::from(display(&before))),
                ("id", Arg::from(id.to_string())),
                ("what", Arg::from(what)),
            ],
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_long_random_and_unambiguous() {
        let codes: std::collections::HashSet<String> = (0..1000).map(|_| new_code()).collect();
        assert_eq!(codes.len(), 1000, "no repeats in a thousand draws");
        for code in &codes {
            assert_eq!(code.len(), CODE_LEN);
            assert!(code.bytes().all(|b| CODE_ALPHABET.contains(&b)), "{code}");
            assert!(!code.contains(['0', 'O', '1', 'I']), "{code}");
        }
        // Every symbol turns up: the draw covers the alphabet.
        let all: String = codes.into_iter().collect();
        for &b in CODE_ALPHABET {
            assert!(all.contains(char::from(b)), "{} never drawn", char::from(b));
        }
        assert!(CODE_ALPHABET.len().pow(CODE_LEN as u32) >= 1 << 40);
    }

    #[test]
    fn typed_codes_are_forgiving() {
        assert_eq!(normalize_code(" ab2c-d3ef "), "AB2CD3EF");
        assert_eq!(normalize_code(""), "");
    }

    #[test]
    fn invite_arguments() {
        let known = |d: &str| ["caizheng", "shenpi"].contains(&d);
        let staff = |d: &str, lead| {
            Some(Appointment::Staff {
                department: d.into(),
                lead,
            })
        };
        assert_eq!(parse_invite("caizheng", known), staff("caizheng", false));
        assert_eq!(
            parse_invite("caizheng staff", known),
            staff("caizheng", false)
        );
        assert_eq!(parse_invite("ShenPi LEAD", known), staff("shenpi", true));
        assert_eq!(
            parse_invite("supervisor", known),
            Some(Appointment::Supervisor)
        );
        assert_eq!(
            parse_invite(" supervisors ", known),
            Some(Appointment::Supervisor)
        );
        assert_eq!(parse_invite("", known), None);
        assert_eq!(parse_invite("nowhere", known), None);
        assert_eq!(parse_invite("caizheng boss", known), None);
        assert_eq!(parse_invite("caizheng lead extra", known), None);
        assert_eq!(parse_invite("supervisor caizheng", known), None);
    }

    #[test]
    fn bind_targets() {
        assert_eq!(bind_target("Supervisors"), SUPERVISORS);
        assert_eq!(bind_target("leadership"), LEADERSHIP);
        assert_eq!(bind_target(" caizheng "), "caizheng");
        assert_eq!(bind_target(""), "");
    }
}
