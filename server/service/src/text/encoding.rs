//! Which unit a `Position::character` counts, and how the server and client agree on it.

/// The unit of `Position::character`, agreed with the client at initialisation
/// (LSP 3.17 `general.positionEncodings` / `capabilities.positionEncoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PositionEncoding {
    /// Bytes of UTF-8: our native unit, so conversions are cheapest.
    Utf8,
    /// UTF-16 code units: the LSP default, which every client supports.
    Utf16,
    /// Unicode code points (scalar values).
    Utf32,
}

impl PositionEncoding {
    /// The name LSP uses for this encoding (`"utf-8"`, `"utf-16"`, `"utf-32"`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Utf8 => "utf-8",
            Self::Utf16 => "utf-16",
            Self::Utf32 => "utf-32",
        }
    }

    /// The encoding LSP calls `name`, if it is one we know.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "utf-8" => Some(Self::Utf8),
            "utf-16" => Some(Self::Utf16),
            "utf-32" => Some(Self::Utf32),
            _ => None,
        }
    }
}

/// Chooses the encoding for a session from the client's offers: UTF-8 when offered (no
/// conversion work for us), otherwise UTF-16, which LSP requires every client to support
/// (so it is also the answer when the client offers nothing).
pub fn negotiate(client_offers: &[PositionEncoding]) -> PositionEncoding {
    if client_offers.contains(&PositionEncoding::Utf8) {
        PositionEncoding::Utf8
    } else {
        PositionEncoding::Utf16
    }
}

#[cfg(test)]
mod tests {
    use super::PositionEncoding::{Utf8, Utf16, Utf32};
    use super::*;

    #[test]
    fn negotiate_prefers_utf8_and_falls_back_to_utf16() {
        let cases: &[(&[PositionEncoding], PositionEncoding)] = &[
            (&[], Utf16),
            (&[Utf16], Utf16),
            (&[Utf32], Utf16),
            (&[Utf16, Utf8], Utf8),
            (&[Utf32, Utf16, Utf8], Utf8),
            (&[Utf8], Utf8),
        ];
        for (offers, expected) in cases {
            assert_eq!(negotiate(offers), *expected, "offers {offers:?}");
        }
    }

    #[test]
    fn names_round_trip_and_unknown_names_are_none() {
        for encoding in [Utf8, Utf16, Utf32] {
            assert_eq!(PositionEncoding::from_name(encoding.name()), Some(encoding));
        }
        assert_eq!(PositionEncoding::from_name("utf-7"), None);
        assert_eq!(PositionEncoding::from_name("UTF-8"), None);
    }
}
