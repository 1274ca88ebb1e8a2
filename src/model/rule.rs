use serde::{Deserialize, Serialize};

/// One rule: a sentence as the region published it, filed under a topic.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id within the region (`password-length`), used by pages.
    pub id: String,
    /// A topic id from `content/topics.yaml`.
    pub topic: String,
    /// The sentence as published (inline Markdown allowed).
    pub text: String,
    #[serde(default)]
    pub password: Option<PasswordRule>,
    #[serde(default)]
    pub hours: Option<HoursRule>,
    #[serde(default)]
    pub group_creators: Option<GroupCreatorsRule>,
    #[serde(default)]
    pub consent_copies: Option<ConsentCopiesRule>,
    #[serde(default)]
    pub group_end: Option<GroupEndRule>,
    #[serde(default)]
    pub photo: Option<PhotoRule>,
}

/// The kinds of typed value a rule can carry, named as in the YAML.
pub const VALUE_KINDS: [&str; 6] = [
    "password",
    "hours",
    "group_creators",
    "consent_copies",
    "group_end",
    "photo",
];

impl Rule {
    /// Names of the typed values this rule carries.
    pub fn value_kinds(&self) -> Vec<&'static str> {
        let present = [
            self.password.is_some(),
            self.hours.is_some(),
            self.group_creators.is_some(),
            self.consent_copies.is_some(),
            self.group_end.is_some(),
            self.photo.is_some(),
        ];
        VALUE_KINDS
            .iter()
            .zip(present)
            .filter_map(|(k, p)| p.then_some(*k))
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CharClass {
    Lower,
    Upper,
    Letters,
    Digits,
    Symbols,
}

impl CharClass {
    pub fn label(self) -> &'static str {
        match self {
            CharClass::Lower => "英小文字",
            CharClass::Upper => "英大文字",
            CharClass::Letters => "英字",
            CharClass::Digits => "数字",
            CharClass::Symbols => "記号",
        }
    }
}

/// How often a password must be changed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum Rotation {
    /// Every N months; `approx` when the source says 程度.
    Months {
        every: u32,
        #[serde(default)]
        approx: bool,
    },
    /// Explicitly not required (NIST SP800-63B).
    None {
        #[serde(default)]
        reason: String,
    },
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordRule {
    #[serde(default)]
    pub min_length: Option<u32>,
    #[serde(default)]
    pub classes: Vec<CharClass>,
    #[serde(default, with = "serde_yaml::with::singleton_map_recursive")]
    pub rotation: Option<Rotation>,
}

/// A time window: posting forbidden 21:00–08:00, free groups 06:00–22:00 …
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HoursRule {
    /// What the window is for: 投稿, 自由グループの利用 …
    pub applies_to: String,
    /// `allowed` (use only inside) or `forbidden` (no use inside).
    pub window: HoursWindow,
    /// "21:00"
    pub from: String,
    /// "08:00"
    pub to: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HoursWindow {
    Allowed,
    Forbidden,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GroupCreatorsRule {
    /// Who may create a patient group, as the source names them.
    pub who: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentCopiesRule {
    pub copies: u32,
    /// Who keeps them: 連携元事業所, 本人または家族 …
    #[serde(default)]
    pub kept_by: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupEndAction {
    Archive,
    Delete,
    Vault,
}

impl GroupEndAction {
    pub fn label(self) -> &'static str {
        match self {
            GroupEndAction::Archive => "アーカイブ",
            GroupEndAction::Delete => "削除",
            GroupEndAction::Vault => "保管庫へ移動",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GroupEndRule {
    pub action: GroupEndAction,
    /// Who does it, if the source says.
    #[serde(default)]
    pub by: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PhotoRule {
    /// Consent needed each time a photo is posted.
    pub consent_each_time: bool,
}

/// `content/topics.yaml`: the shared vocabulary of rule topics.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Topics {
    pub topics: Vec<Topic>,
    #[serde(skip)]
    pub origin: super::Origin,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// `password`
    pub id: String,
    /// パスワード
    pub label: String,
    #[serde(default)]
    pub description: String,
    /// Typed values rules of this topic may carry (names from VALUE_KINDS).
    #[serde(default)]
    pub values: Vec<String>,
}

impl Topics {
    pub fn get(&self, id: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }
}
