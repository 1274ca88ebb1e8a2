use serde::{Deserialize, Serialize};

use super::Origin;

/// A shared list (`content/lists/<id>.yaml`): 施設の種類, 職種 … Written once,
/// shown as a 別表 in the handbook and offered as the choices of form fields.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct List {
    /// The file name without `.yaml`; not written in the file.
    #[serde(skip_deserializing)]
    pub id: String,
    /// 施設の種類
    pub title: String,
    /// 別表1: how the handbook refers to the table.
    #[serde(default)]
    pub caption: String,
    #[serde(default)]
    pub description: String,
    /// Column heading for the entries in printed tables (施設名); defaults
    /// to the title.
    #[serde(default)]
    pub entry_label: String,
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

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ListEntry {
    /// Stable ASCII id (`nurse`), used in form field values.
    pub id: String,
    /// 看護師
    pub label: String,
    /// A number as printed in the source table (１, ２ …), if it has one.
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub note: String,
}
