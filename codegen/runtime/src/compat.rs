//! QEMU's `-compat` policy: whether deprecated and unstable interfaces may
//! be used, decided per message the way QEMU's generated senders and
//! dispatchers do.

use std::fmt;
use std::str::FromStr;

use crate::command::Command;
use crate::event::EventMessage;
use crate::meta::SpecialFeatures;

/// What to do with output (events) that carries a special feature.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum OutputPolicy {
    /// Send it.
    #[default]
    Accept,
    /// Don't send it (QEMU's generated event sender returns early).
    Hide,
}

/// What to do with input (commands) that carries a special feature.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum InputPolicy {
    /// Run it.
    #[default]
    Accept,
    /// Refuse it with an error.
    Reject,
    /// Refuse it; QEMU aborts the process (left to the caller here).
    Crash,
}

/// The four `-compat` knobs; the default accepts everything, as QEMU does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CompatPolicy {
    /// `deprecated-input`.
    pub deprecated_input: InputPolicy,
    /// `deprecated-output`.
    pub deprecated_output: OutputPolicy,
    /// `unstable-input`.
    pub unstable_input: InputPolicy,
    /// `unstable-output`.
    pub unstable_output: OutputPolicy,
}

impl CompatPolicy {
    /// Whether an event with these special features may be sent.
    #[must_use]
    pub fn permits_output(&self, features: SpecialFeatures) -> bool {
        !(features.deprecated && self.deprecated_output == OutputPolicy::Hide || features.unstable && self.unstable_output == OutputPolicy::Hide)
    }

    /// Whether this event message may be sent; a sender drops it otherwise.
    #[must_use]
    pub fn permits(&self, message: &impl EventMessage) -> bool {
        self.permits_output(message.special_features())
    }

    /// Whether command `C` may run.
    ///
    /// # Errors
    /// A [`PolicyError`] naming the command and the policy that refuses it;
    /// [`PolicyError::crash`] tells whether QEMU would abort instead.
    pub fn check_command<C: Command>(&self) -> Result<(), PolicyError> {
        let features = C::special_features();
        for (applies, policy, what) in [(features.deprecated, self.deprecated_input, "deprecated"), (features.unstable, self.unstable_input, "unstable")] {
            if applies && policy != InputPolicy::Accept {
                return Err(PolicyError { command: C::NAME, what, crash: policy == InputPolicy::Crash });
            }
        }
        Ok(())
    }
}

/// A command refused by the policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PolicyError {
    command: &'static str,
    what: &'static str,
    crash: bool,
}

impl PolicyError {
    /// Whether the policy was `crash` (QEMU aborts).
    #[must_use]
    pub fn crash(&self) -> bool {
        self.crash
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} command {} disabled by policy", if self.what == "deprecated" { "Deprecated" } else { "Unstable" }, self.command)
    }
}

impl std::error::Error for PolicyError {}

/// Parses QEMU's option text, e.g. `deprecated-input=reject,deprecated-output=hide`.
impl FromStr for CompatPolicy {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut policy = CompatPolicy::default();
        for part in text.split(',').filter(|p| !p.is_empty()) {
            let (key, value) = part.split_once('=').ok_or_else(|| format!("`{part}` is not KEY=VALUE"))?;
            let input = |value: &str| match value {
                "accept" => Ok(InputPolicy::Accept),
                "reject" => Ok(InputPolicy::Reject),
                "crash" => Ok(InputPolicy::Crash),
                _ => Err(format!("`{key}` takes accept, reject or crash, not `{value}`")),
            };
            let output = |value: &str| match value {
                "accept" => Ok(OutputPolicy::Accept),
                "hide" => Ok(OutputPolicy::Hide),
                _ => Err(format!("`{key}` takes accept or hide, not `{value}`")),
            };
            match key {
                "deprecated-input" => policy.deprecated_input = input(value)?,
                "deprecated-output" => policy.deprecated_output = output(value)?,
                "unstable-input" => policy.unstable_input = input(value)?,
                "unstable-output" => policy.unstable_output = output(value)?,
                _ => return Err(format!("unknown compat option `{key}`")),
            }
        }
        Ok(policy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_qemu_syntax() {
        let policy: CompatPolicy = "deprecated-input=reject,deprecated-output=hide".parse().expect("valid");
        assert_eq!(policy.deprecated_input, InputPolicy::Reject);
        assert_eq!(policy.deprecated_output, OutputPolicy::Hide);
        assert_eq!(policy.unstable_output, OutputPolicy::Accept);
        assert!("deprecated-output=reject".parse::<CompatPolicy>().is_err());
        assert!("nonsense=1".parse::<CompatPolicy>().is_err());
    }

    #[test]
    fn hides_per_message() {
        let hide: CompatPolicy = "deprecated-output=hide".parse().expect("valid");
        assert!(!hide.permits_output(SpecialFeatures { deprecated: true, unstable: false }));
        assert!(hide.permits_output(SpecialFeatures { deprecated: false, unstable: true }));
        assert!(CompatPolicy::default().permits_output(SpecialFeatures { deprecated: true, unstable: true }));
    }
}
