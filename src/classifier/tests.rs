//! The classifier with the embedded rules and examples: what DESIGN.md promises of it.

use super::*;
use crate::domain::Category::*;

fn classifier() -> &'static Classifier {
    static C: std::sync::OnceLock<Classifier> = std::sync::OnceLock::new();
    C.get_or_init(|| Classifier::load(Option::None).expect("embedded rules and examples load"))
}

#[test]
fn design_conflict_examples() {
    let c = classifier().classify("审批局窗口的人暗示给一千块加急费才给办");
    assert_eq!(
        (c.category, c.department.as_deref()),
        (Approval, Some("shenpi"))
    );
    assert!(c.conflict_of_interest);
    assert_eq!(c.handler.as_deref(), Some(SUPERVISORS));

    let c = classifier().classify("财政局的人说结算款要先给他3%好处费");
    assert_eq!(
        (c.category, c.department.as_deref()),
        (Credit, Some("caizheng"))
    );
    assert!(c.conflict_of_interest);
    assert_eq!(c.handler.as_deref(), Some(SUPERVISORS));
}

#[test]
fn design_non_conflict_examples() {
    let c = classifier().classify("审批局超期两个月还没批，窗口态度很差");
    assert_eq!(
        (c.category, c.department.as_deref()),
        (Approval, Some("shenpi"))
    );
    assert!(
        !c.conflict_of_interest,
        "an ordinary service complaint stays with the department"
    );
    assert_eq!(c.handler.as_deref(), Some("shenpi"));

    let c = classifier().classify("城管罚款时暗示要表示表示");
    assert_eq!(
        (c.category, c.department.as_deref()),
        (Enforcement, Some("sifa"))
    );
    assert!(!c.conflict_of_interest, "the accused is 城管, not 司法局");
}

#[test]
fn misconduct_in_the_bureau_itself_goes_to_the_leadership() {
    let c = classifier()
        .classify("营商局的工作人员跟我们要好处费，不给就不帮我们协调，还威胁说以后有事别找他们");
    assert_eq!(c.department.as_deref(), Some("yingshang"), "{c:?}");
    assert!(c.conflict_of_interest);
    assert_eq!(c.handler.as_deref(), Some(LEADERSHIP));
}

#[test]
fn out_of_scope_messages_are_recognised_with_their_kind() {
    for (text, kind) in [
        ("你好，请问有人在吗", OutOfScope::Greeting),
        ("老板拖欠我三个月工资，去哪告他", OutOfScope::Wages),
        ("楼上邻居天天半夜装修，吵得睡不着", OutOfScope::Neighbour),
        (
            "代办营业执照、代理记账，价格优惠，微信同号138-0000-1111",
            OutOfScope::Spam,
        ),
    ] {
        let c = classifier().classify(text);
        assert_eq!(c.category, None, "{text}: {c:?}");
        assert_eq!(c.out_of_scope, Some(kind), "{text}");
        assert_eq!((c.department, c.handler), (Option::None, Option::None));
        assert!(!c.conflict_of_interest);
    }
}

#[test]
fn keyword_routes_beat_the_category_default() {
    for (text, category, department) in [
        (
            "健身房办的年卡还剩五千，老板跑路了，电话打不通",
            Supervision,
            "shangwu",
        ),
        ("房产中介收了两万定金，现在说不退", Intermediary, "zhujian"),
        (
            "街道的门市房今年租金一下涨了百分之四十，也不提前说",
            Competition,
            "jiedao",
        ),
        (
            "诊所的执业许可证延续申请交了四个月还没批下来",
            Approval,
            "weijian",
        ),
    ] {
        let c = classifier().classify(text);
        assert_eq!(
            (c.category, c.department.as_deref()),
            (category, Some(department)),
            "{text}: {c:?}"
        );
        assert_eq!(c.handler.as_deref(), Some(department));
    }
}

#[test]
fn english_complaints_are_classified() {
    let c = classifier().classify(
        "We finished the road works for the district government two years ago and still have not been paid.",
    );
    assert_eq!(c.category, Credit, "{c:?}");
    assert_eq!(c.department.as_deref(), Some("caizheng"));
    let c = classifier().classify("Hello, is anybody there?");
    assert_eq!(c.category, None);
}

#[test]
fn candidates_rank_every_label_and_sum_to_one() {
    let c = classifier().classify("审批超期三个月，来回跑了五趟");
    assert_eq!(c.candidates.len(), 8);
    assert_eq!(c.candidates[0], (c.category, c.confidence));
    assert!(c.candidates.windows(2).all(|w| w[0].1 >= w[1].1));
    let sum: f64 = c.candidates.iter().map(|(_, s)| s).sum();
    assert!((sum - 1.0).abs() < 1e-9);
    assert!((0.0..=1.0).contains(&c.confidence));
    assert!(!c.matched.is_empty(), "the reason is shown");
}

#[test]
fn a_chosen_category_is_routed_too() {
    let text = "街道的门市房租金涨了一倍";
    let r = classifier().route(text, Competition);
    assert_eq!(r.department.as_deref(), Some("jiedao"));
    assert_eq!(r.matched, ["街道"], "the route term, as written");
    let r = classifier().route(text, Credit);
    assert_eq!(
        r.department.as_deref(),
        Some("caizheng"),
        "routes apply only in their categories"
    );
    assert_eq!(classifier().route(text, None).department, Option::None);
}

#[test]
fn an_override_file_changes_terms_and_routes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("override.toml");
    std::fs::write(
        &path,
        r#"
        [categories.credit.terms]
        "垫资款" = 9
        [[routes]]
        department = "zhujian"
        categories = ["credit"]
        terms = ["保障房"]
        "#,
    )
    .unwrap();
    let c = Classifier::load(Some(&path)).unwrap();
    let got = c.classify("保障房项目的垫资款到现在没结");
    assert_eq!(got.category, Credit);
    assert_eq!(
        got.department.as_deref(),
        Some("zhujian"),
        "the override's route is tried first"
    );
    assert!(got.matched.iter().any(|m| m == "垫资款"));

    std::fs::write(&path, "[categories.credit]\nweight = 1").unwrap();
    assert!(
        Classifier::load(Some(&path)).is_err(),
        "a broken override is refused, not ignored"
    );
    assert!(Classifier::load(Some(&dir.path().join("missing.toml"))).is_err());
}

#[test]
fn the_reason_quotes_whole_words_as_written() {
    for (text, want) in [
        ("审批超期三个月，来回跑了五趟", &["来回跑了五趟", "审批超期"][..]),
        (
            "办个卫生许可证，前前后后跑了七趟，每次都说缺材料",
            &["卫生许可证", "材料", "跑了七趟"],
        ),
        (
            "审批局窗口的人暗示给一千块加急费才给办，不要再转给审批局",
            &["加急费才给办", "审批局窗口", "暗示", "不要再转给"],
        ),
        (
            "Our business licence renewal has been pending since March; the licensing office just keeps asking for new documents.",
            &["pending", "licence", "documents"],
        ),
        (
            "The Finance Bureau WON'T PAY the 2023 invoices and nobody answers.",
            &["Finance Bureau WON'T PAY", "invoices"],
        ),
        (
            "The Sub-District office doubled the rent of our shop.",
            &["doubled the rent", "Sub-District"],
        ),
        (
            "The approval window clerk hinted that a \"rush fee\" of 2000 would speed things up. Don't send this to the approval bureau.",
            &["approval window clerk hinted", "rush fee", "Don't send this to", "approval bureau"],
        ),
    ] {
        assert_eq!(classifier().classify(text).matched, want, "{text}");
    }
}

#[test]
fn every_reason_is_whole_words_from_the_text() {
    let examples = parse_examples(DEFAULT_EXAMPLES).unwrap();
    for ex in &examples {
        let c = classifier().classify(&ex.text);
        assert!(c.matched.len() <= 5, "{:?}: {:?}", ex.text, c.matched);
        let flat: String = ex.text.split_whitespace().collect::<Vec<_>>().join(" ");
        for (i, m) in c.matched.iter().enumerate() {
            assert!(m.chars().count() >= 2, "{:?}: {m:?}", ex.text);
            assert!(
                !c.matched[..i].contains(m),
                "{:?}: {:?}",
                ex.text,
                c.matched
            );
            let at = flat
                .find(m.as_str())
                .unwrap_or_else(|| panic!("{m:?} not in {flat:?}"));
            let before = flat[..at].chars().next_back();
            let after = flat[at + m.len()..].chars().next();
            let latin =
                |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() && !normalize::is_cjk(c));
            let cuts_before = latin(before) && latin(m.chars().next());
            let cuts_after = latin(after) && latin(m.chars().next_back());
            assert!(!cuts_before && !cuts_after, "{m:?} cuts a word in {flat:?}");
        }
    }
}

/// The advice given for an out-of-scope message depends on its kind: a shop → 12315, a private
/// debt → mediation or court, a private landlord → mediation, court or the housing hotline, "how
/// do I complain" → a consultation. The same words about a government body stay complaints.
#[test]
fn out_of_scope_kinds_fit_the_message() {
    use OutOfScope::*;
    for (text, category, kind) in [
        (
            "在小区超市买的火腿肠过期了，去找老板他不给退钱",
            None,
            Some(Consumer),
        ),
        (
            "网上买的电饭煲用了两天就坏了，卖家不给换",
            None,
            Some(Consumer),
        ),
        ("外卖骑手把汤洒了一半，还冲我发火", None, Some(Consumer)),
        (
            "The corner shop sold me mouldy bread and won't refund it.",
            None,
            Some(Consumer),
        ),
        (
            "My gym closed without notice and the manager won't refund the months I paid for.",
            None,
            Some(Consumer),
        ),
        (
            "A delivery rider dropped my order and then shouted at me.",
            None,
            Some(Consumer),
        ),
        (
            "老乡借了我三万块钱做生意，现在电话都不接",
            None,
            Some(PrivateDebt),
        ),
        (
            "邻居借了我五千块，说好月底还，到现在都没还",
            None,
            Some(PrivateDebt),
        ),
        (
            "My neighbour borrowed 5,000 yuan and won't pay me back.",
            None,
            Some(PrivateDebt),
        ),
        (
            "A friend owes me 12,000 and has blocked me.",
            None,
            Some(PrivateDebt),
        ),
        ("房东不肯退押金，说地板有划痕", None, Some(Landlord)),
        (
            "个人房东说下个月房租要涨五百，不租就搬",
            None,
            Some(Landlord),
        ),
        (
            "My landlord won't give back my deposit.",
            None,
            Some(Landlord),
        ),
        (
            "Our private landlord wants 30% more rent from January.",
            None,
            Some(Landlord),
        ),
        ("怎么投诉啊？", None, Some(Consultation)),
        ("请问在这里怎么投诉", None, Some(Consultation)),
        ("how do I complain?", None, Some(Consultation)),
        ("Where can I complain?", None, Some(Consultation)),
        (
            "市场监管局不管这家卖过期奶的超市",
            Supervision,
            Option::None,
        ),
        (
            "The market supervision bureau ignores the supermarket that sells expired milk.",
            Supervision,
            Option::None,
        ),
        ("街道办的门市房涨租", Competition, Option::None),
        (
            "The sub-district office raised the rent on the shop we lease from them.",
            Competition,
            Option::None,
        ),
        ("区里的国企房东一下涨了四成租金", Competition, Option::None),
        ("区政府欠我们的钱一直不还", Credit, Option::None),
    ] {
        let c = classifier().classify(text);
        assert_eq!(
            (c.category, c.out_of_scope),
            (category, kind),
            "{text}: {c:?}"
        );
    }
}
