//! The server's greeting, `{"QMP": {"version": …, "capabilities": […]}}`,
//! typed but lossless: unknown members and capabilities are kept and
//! serialise back equal, so a newer server never breaks the handshake.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// The greeting a QMP server sends first, once per connection.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Greeting {
    /// The body of the `QMP` member.
    #[serde(rename = "QMP")]
    pub qmp: GreetingBody,
    /// Members next to `QMP` (none today), kept as they came.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Greeting {
    /// The server's version.
    #[must_use]
    pub fn version(&self) -> &Version {
        &self.qmp.version
    }

    /// The capabilities the server offers.
    #[must_use]
    pub fn capabilities(&self) -> &[Capability] {
        &self.qmp.capabilities
    }

    /// Whether the server offers `capability`.
    #[must_use]
    pub fn offers(&self, capability: &Capability) -> bool {
        self.qmp.capabilities.contains(capability)
    }
}

/// What the `QMP` member of the greeting holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GreetingBody {
    /// The server's version.
    pub version: Version,
    /// The capabilities the client may enable with `qmp_capabilities`.
    pub capabilities: Vec<Capability>,
    /// Members a newer server adds, kept as they came.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `{"qemu": {"major", "minor", "micro"}, "package"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Version {
    /// The numeric version.
    pub qemu: VersionTriple,
    /// The package or build name (often empty).
    pub package: String,
    /// Members a newer server adds, kept as they came.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `major.minor.micro`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct VersionTriple {
    /// Major version.
    pub major: u64,
    /// Minor version.
    pub minor: u64,
    /// Micro version.
    pub micro: u64,
}

impl std::fmt::Display for VersionTriple {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.micro)
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.qemu)?;
        if !self.package.is_empty() {
            write!(f, " ({})", self.package.trim())?;
        }
        Ok(())
    }
}

/// One capability of the greeting.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Capability {
    /// `"oob"`: out-of-band execution (`exec-oob`).
    Oob,
    /// A capability name this crate does not know.
    Other(String),
    /// A capability that is not even a string, kept as it came.
    Raw(Value),
}

impl Capability {
    /// The wire name, for the string forms.
    #[must_use]
    pub fn name(&self) -> Option<&str> {
        match self {
            Capability::Oob => Some("oob"),
            Capability::Other(name) => Some(name),
            Capability::Raw(_) => None,
        }
    }
}

impl Serialize for Capability {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Capability::Oob => serializer.serialize_str("oob"),
            Capability::Other(name) => serializer.serialize_str(name),
            Capability::Raw(value) => value.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Capability {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Value::deserialize(deserializer)? {
            Value::String(name) if name == "oob" => Capability::Oob,
            Value::String(name) => Capability::Other(name),
            other => Capability::Raw(other),
        })
    }
}
