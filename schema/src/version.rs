//! Interface versions (`"9.2"`, `"2.4.1"`): parsing, ordering, and counting
//! releases under a schema's policy.

use std::fmt;

/// A `MAJOR.MINOR[.MICRO]` version, compared numerically.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Version {
    /// Major number.
    pub major: u32,
    /// Minor number.
    pub minor: u32,
    /// Micro number, if written.
    pub micro: Option<u32>,
}

impl Version {
    /// Parses `MAJOR.MINOR` or `MAJOR.MINOR.MICRO`.
    #[must_use]
    pub fn parse(text: &str) -> Option<Version> {
        let mut parts = text.split('.');
        let number = |part: Option<&str>| -> Option<u32> {
            let part = part?;
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) || (part.len() > 1 && part.starts_with('0')) {
                return None;
            }
            part.parse().ok()
        };
        let major = number(parts.next())?;
        let minor = number(parts.next())?;
        let micro = match parts.next() {
            None => None,
            some => Some(number(some)?),
        };
        if parts.next().is_some() {
            return None;
        }
        Some(Version { major, minor, micro })
    }

    /// The release that comes `count` releases after this one. With
    /// `minors_per_major` (QEMU: 3), `6.2` plus one is `7.0`; without it every
    /// minor step is a release.
    #[must_use]
    pub fn plus_releases(self, count: u32, minors_per_major: Option<u32>) -> Version {
        match minors_per_major {
            Some(per_major) if per_major > 0 => {
                let index = u64::from(self.major) * u64::from(per_major) + u64::from(self.minor.min(per_major - 1)) + u64::from(count);
                let major = u32::try_from(index / u64::from(per_major)).unwrap_or(u32::MAX);
                let minor = u32::try_from(index % u64::from(per_major)).unwrap_or(0);
                Version { major, minor, micro: None }
            }
            _ => Version { major: self.major, minor: self.minor.saturating_add(count), micro: None },
        }
    }

    /// Number of releases from `self` to `later` (0 when `later` is not
    /// later). `None` when it cannot be known: without `minors_per_major`
    /// the number of minor releases before a new major is not recorded.
    #[must_use]
    pub fn releases_until(self, later: Version, minors_per_major: Option<u32>) -> Option<u32> {
        let index = |v: Version, per_major: u32| u64::from(v.major) * u64::from(per_major) + u64::from(v.minor.min(per_major - 1));
        match minors_per_major {
            Some(per_major) if per_major > 0 => {
                let count = index(later, per_major).saturating_sub(index(self, per_major));
                Some(u32::try_from(count).unwrap_or(u32::MAX))
            }
            _ if later.major == self.major => Some(later.minor.saturating_sub(self.minor)),
            _ if later.major < self.major => Some(0),
            _ => None,
        }
    }

    /// Ordering that ignores a missing micro number (`9.1` equals `9.1.0`).
    #[must_use]
    pub fn key(self) -> (u32, u32, u32) {
        (self.major, self.minor, self.micro.unwrap_or(0))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.micro {
            Some(micro) => write!(f, "{}.{}.{}", self.major, self.minor, micro),
            None => write!(f, "{}.{}", self.major, self.minor),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).expect("valid version")
    }

    #[test]
    fn parses_and_orders_numerically() {
        assert!(v("9.10") > v("9.2"));
        assert_eq!(v("2.4.1").to_string(), "2.4.1");
        assert!(Version::parse("9").is_none());
        assert!(Version::parse("9.x").is_none());
        assert!(Version::parse("09.1").is_none());
        assert!(Version::parse("1.2.3.4").is_none());
    }

    #[test]
    fn counts_releases_with_qemu_policy() {
        assert_eq!(v("6.2").plus_releases(1, Some(3)), v("7.0"));
        assert_eq!(v("6.2").plus_releases(2, Some(3)), v("7.1"));
        assert_eq!(v("6.2").plus_releases(2, None), v("6.4"));
        assert_eq!(v("6.2").releases_until(v("9.1"), Some(3)), Some(8));
        assert_eq!(v("6.2").releases_until(v("6.5"), None), Some(3));
        assert_eq!(v("6.2").releases_until(v("6.1"), None), Some(0));
        // Without minors-per-major, the minors before 7.0 are unknown.
        assert_eq!(v("6.2").releases_until(v("7.0"), None), None);
    }
}
