//! What a short typed reply means. People answer a question in words instead of pressing its
//! button ("对", "匿名", "跳过", "done"), greet, thank, or send a stray digit. Recognising these
//! keeps them out of the complaint's description, which the department reads; which button a
//! word stands for depends on the question, so that is decided by the conversation.

use super::text::{halfwidth, is_invisible};

/// The meaning of a short reply, in either language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Short {
    Yes,
    No,
    Anonymous,
    Named,
    Skip,
    Done,
    Cancel,
    Merge,
    New,
    /// Answers nothing: "ok", "嗯", a lone digit, a question mark, an emoji.
    Filler,
    Greeting,
    Thanks,
    /// Asks how to complain or what the bot does.
    HowTo,
}

/// Words are compared without spaces, punctuation or case; a reply longer than this is text.
const MAX_KEY_CHARS: usize = 24;

/// Sentence-final particles that do not change the meaning ("好的啊", "匿名吧").
const PARTICLES: &[char] = &['啊', '吧', '呀', '呢', '哈', '嘛', '啦', '哦', '喔', '哇'];

/// The words for each meaning, as keys (see [`key`]): no spaces, no punctuation, lower case.
#[rustfmt::skip]
const TABLE: &[(Short, &[&str])] = &[
    (Short::Yes, &[
        "对", "对的", "对对", "是", "是的", "是滴", "没错", "对没错", "好", "好的", "可以", "行", "确认", "确定", "同意",
        "提交", "就这样", "对就这样", "没问题", "对就是这样", "就是这样", "正确", "yes", "y", "yep", "yeah", "yup",
        "correct", "right", "confirm", "sure", "submit", "thatsright", "yesplease",
    ]),
    (Short::No, &[
        "不", "不对", "不是", "否", "不用", "不要", "错了", "不对的", "不正确", "no", "n", "nope", "wrong",
        "notreally", "noway",
    ]),
    (Short::Anonymous, &[
        "匿名", "匿名提交", "我要匿名", "我想匿名", "匿名吧", "不留名", "不留名字", "不想留名", "不要留名", "不留姓名", "保密",
        "anonymous", "anonymously", "anon", "stayanonymous", "beanonymous",
    ]),
    (Short::Named, &[
        "留名", "实名", "留下", "留下姓名", "实名提交", "留下姓名和联系方式", "留联系方式", "留下联系方式", "不匿名", "named",
        "withmyname", "realname", "leavemyname", "leavemynameandcontact", "notanonymous",
    ]),
    (Short::Skip, &[
        "跳过", "略过", "不填", "不填了", "不用了", "没有", "无", "暂无", "不方便", "skip", "none", "na", "nothing",
        "noneofthat",
    ]),
    (Short::Done, &[
        "完成", "好了", "完了", "发完了", "没有了", "就这些", "提交吧", "可以了", "没了", "done", "finished", "finish",
        "thatsall", "thatsit", "allset", "send",
    ]),
    (Short::Cancel, &[
        "取消", "算了", "不投诉了", "放弃", "不要了", "cancel", "stop", "forgetit", "abort", "nevermind",
    ]),
    (Short::Merge, &[
        "合并", "并单", "补充进去", "合并吧", "加到那件", "merge", "mergeit", "addtoit",
    ]),
    (Short::New, &[
        "新投诉", "新的", "另外一件", "另一件", "单独提交", "作为新投诉", "new", "newcomplaint", "filenew",
        "separate",
    ]),
    (Short::Filler, &[
        "ok", "okay", "k", "kk", "嗯", "嗯嗯", "恩", "哦哦", "噢", "额", "呃", "哈哈", "呵呵", "hmm", "hm",
        "um", "uh", "test", "测试",
    ]),
    (Short::Greeting, &[
        "你好", "您好", "你们好", "在吗", "在不在", "有人吗", "有人在吗", "早", "早上好", "上午好", "下午好", "晚上好", "哈喽",
        "嗨", "hi", "hello", "hey", "hellothere", "goodmorning", "goodafternoon", "goodevening",
        "anyonethere", "isanyonethere",
    ]),
    (Short::Thanks, &[
        "谢谢", "谢了", "多谢", "感谢", "谢谢你", "谢谢您", "非常感谢", "辛苦了", "thanks", "thankyou", "thx", "ty",
        "thanksalot", "thankyouverymuch", "cheers",
    ]),
    (Short::HowTo, &[
        "怎么投诉", "如何投诉", "我要投诉", "我想投诉", "投诉", "想投诉", "怎么用", "怎么使用", "能投诉吗", "可以投诉吗", "在哪投诉",
        "在哪里投诉", "怎么反映问题", "我要反映问题", "我想反映问题", "你能做什么", "你是谁", "这是什么", "怎么提交", "怎么提交投诉",
        "howdoicomplain", "howtocomplain", "iwanttocomplain", "iwanttofileacomplaint",
        "howdoesthiswork", "whatcanyoudo", "howdoifileacomplaint", "canicomplainhere",
        "howdoiusethis", "complain", "complaint",
    ]),
];

/// The comparison key: letters and digits only, lower-cased, half-width, particles dropped
/// from the end (`"好的啊！"` → `"好的"`). Two spellings of one answer have the same key.
pub fn key(text: &str) -> String {
    let mut k: String = text
        .chars()
        .map(halfwidth)
        .filter(|c| c.is_alphanumeric() && !is_invisible(*c))
        .flat_map(char::to_lowercase)
        .collect();
    while k.chars().count() > 1 && k.ends_with(PARTICLES) {
        k.pop();
    }
    k
}

/// What a short reply means, or `None` when it is real text.
pub fn short_reply(text: &str) -> Option<Short> {
    let k = key(text);
    if k.is_empty() {
        // Only punctuation, emoji or invisible characters.
        return Some(Short::Filler);
    }
    if k.chars().count() > MAX_KEY_CHARS {
        return None;
    }
    // A mistyped button number ("9", "0").
    if k.len() <= 3 && k.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Short::Filler);
    }
    TABLE
        .iter()
        .find(|(_, words)| words.contains(&k.as_str()))
        .map(|(meaning, _)| *meaning)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_typed_instead_of_pressed_are_recognised() {
        for (text, want) in [
            ("对", Short::Yes),
            ("好的！", Short::Yes),
            ("提交", Short::Yes),
            ("Yes.", Short::Yes),
            ("不对", Short::No),
            ("匿名", Short::Anonymous),
            ("匿名吧", Short::Anonymous),
            ("Anonymous", Short::Anonymous),
            ("实名", Short::Named),
            ("跳过", Short::Skip),
            ("没有", Short::Skip),
            ("好了", Short::Done),
            ("That's all", Short::Done),
            ("取消", Short::Cancel),
            ("合并", Short::Merge),
            ("新的", Short::New),
            ("9", Short::Filler),
            ("0", Short::Filler),
            ("ok", Short::Filler),
            ("嗯", Short::Filler),
            ("？？", Short::Filler),
            ("👍", Short::Filler),
            ("\u{200B}", Short::Filler),
            ("你好", Short::Greeting),
            ("Hello!", Short::Greeting),
            ("在吗？", Short::Greeting),
            ("谢谢", Short::Thanks),
            ("thank you", Short::Thanks),
            ("怎么投诉啊？", Short::HowTo),
            ("How do I complain?", Short::HowTo),
        ] {
            assert_eq!(short_reply(text), Some(want), "{text}");
        }
    }

    #[test]
    fn real_text_is_not_a_short_reply() {
        for text in [
            "审批局超期两个月还没批",
            "对面的审批窗口让我来回跑了五趟",
            "The district still owes us 2 million",
            "2026",
            "罚款",
            "不对，应该是财政局的问题，他们一直拖着不付款",
        ] {
            assert_eq!(short_reply(text), None, "{text}");
        }
    }
}
