//! Default time limits, in working days, as DESIGN.md sets them; the working-day calendar
//! (`domain::calendar`) turns them into moments.
use super::Category;

/// 回访: working days the complainant has to rate an answer; then it is closed.
pub const RATING_DAYS: u32 = 3;

/// The time limits that apply to a complaint of one category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// 签收: working days from dispatch to acceptance.
    pub accept_days: u32,
    /// 退单: a department may return a complaint only within this many working days.
    pub return_days: u32,
    /// 办结: working days from dispatch to the answer.
    pub resolve_days: u32,
    /// 回访: working days the complainant has to rate an answer.
    pub rating_days: u32,
    /// 延期: the most working days one extension may add.
    pub extension_max_days: u32,
}

/// The defaults: accept within 1, return within 2, resolve within 15 working days (7 for approval
/// delays, where the delay itself is the complaint).
pub fn default_limits(category: Category) -> Limits {
    Limits {
        accept_days: 1,
        return_days: 2,
        resolve_days: if category == Category::Approval {
            7
        } else {
            15
        },
        rating_days: RATING_DAYS,
        extension_max_days: 15,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approval_delays_are_resolved_faster() {
        assert_eq!(default_limits(Category::Approval).resolve_days, 7);
        assert_eq!(default_limits(Category::Credit).resolve_days, 15);
        assert_eq!(default_limits(Category::Credit).accept_days, 1);
    }
}
