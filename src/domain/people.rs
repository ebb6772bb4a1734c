//! Who people are to the bot: their role, their department, and the rights that follow.

use std::fmt;
use std::str::FromStr;

use super::Actor;

/// What a person does here. Everyone starts as a complainant; staff belong to one department;
/// supervisors (the business-environment bureau) see every queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Complainant,
    Staff,
    Supervisor,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Complainant, Role::Staff, Role::Supervisor];

    pub fn code(self) -> &'static str {
        match self {
            Role::Complainant => "complainant",
            Role::Staff => "staff",
            Role::Supervisor => "supervisor",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.code() == s)
            .ok_or_else(|| format!("unknown role {s:?}"))
    }
}

impl TryFrom<String> for Role {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

/// A person acting, with the rights the database gives them now (never what a button or a
/// command argument claims).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: i64,
    pub role: Role,
    /// The department of staff.
    pub department: Option<String>,
    /// A department's lead: staff who also receive chases and the department's figures.
    pub lead: bool,
    /// May manage the organisation (invites, bindings, staff).
    pub admin: bool,
}

impl Principal {
    /// Who this person is to the complaint life cycle.
    pub fn actor(&self) -> Actor {
        match (self.role, &self.department) {
            (Role::Staff, Some(department)) => Actor::Staff {
                user_id: self.user_id,
                department: department.clone(),
            },
            (Role::Supervisor, _) => Actor::Supervisor {
                user_id: self.user_id,
            },
            _ => Actor::Complainant {
                user_id: self.user_id,
            },
        }
    }

    /// Staff or supervisor: someone who works queues.
    pub fn works_queues(&self) -> bool {
        matches!(self.actor(), Actor::Staff { .. } | Actor::Supervisor { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(role: Role, department: Option<&str>) -> Principal {
        Principal {
            user_id: 7,
            role,
            department: department.map(str::to_owned),
            lead: false,
            admin: false,
        }
    }

    #[test]
    fn the_role_decides_the_actor() {
        assert_eq!(
            person(Role::Staff, Some("shenpi")).actor(),
            Actor::Staff {
                user_id: 7,
                department: "shenpi".into()
            }
        );
        assert_eq!(
            person(Role::Supervisor, None).actor(),
            Actor::Supervisor { user_id: 7 }
        );
        // Staff without a department (it was removed) act as nobody special.
        assert_eq!(
            person(Role::Staff, None).actor(),
            Actor::Complainant { user_id: 7 }
        );
        assert!(!person(Role::Complainant, None).works_queues());
        for r in Role::ALL {
            assert_eq!(r.code().parse::<Role>(), Ok(r));
        }
    }
}
