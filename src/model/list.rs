use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Origin;

/// 共有のリスト（content/lists/<リストのid>.yaml）：施設の種類、職種 など。一度書くと、手引きの別表と様式の選択肢の両方に使われます。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct List {
    /// The file name without `.yaml`; not written in the file.
    #[serde(skip_deserializing)]
    pub id: String,
    /// リストの名前（例: 施設の種類）。
    pub title: String,
    /// 手引きでの呼び方（例: 別表1）。表の題名の前に出ます。
    #[serde(default)]
    pub caption: String,
    /// リストの説明。
    #[serde(default)]
    pub description: String,
    /// 表の見出し（例: 施設名）。書かなければ title。
    #[serde(default)]
    pub entry_label: String,
    /// リストの項目。書いた順に並びます。
    pub entries: Vec<ListEntry>,
    #[serde(skip)]
    pub origin: Origin,
}

impl List {
    pub fn entry_label(&self) -> &str {
        if self.entry_label.is_empty() {
            &self.title
        } else {
            &self.entry_label
        }
    }
}

/// リストの項目。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListEntry {
    /// 項目の id（半角英小文字、例: nurse）。
    pub id: String,
    /// 項目の名前（例: 看護師）。様式の選択肢にもこのまま出ます。
    pub label: String,
    /// 元の表の番号（１、２ …）。書かなければ 1 から順に付けます。
    #[serde(default)]
    pub number: String,
    /// 補足（例: 准看護師を含む）。
    #[serde(default)]
    pub note: String,
}
