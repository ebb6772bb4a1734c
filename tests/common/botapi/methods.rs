//! What the fake's Bot API methods (besides getUpdates) do to its state, and the errors
//! Telegram answers them with.

use regex::Regex;
use serde_json::{json, Value};

use super::{unix_now, State, BOT_ID, BOT_USERNAME};

/// The methods besides getUpdates: the result, or the Bot API's error code and description.
pub(super) fn handle(st: &mut State, method: &str, params: &Value) -> Result<Value, (u16, String)> {
    match method {
        "getme" => Ok(json!({
            "id": BOT_ID, "is_bot": true, "first_name": "营商 test", "username": BOT_USERNAME,
            "can_join_groups": true, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "can_connect_to_business": false,
            "has_main_web_app": false,
        })),
        "getwebhookinfo" => Ok(json!({
            "url": "", "has_custom_certificate": false, "pending_update_count": st.updates.len(),
        })),
        "deletewebhook" | "setmycommands" => Ok(json!(true)),
        "answercallbackquery" => answer_callback_query(st, params),
        "sendmessage" => send_message(st, params),
        "editmessagetext" | "editmessagereplymarkup" => edit_message(st, method, params),
        _ => Err((404, "Not Found: method not found".into())),
    }
}

fn bad(description: &str) -> (u16, String) {
    (400, format!("Bad Request: {description}"))
}

/// A callback query is answered once; a second answer, or one to a query never sent, is
/// refused as Telegram does.
fn answer_callback_query(st: &mut State, params: &Value) -> Result<Value, (u16, String)> {
    let id = params["callback_query_id"].as_str().unwrap_or_default();
    match st.callbacks.get_mut(id) {
        Some(answered @ false) => {
            *answered = true;
            Ok(json!(true))
        }
        _ => Err(bad(
            "query is too old and response timeout expired or query ID is invalid",
        )),
    }
}

fn send_message(st: &mut State, params: &Value) -> Result<Value, (u16, String)> {
    let chat_id = params["chat_id"]
        .as_i64()
        .ok_or_else(|| bad("chat not found"))?;
    // A group the bot is not in (never added, or removed) cannot be written to.
    if chat_id < 0 && !st.groups.contains_key(&chat_id) {
        return Err(bad("chat not found"));
    }
    let text = checked_text(params)?;
    check_markup(params)?;
    let message_id = st.next_message_id(chat_id);
    let mut message = json!({
        "message_id": message_id,
        "from": {"id": BOT_ID, "is_bot": true, "first_name": "营商 test", "username": BOT_USERNAME},
        "chat": st.chat(chat_id),
        "date": unix_now(),
        "text": text,
    });
    // Only an inline keyboard belongs to the message; ForceReply (like a reply keyboard) acts
    // on the members' clients and is not part of the message Telegram returns.
    if let Some(markup) = params
        .get("reply_markup")
        .filter(|m| m.get("inline_keyboard").is_some())
    {
        message["reply_markup"] = markup.clone();
    }
    st.messages.insert((chat_id, message_id), message.clone());
    st.written
        .insert((chat_id, message_id), (written(params), 0));
    Ok(message)
}

/// What an edit is compared with: the text as written and its parse mode.
fn written(params: &Value) -> String {
    format!(
        "{}\u{0}{}",
        params["parse_mode"].as_str().unwrap_or_default(),
        params["text"].as_str().unwrap_or_default()
    )
}

fn edit_message(st: &mut State, method: &str, params: &Value) -> Result<Value, (u16, String)> {
    let key = (
        params["chat_id"].as_i64().unwrap_or_default(),
        params["message_id"].as_i64().unwrap_or_default(),
    );
    let old = st
        .messages
        .get(&key)
        .cloned()
        .ok_or_else(|| bad("message to edit not found"))?;
    if old["from"]["id"].as_i64() != Some(BOT_ID) {
        return Err(bad("message can't be edited"));
    }
    check_markup(params)?;
    if params["reply_markup"].get("force_reply").is_some() {
        return Err(bad("inline keyboard expected"));
    }
    let mut new = old.clone();
    let (was_written, edits) = st.written.get(&key).cloned().unwrap_or_default();
    let mut now_written = was_written.clone();
    if method == "editmessagetext" {
        new["text"] = json!(checked_text(params)?);
        now_written = written(params);
    }
    match params.get("reply_markup") {
        Some(markup) => new["reply_markup"] = markup.clone(),
        None => {
            new.as_object_mut().unwrap().remove("reply_markup");
        }
    }
    if new == old && now_written == was_written {
        return Err(bad(
            "message is not modified: specified new message content and reply markup are \
             exactly the same as a current content and reply markup of the message",
        ));
    }
    new["edit_date"] = json!(unix_now());
    st.messages.insert(key, new.clone());
    st.written.insert(key, (now_written, edits + 1));
    Ok(new)
}

/// The command a text starts with (`/queue`, `/queue@some_bot`), if it is one.
pub(super) fn command_of(text: &str) -> Option<&str> {
    let first = text.split_whitespace().next()?;
    (first.len() > 1 && first.starts_with('/')).then_some(first)
}

/// The text as a client would see it (HTML tags gone), within Telegram's limits.
fn checked_text(params: &Value) -> Result<String, (u16, String)> {
    let raw = params["text"].as_str().unwrap_or_default();
    let text = if params["parse_mode"].as_str() == Some("HTML") {
        let tags = Regex::new(r"<[^>]*>").unwrap();
        tags.replace_all(raw, "")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
    } else {
        raw.to_owned()
    };
    if text.trim().is_empty() {
        return Err(bad("message text is empty"));
    }
    if text.encode_utf16().count() > 4096 {
        return Err(bad("message is too long"));
    }
    Ok(text)
}

/// Callback data must be 1–64 bytes; a ForceReply must force.
fn check_markup(params: &Value) -> Result<(), (u16, String)> {
    let markup = &params["reply_markup"];
    if markup.get("force_reply").is_some() && markup["force_reply"] != json!(true) {
        return Err(bad("field \"force_reply\" must be true"));
    }
    let rows = params["reply_markup"]["inline_keyboard"].as_array();
    let too_long = rows
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(|b| b["callback_data"].as_str())
        .any(|d| d.is_empty() || d.len() > 64);
    if too_long {
        return Err(bad("BUTTON_DATA_INVALID"));
    }
    Ok(())
}
