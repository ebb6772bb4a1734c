//! All user-facing text, from `locales/zh-CN/main.ftl` and `locales/en/main.ftl` (Fluent).
//!
//! Message ids are constants in [`msg`]; a test proves that every id resolves in both locales
//! and that neither file carries a message no code uses. Text arguments are HTML-escaped here,
//! once, because every message is sent with Telegram's HTML parse mode; an argument that is
//! already HTML (a fragment rendered from another message) is passed as [`Arg::Html`].

use std::fmt;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;

const ZH_FTL: &str = include_str!("../locales/zh-CN/main.ftl");
const EN_FTL: &str = include_str!("../locales/en/main.ftl");

/// The two languages the bot speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// From a stored code or `--lang`; anything unknown is `None`.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "cn" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// From Telegram's `language_code` (`zh-hans`, `en-US`, …): English for `en*`, Chinese
    /// otherwise, as the district's users mostly write Chinese.
    pub fn from_telegram(code: Option<&str>) -> Lang {
        match code {
            Some(c) if c.to_ascii_lowercase().starts_with("en") => Lang::En,
            _ => Lang::Zh,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An argument to a message.
#[derive(Debug, Clone)]
pub enum Arg {
    /// Plain text, escaped for HTML (user input, names, numbers as text).
    Text(String),
    /// Already HTML (a fragment built from other messages).
    Html(String),
    Num(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_owned())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Num(n as i64)
    }
}
impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Num(n as i64)
    }
}

/// Escapes text for Telegram's HTML parse mode.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Turns the HTML of a message back into plain text, for the console.
pub fn html_to_plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

pub struct I18n {
    zh: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

impl I18n {
    /// The embedded locales. Panics only if an embedded .ftl file is broken, which a test rules out.
    pub fn new() -> I18n {
        I18n {
            zh: bundle("zh-CN", ZH_FTL),
            en: bundle("en", EN_FTL),
        }
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundle(lang)
            .get_message(id)
            .and_then(|m| m.value())
            .is_some()
    }

    /// The message `id` in `lang` with its arguments. A missing message shows its id, so a gap
    /// is visible instead of an empty reply.
    pub fn t(&self, lang: Lang, id: &str, args: &[(&str, Arg)]) -> String {
        let bundle = self.bundle(lang);
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            tracing::error!(id, %lang, "missing message");
            return id.to_owned();
        };
        let mut fargs = FluentArgs::new();
        for (name, arg) in args {
            let v = match arg {
                Arg::Text(s) => FluentValue::from(escape_html(s)),
                Arg::Html(s) => FluentValue::from(s.clone()),
                Arg::Num(n) => FluentValue::from(*n),
            };
            fargs.set(*name, v);
        }
        let mut errors = Vec::new();
        let out = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
        if !errors.is_empty() {
            tracing::error!(id, %lang, ?errors, "message formatted with errors");
        }
        out.into_owned()
    }
}

impl Default for I18n {
    fn default() -> Self {
        I18n::new()
    }
}

fn bundle(locale: &str, ftl: &'static str) -> FluentBundle<FluentResource> {
    let langid: LanguageIdentifier = locale.parse().expect("a valid locale id");
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    bundle.set_use_isolating(false);
    let resource = FluentResource::try_new(ftl.to_owned())
        .unwrap_or_else(|(_, errs)| panic!("broken {locale} locale: {errs:?}"));
    bundle
        .add_resource(resource)
        .unwrap_or_else(|errs| panic!("duplicate messages in {locale}: {errs:?}"));
    bundle
}

macro_rules! messages {
    ($($name:ident = $id:literal),* $(,)?) => {
        /// Typed message ids; `ALL` lists them for the completeness test.
        pub mod msg {
            $(pub const $name: &str = $id;)*
            pub const ALL: &[&str] = &[$($id),*];
        }
    };
}

messages! {
    WELCOME = "welcome",
    PRIVACY = "privacy",
    CHOOSE_LANG = "choose-lang",
    LANG_SET = "lang-set",
    HELP = "help",
    ASK_DESCRIPTION = "ask-description",
    TEXT_EMPTY = "text-empty",
    TEXT_TOO_LONG = "text-too-long",
    MEDIA_NOT_TEXT = "media-not-text",
    ATTACHMENT_KEPT = "attachment-kept",
    UNKNOWN_COMMAND = "unknown-command",
    PROPOSAL = "proposal",
    PROPOSAL_REASON = "proposal-reason",
    PROPOSAL_NO_REASON = "proposal-no-reason",
    PROPOSAL_CONFLICT = "proposal-conflict",
    PROPOSAL_CHOSEN = "proposal-chosen",
    CHOOSE_CATEGORY = "choose-category",
    OUT_OF_SCOPE_INTRO = "out-of-scope-intro",
    OOS_GREETING = "oos-greeting",
    OOS_CONSULTATION = "oos-consultation",
    OOS_CONSUMER = "oos-consumer",
    OOS_WAGES = "oos-wages",
    OOS_PRIVATE_DEBT = "oos-private-debt",
    OOS_NEIGHBOUR = "oos-neighbour",
    OOS_SPAM = "oos-spam",
    OUT_OF_SCOPE_INSIST = "out-of-scope-insist",
    ASK_ANONYMITY = "ask-anonymity",
    ASK_COMPANY = "ask-company",
    COMPANY_INVALID = "company-invalid",
    ASK_PHONE = "ask-phone",
    PHONE_INVALID = "phone-invalid",
    ASK_ATTACHMENTS = "ask-attachments",
    ATTACHMENT_ADDED = "attachment-added",
    ATTACHMENTS_TOO_MANY = "attachments-too-many",
    FILED = "filed",
    FILED_ANONYMOUS = "filed-anonymous",
    FILED_CONFLICT = "filed-conflict",
    CANCELLED = "cancelled",
    NOTHING_TO_CANCEL = "nothing-to-cancel",
    DAILY_LIMIT = "daily-limit",
    STALE_BUTTON = "stale-button",
    MY_EMPTY = "my-empty",
    MY_HEADER = "my-header",
    MY_LINE = "my-line",
    STATUS_USAGE = "status-usage",
    NOT_FOUND = "not-found",
    STATUS_CARD = "status-card",
    HISTORY_LINE = "history-line",
    ADD_USAGE = "add-usage",
    ADD_ASK = "add-ask",
    ADD_DONE = "add-done",
    WITHDRAW_USAGE = "withdraw-usage",
    WITHDRAW_CONFIRM = "withdraw-confirm",
    WITHDRAW_DONE = "withdraw-done",
    WITHDRAW_KEPT = "withdraw-kept",
    DRAFT_IN_PROGRESS = "draft-in-progress",
    ERROR_GENERIC = "error-generic",
    BTN_CONFIRM = "btn-confirm",
    BTN_OTHER_CATEGORY = "btn-other-category",
    BTN_CANCEL = "btn-cancel",
    BTN_FILE_ANYWAY = "btn-file-anyway",
    BTN_ANONYMOUS = "btn-anonymous",
    BTN_NAMED = "btn-named",
    BTN_SKIP = "btn-skip",
    BTN_DONE = "btn-done",
    BTN_WITHDRAW = "btn-withdraw",
    BTN_KEEP = "btn-keep",
    BTN_MERGE = "btn-merge",
    BTN_FILE_NEW = "btn-file-new",
    MERGE_OFFER = "merge-offer",
    MERGE_TARGET_CLOSED = "merge-target-closed",
    DRAFT_FULL = "draft-full",
    ADD_MORE = "add-more",
    ADD_FINISHED = "add-finished",
    BTN_DONE_ADDING = "btn-done-adding",
    STOPPED = "stopped",
    DRAFT_SET_ASIDE = "draft-set-aside",
    FILES_SET_ASIDE = "files-set-aside",
    YES = "yes",
    NO = "no",
    CAT_DEVELOPMENT = "cat-development",
    CAT_CREDIT = "cat-credit",
    CAT_ENFORCEMENT = "cat-enforcement",
    CAT_APPROVAL = "cat-approval",
    CAT_SUPERVISION = "cat-supervision",
    CAT_INTERMEDIARY = "cat-intermediary",
    CAT_COMPETITION = "cat-competition",
    CAT_NONE = "cat-none",
    STATUS_SUBMITTED = "status-submitted",
    STATUS_ACCEPTED = "status-accepted",
    STATUS_AWAITING_INFO = "status-awaiting_info",
    STATUS_RESOLVED = "status-resolved",
    STATUS_CLOSED = "status-closed",
    STATUS_REJECTED = "status-rejected",
    STATUS_WITHDRAWN = "status-withdrawn",
    STATUS_REOPENED = "status-reopened",
    EVENT_FILED = "event-filed",
    EVENT_ADD_INFO = "event-add_info",
    EVENT_ADD_FILES = "event-add_files",
    EVENT_WITHDRAW = "event-withdraw",
    EVENT_ACCEPT = "event-accept",
    EVENT_RETURN = "event-return",
    EVENT_DISPATCH = "event-dispatch",
    EVENT_TRANSFER = "event-transfer",
    EVENT_REQUEST_INFO = "event-request_info",
    EVENT_REQUEST_EXTENSION = "event-request_extension",
    EVENT_DECIDE_EXTENSION = "event-decide_extension",
    EVENT_RESOLVE = "event-resolve",
    EVENT_REJECT = "event-reject",
    EVENT_RATE = "event-rate",
    EVENT_AUTO_CLOSE = "event-auto_close",
    EVENT_INTERNAL = "event-internal",
    HANDLER_LEADERSHIP = "handler-leadership",
    CONSOLE_BANNER = "console-banner",
    CONSOLE_BUTTON_HINT = "console-button-hint",
    CONSOLE_NO_SUCH_BUTTON = "console-no-such-button",
    ANONYMOUS_PERSON = "anonymous-person",
    NO_CONTACT = "no-contact",
    CMD_NEW = "cmd-new",
    CMD_MY = "cmd-my",
    CMD_STATUS = "cmd-status",
    CMD_ADD = "cmd-add",
    CMD_WITHDRAW = "cmd-withdraw",
    CMD_LANG = "cmd-lang",
    CMD_HELP = "cmd-help",
    EDIT_IGNORED = "edit-ignored",
    RESUMED = "resumed",
    REASK = "reask",
    REASK_ADDING = "reask-adding",
    SMALL_TALK_GREETING = "small-talk-greeting",
    SMALL_TALK_THANKS = "small-talk-thanks",
    SMALL_TALK_PROMPT = "small-talk-prompt",
    HOW_TO = "how-to",
    ADDED_TO_DRAFT = "added-to-draft",
    BTN_UNDO = "btn-undo",
    UNDONE = "undone",
    ASK_NAME = "ask-name",
    ASK_NAME_TYPE = "ask-name-type",
    BTN_USE_NAME = "btn-use-name",
    BTN_NO_NAME = "btn-no-name",
    NAME_INVALID = "name-invalid",
    ASK_MASK = "ask-mask",
    PRIVACY_PHONE = "privacy-phone",
    PRIVACY_ID_CARD = "privacy-id-card",
    PRIVACY_NAME = "privacy-name",
    BTN_MASK = "btn-mask",
    BTN_KEEP_TEXT = "btn-keep-text",
    LIST_SEPARATOR = "list-separator",
    FILED_NAMED = "filed-named",
    MERGE_QUOTE = "merge-quote",
    MERGE_DONE = "merge-done",
    ADD_NOT_OPEN = "add-not-open",
    WITHDRAW_NOT_OPEN = "withdraw-not-open",
    CMD_CANCEL = "cmd-cancel",
    CARD = "card",
    CARD_ADDITIONS = "card-additions",
    CARD_FILES = "card-files",
    CARD_RETURNS = "card-returns",
    CARD_CONFLICT = "card-conflict",
    CARD_REOPENED = "card-reopened",
    NOBODY = "nobody",
    BTN_ACCEPT = "btn-accept",
    BTN_RETURN = "btn-return",
    BTN_TRANSFER = "btn-transfer",
    BTN_ASSIGN = "btn-assign",
    BTN_REJECT = "btn-reject",
    BTN_RESOLVE = "btn-resolve",
    BTN_ASK_INFO = "btn-ask-info",
    BTN_NOTE = "btn-note",
    BTN_DISPATCH = "btn-dispatch",
    BTN_DETAILS = "btn-details",
    BTN_PREVIOUS = "btn-previous",
    BTN_NEXT = "btn-next",
    BTN_QUEUE_ALL = "btn-queue-all",
    BTN_QUEUE_MINE = "btn-queue-mine",
    BTN_QUEUE_UNASSIGNED = "btn-queue-unassigned",
    BTN_QUEUE_WAITING = "btn-queue-waiting",
    BTN_RATE_SATISFIED = "btn-rate-satisfied",
    BTN_RATE_BASICALLY = "btn-rate-basically",
    BTN_RATE_NOT = "btn-rate-not",
    PICK_TRANSFER = "pick-transfer",
    PICK_RETURN = "pick-return",
    PICK_DISPATCH = "pick-dispatch",
    PICK_ASSIGNEE = "pick-assignee",
    NO_COLLEAGUES = "no-colleagues",
    ASK_RETURN_REASON = "ask-return-reason",
    ASK_QUESTION = "ask-question",
    ASK_NOTE = "ask-note",
    ASK_TRANSFER_REASON = "ask-transfer-reason",
    ASK_REPLY = "ask-reply",
    ASK_REJECT_REASON = "ask-reject-reason",
    PROMPT_NOT_YOURS = "prompt-not-yours",
    PROMPT_EXPIRED = "prompt-expired",
    DONE_ACTION = "done-action",
    DETAILS_SHOWN = "details-shown",
    REFUSE_GONE = "refuse-gone",
    REFUSE_NOT_ALLOWED = "refuse-not-allowed",
    REFUSE_NOT_NOW = "refuse-not-now",
    REFUSE_FASTER = "refuse-faster",
    REFUSE_CHANGED = "refuse-changed",
    REFUSE_EMPTY = "refuse-empty",
    REFUSE_SAME_DEPARTMENT = "refuse-same-department",
    REFUSE_EXTENSION_DAYS = "refuse-extension-days",
    REFUSE_ANONYMOUS_ADMIN = "refuse-anonymous-admin",
    STAFF_ONLY = "staff-only",
    STAFF_HELP = "staff-help",
    QUEUE_USAGE = "queue-usage",
    QUEUE_OTHER_DEPARTMENT = "queue-other-department",
    QUEUE_HEADER = "queue-header",
    QUEUE_EMPTY = "queue-empty",
    QUEUE_LINE = "queue-line",
    ALL_DEPARTMENTS = "all-departments",
    CASE = "case",
    CASE_EVENT = "case-event",
    CASE_EVENT_SAID = "case-event-said",
    CASE_NOT_FOUND = "case-not-found",
    COMPLAINANT = "complainant",
    SYSTEM = "system",
    NOTICE_ASSIGNED = "notice-assigned",
    SUPERVISORS_PING_PONG = "supervisors-ping-pong",
    SUPERVISORS_REOPENED = "supervisors-reopened",
    TELL_ACCEPTED = "tell-accepted",
    TELL_INFO_REQUESTED = "tell-info-requested",
    TELL_TRANSFERRED = "tell-transferred",
    TELL_RESOLVED = "tell-resolved",
    TELL_REJECTED = "tell-rejected",
    TELL_AUTO_CLOSED = "tell-auto-closed",
    KIND_FILED = "kind-filed",
    KIND_ACCEPT = "kind-accept",
    KIND_RETURN = "kind-return",
    KIND_DISPATCH = "kind-dispatch",
    KIND_TRANSFER = "kind-transfer",
    KIND_REQUEST_INFO = "kind-request_info",
    KIND_ADD_INFO = "kind-add_info",
    KIND_NOTE = "kind-note",
    KIND_ASSIGN = "kind-assign",
    KIND_REQUEST_EXTENSION = "kind-request_extension",
    KIND_DECIDE_EXTENSION = "kind-decide_extension",
    KIND_RESOLVE = "kind-resolve",
    KIND_REJECT = "kind-reject",
    KIND_WITHDRAW = "kind-withdraw",
    KIND_RATE = "kind-rate",
    KIND_AUTO_CLOSE = "kind-auto_close",
    NOTICE_ADDED = "notice-added",
    NOTICE_ADDED_FILES = "notice-added-files",
    ANSWER_OFFER = "answer-offer",
    BTN_SEND_ANSWER = "btn-send-answer",
    ANSWER_SENT = "answer-sent",
    RATE_THANKS = "rate-thanks",
    RATE_REOPENED = "rate-reopened",
    RATE_ESCALATED = "rate-escalated",
    RATE_NOT_OPEN = "rate-not-open",
    SUPERVISORS_STILL_UNSATISFIED = "supervisors-still-unsatisfied",
    REFUSE_NOT_A_COLLEAGUE = "refuse-not-a-colleague",
    SUPERVISORS_GROUP_LOST = "supervisors-group-lost",
    REFUSE_TOO_LATE = "refuse-too-late",
    DUE_PROVISIONAL = "due-provisional",
    DUE_DATE = "due-date",
    STATUS_DEADLINE_RESOLVE = "status-deadline-resolve",
    STATUS_DEADLINE_RATING = "status-deadline-rating",
    STATUS_DEADLINE_PAUSED = "status-deadline-paused",
    STATUS_HISTORY = "status-history",
    CARD_LIMIT = "card-limit",
    CARD_PAUSED = "card-paused",
    LEFT_DAYS_HOURS = "left-days-hours",
    LEFT_HOURS = "left-hours",
    LEFT_DAYS = "left-days",
    LEFT_MINUTES = "left-minutes",
    ALERT_WARNING = "alert-warning",
    ALERT_CHASE = "alert-chase",
    ALERT_ESCALATION = "alert-escalation",
    DIGEST_HEADER = "digest-header",
    DIGEST_OVERDUE = "digest-overdue",
    DIGEST_TODAY = "digest-today",
    DIGEST_WAITING = "digest-waiting",
    DIGEST_UNASSIGNED = "digest-unassigned",
    BTN_EXTEND = "btn-extend",
    BTN_APPROVE = "btn-approve",
    BTN_REFUSE = "btn-refuse",
    ASK_EXTENSION = "ask-extension",
    EXTENSION_USAGE = "extension-usage",
    EXTENSION_ASKED = "extension-asked",
    EXTENSION_APPROVED = "extension-approved",
    EXTENSION_REFUSED = "extension-refused",
    TELL_EXTENDED = "tell-extended",
    OOS_LANDLORD = "oos-landlord",
    // organisation
    ORG_ADMINS_ONLY = "org-admins-only",
    ORG_PRIVATE_ONLY = "org-private-only",
    APPOINT_STAFF = "appoint-staff",
    APPOINT_LEAD = "appoint-lead",
    APPOINT_SUPERVISOR = "appoint-supervisor",
    INVITE_USAGE = "invite-usage",
    INVITE_CREATED = "invite-created",
    INVITE_LINK = "invite-link",
    INVITE_USED = "invite-used",
    JOIN_USAGE = "join-usage",
    JOIN_INVALID = "join-invalid",
    JOIN_DONE_STAFF = "join-done-staff",
    JOIN_DONE_SUPERVISOR = "join-done-supervisor",
    BIND_IN_GROUP = "bind-in-group",
    BIND_USAGE = "bind-usage",
    BIND_DONE = "bind-done",
    BIND_MOVED = "bind-moved",
    BIND_REPLACED = "bind-replaced",
    STAFF_LIST_REFUSED = "staff-list-refused",
    STAFF_LIST_USAGE = "staff-list-usage",
    STAFF_LIST_HEADER = "staff-list-header",
    STAFF_LIST_SUPERVISORS = "staff-list-supervisors",
    STAFF_LIST_DEPARTMENT = "staff-list-department",
    STAFF_LIST_ADMINS = "staff-list-admins",
    STAFF_LIST_NOBODY = "staff-list-nobody",
    STAFF_LIST_PERSON = "staff-list-person",
    STAFF_LIST_LEAD = "staff-list-lead",
    STAFF_LIST_ADMIN = "staff-list-admin",
    REVOKE_USAGE = "revoke-usage",
    REVOKE_UNKNOWN = "revoke-unknown",
    REVOKE_NO_ROLE = "revoke-no-role",
    REVOKE_DONE = "revoke-done",
    BOT_BACK = "bot-back",
    BOT_ADDED_HINT = "bot-added-hint",
    BOT_REMOVED = "bot-removed",
}

/// The message id naming a category.
pub fn category_msg(c: crate::domain::Category) -> &'static str {
    use crate::domain::Category::*;
    match c {
        Development => msg::CAT_DEVELOPMENT,
        Credit => msg::CAT_CREDIT,
        Enforcement => msg::CAT_ENFORCEMENT,
        Approval => msg::CAT_APPROVAL,
        Supervision => msg::CAT_SUPERVISION,
        Intermediary => msg::CAT_INTERMEDIARY,
        Competition => msg::CAT_COMPETITION,
        None => msg::CAT_NONE,
    }
}

/// The message id naming a status.
pub fn status_msg(s: crate::domain::Status) -> &'static str {
    use crate::domain::Status::*;
    match s {
        Submitted => msg::STATUS_SUBMITTED,
        Accepted => msg::STATUS_ACCEPTED,
        AwaitingInfo => msg::STATUS_AWAITING_INFO,
        Resolved => msg::STATUS_RESOLVED,
        Closed => msg::STATUS_CLOSED,
        Rejected => msg::STATUS_REJECTED,
        Withdrawn => msg::STATUS_WITHDRAWN,
        Reopened => msg::STATUS_REOPENED,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_id_resolves_in_both_locales() {
        let i18n = I18n::new();
        for lang in Lang::ALL {
            for id in msg::ALL {
                assert!(i18n.has(lang, id), "{id} is missing in {lang}");
            }
        }
    }

    #[test]
    fn no_locale_carries_an_unused_message() {
        for (name, ftl) in [("zh-CN", ZH_FTL), ("en", EN_FTL)] {
            for line in ftl.lines() {
                let Some((id, _)) = line.split_once(" =") else {
                    continue;
                };
                if id.is_empty() || id.starts_with([' ', '#', '-', '.', '*', '[']) {
                    continue;
                }
                assert!(
                    msg::ALL.contains(&id.trim()),
                    "{name} has unused message {id}"
                );
            }
        }
    }

    #[test]
    fn every_category_and_status_has_a_name() {
        let i18n = I18n::new();
        for c in crate::domain::Category::ALL {
            assert!(i18n.has(Lang::En, category_msg(c)));
        }
        for s in crate::domain::Status::ALL {
            assert!(i18n.has(Lang::Zh, status_msg(s)));
        }
    }

    #[test]
    fn text_arguments_are_escaped_and_html_arguments_are_not() {
        let i18n = I18n::new();
        let out = i18n.t(
            Lang::En,
            msg::ADD_DONE,
            &[("tracking", Arg::from("<b>x</b> & y"))],
        );
        assert!(out.contains("&lt;b&gt;x&lt;/b&gt; &amp; y"), "{out}");
        assert!(!out.contains('\u{2068}'), "no isolation marks");
        assert_eq!(html_to_plain("<b>a &amp; b</b> &lt;c&gt;"), "a & b <c>");
    }

    #[test]
    fn language_defaults_from_telegram() {
        assert_eq!(Lang::from_telegram(Some("en-US")), Lang::En);
        assert_eq!(Lang::from_telegram(Some("zh-hans")), Lang::Zh);
        assert_eq!(Lang::from_telegram(Some("ru")), Lang::Zh);
        assert_eq!(Lang::from_telegram(None), Lang::Zh);
    }
}
