//! The domain core: no I/O, no clock, no database. Everything here is plain data and pure
//! functions, tested on its own.

pub mod calendar;
pub mod category;
pub mod deadlines;
pub mod lifecycle;
pub mod limits;
pub mod people;
pub mod privacy;
pub mod reply;
pub mod similarity;
pub mod stats;
pub mod text;
pub mod tracking;

pub use calendar::{Calendar, Day, DayKind, Due, Notice, NoticeError};
pub use category::Category;
pub use lifecycle::{
    transition, Action, Actor, EventKind, Facts, Invalid, Outcome, Rating, Status, TransitionError,
};
pub use people::{Principal, Role};
pub use tracking::TrackingNo;
