//! Where interpreter guests come from: embedded at build time, or a file named by an
//! environment variable (for developing a guest, or for packagers).

use std::borrow::Cow;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/guests.rs"));
}

/// A built-in interpreter guest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Guest {
    /// Name used in logs and in the compiled-code cache.
    pub name: &'static str,
    /// Environment variable that overrides the embedded bytes with a file.
    pub env_override: &'static str,
    embedded: Option<&'static [u8]>,
}

pub const PYTHON: Guest = Guest {
    name: "python",
    env_override: "CODEMODE_PYTHON_GUEST",
    embedded: embedded::PYTHON,
};

pub const QUICKJS: Guest = Guest {
    name: "quickjs",
    env_override: "CODEMODE_JS_GUEST",
    embedded: embedded::QUICKJS,
};

impl Guest {
    /// The guest's bytes, from the override file if set, else embedded.
    pub fn bytes(&self) -> Result<Cow<'static, [u8]>, String> {
        if let Some(path) = std::env::var_os(self.env_override) {
            return std::fs::read(&path).map(Cow::Owned).map_err(|e| {
                format!(
                    "cannot read the {} guest from {} (set by {}): {e}",
                    self.name,
                    std::path::Path::new(&path).display(),
                    self.env_override
                )
            });
        }
        self.embedded.map(Cow::Borrowed).ok_or_else(|| {
            format!(
                "the {} runtime was not built into this binary: run `scripts/build-guests` and rebuild, or point {} at a built guest",
                self.name, self.env_override
            )
        })
    }

    /// Where the bytes come from, for `codemode doctor`.
    pub fn source(&self) -> String {
        match std::env::var_os(self.env_override) {
            Some(path) => format!(
                "{} (from {})",
                std::path::Path::new(&path).display(),
                self.env_override
            ),
            None if self.embedded.is_some() => "embedded".to_owned(),
            None => "not built".to_owned(),
        }
    }
}
