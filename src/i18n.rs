//! The site's language for messages and UI strings: Chinese by default.

use serde::{Deserialize, Serialize};

/// The language clerks read messages in, from `site.yaml`'s `language`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    /// 简体中文 (`zh-CN`, the default).
    #[default]
    Zh,
    /// English (`en`).
    En,
}

impl Lang {
    /// Reads `site.yaml`'s `language` value; anything starting `en` is English.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("en") { Lang::En } else { Lang::Zh }
    }
    /// Picks the text for this language.
    pub fn t(self, zh: impl Into<String>, en: impl Into<String>) -> String {
        match self {
            Lang::Zh => zh.into(),
            Lang::En => en.into(),
        }
    }
}
