use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// 規則の一つ：手引きに書かれた文のまま、分類（topic）を付けて。数で比べられる値（パスワードの長さ、投稿できる時間など）は型の決まった値として添えます。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// 規則の id（半角英小文字、例: password-length）。ページからは {{ rule(id="password-length") }} で呼びます。
    pub id: String,
    /// 分類。content/topics.yaml にある id（例: password）。一つの文が二つ以上の分類に当たるときはリストで（例: [cost, application]）。
    pub topic: TopicList,
    /// 手引きに書かれた文のまま。**太字** などの Markdown を使えます。
    pub text: String,
    /// 規則を取ったページの場所（例: qa.md#問3、policy.md#第5条）。質疑応答集の答えから取った規則には、その問いを書いておくと、規則の表に問いへのリンクが付きます。
    #[serde(default)]
    pub source: String,
    /// パスワードの決まり（分類 password の規則に）。
    #[serde(default)]
    pub password: Option<PasswordRule>,
    /// 使える時間・使えない時間（分類 hours の規則に）。
    #[serde(default)]
    pub hours: Option<HoursRule>,
    /// 患者グループを作れる人（分類 group_creation の規則に）。
    #[serde(default)]
    pub group_creators: Option<GroupCreatorsRule>,
    /// 同意書の部数と保管する人（分類 consent の規則に）。
    #[serde(default)]
    pub consent_copies: Option<ConsentCopiesRule>,
    /// 患者グループの終わらせ方（分類 group_closure の規則に）。
    #[serde(default)]
    pub group_end: Option<GroupEndRule>,
    /// 写真の投稿の決まり（分類 photo の規則に）。
    #[serde(default)]
    pub photo: Option<PhotoRule>,
}

/// A rule's topics: `topic: password`, or `topic: [cost, application]` for a
/// sentence that rules on both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicList(pub Vec<String>);

impl TopicList {
    /// Whether the rule is filed under `topic`.
    pub fn has(&self, topic: &str) -> bool {
        self.0.iter().any(|t| t == topic)
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }

    /// The first topic, where one is wanted (a hint's example).
    pub fn first(&self) -> &str {
        self.0.first().map_or("", String::as_str)
    }
}

impl<'de> Deserialize<'de> for TopicList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum OneOrMany {
            One(String),
            Many(Vec<String>),
        }
        Ok(match OneOrMany::deserialize(d)? {
            OneOrMany::One(t) => TopicList(vec![t]),
            OneOrMany::Many(v) => TopicList(v),
        })
    }
}

impl Serialize for TopicList {
    /// One topic as a word, several as a list: as the author wrote it.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0[..] {
            [one] => s.serialize_str(one),
            many => many.serialize(s),
        }
    }
}

impl JsonSchema for TopicList {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TopicList".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "分類の id 一つ（例: password）か、そのリスト（例: [cost, application]）。",
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}, "minItems": 1}
            ]
        })
    }
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

/// パスワードに含める文字の種類。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CharClass {
    /// 英小文字
    Lower,
    /// 英大文字
    Upper,
    /// 英字（大文字・小文字を問わない）
    Letters,
    /// 数字
    Digits,
    /// 記号
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

/// パスワードを変える頻度。
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum Rotation {
    /// 何か月ごとに変える（例: {months: {every: 2, approx: true}} は「２ヶ月に１回程度」）。
    Months {
        /// 何か月ごとか。
        every: u32,
        /// 手引きが「程度」と書くときは true。
        #[serde(default)]
        approx: bool,
    },
    /// 定期的な変更は求めない（例: {none: {reason: 漏えいのおそれがない限り変更は不要}}）。
    None {
        /// 理由（手引きの言葉のまま）。
        #[serde(default)]
        reason: String,
    },
}

/// パスワードの決まり。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordRule {
    /// 最小の文字数。
    #[serde(default)]
    pub min_length: Option<u32>,
    /// 含める文字の種類: lower（英小文字）、upper（英大文字）、letters（英字）、digits（数字）、symbols（記号）。
    #[serde(default)]
    pub classes: Vec<CharClass>,
    /// 変える頻度: {months: {every: 2, approx: true}} か {none: {reason: …}}。
    #[serde(default, with = "serde_yaml::with::singleton_map_recursive")]
    #[schemars(with = "Option<Rotation>")]
    pub rotation: Option<Rotation>,
}

/// 時間帯の決まり（例: 21:00〜08:00 は投稿禁止、06:00〜22:00 だけ利用できる）。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HoursRule {
    /// 何についての時間帯か（例: 投稿）。
    pub applies_to: String,
    /// allowed（この時間だけ使える）か forbidden（この時間は使わない）。
    pub window: HoursWindow,
    /// 始まりの時刻。24時間制で、引用符で囲んで（例: "21:00"）。
    pub from: String,
    /// 終わりの時刻。24時間制で、引用符で囲んで（例: "08:00"）。
    pub to: String,
}

/// 時間帯の意味。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HoursWindow {
    /// この時間だけ使える
    Allowed,
    /// この時間は使わない
    Forbidden,
}

/// 患者グループを作れる人。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupCreatorsRule {
    /// 作れる人（手引きの言葉のまま、例: [主治医, ケアマネジャー]）。
    pub who: Vec<String>,
}

/// 同意書の部数と保管。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentCopiesRule {
    /// 作る部数。
    pub copies: u32,
    /// 保管する人（例: [連携元事業所, 本人または家族]）。
    #[serde(default)]
    pub kept_by: Vec<String>,
}

/// 患者グループを終えるときにすること。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GroupEndAction {
    /// アーカイブする
    Archive,
    /// 削除する
    Delete,
    /// 保管庫へ移す
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

/// 患者グループの終わらせ方。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupEndRule {
    /// archive（アーカイブ）、delete（削除）、vault（保管庫へ移す）。
    pub action: GroupEndAction,
    /// する人（手引きが書いていれば、例: 作成者）。
    #[serde(default)]
    pub by: String,
}

/// 写真の投稿の決まり。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PhotoRule {
    /// 投稿のたびに本人の同意が要るなら true。
    pub consent_each_time: bool,
}

/// 規則の分類の一覧（content/topics.yaml）。すべての地域が同じ分類を使うので、地域どうしを比べられます。
#[derive(Debug, Clone, Deserialize, Serialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Topics {
    /// 分類。書いた順に規則表と比較表に並びます。
    pub topics: Vec<Topic>,
    #[serde(skip)]
    pub origin: super::Origin,
}

/// 規則の分類の一つ。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// 分類の id（半角英小文字、例: password）。規則の topic に書きます。
    pub id: String,
    /// 分類の名前（例: パスワード）。
    pub label: String,
    /// 分類の説明。規則表に出ます。
    #[serde(default)]
    pub description: String,
    /// この分類の規則が持てる値の種類（password, hours, group_creators, consent_copies, group_end, photo）。
    #[serde(default)]
    pub values: Vec<String>,
}

impl Topics {
    pub fn get(&self, id: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }
}
